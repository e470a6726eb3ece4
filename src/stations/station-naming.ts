/**
 * Names a station and its charge points are known by, as pure rules: the OCPP identity (charge
 * box id), the HTTP Basic password, and the public short names used in SMS, QR codes and labels.
 */

/**
 * OCPP 2.0.1 identifierString ("a-z A-Z 0-9 * - _ = + | @ ."), max 48 (the 1.6 JSON security
 * whitepaper has the same bound). No ':' because the identity is the HTTP Basic user name.
 */
export const CHARGE_BOX_ID_PATTERN = '^[A-Za-z0-9*\\-_=+|@.]{1,48}$';
const CHARGE_BOX_ID = new RegExp(CHARGE_BOX_ID_PATTERN);

export const isValidChargeBoxId = (id: string): boolean => CHARGE_BOX_ID.test(id);

/** OCPP 2.0.1 BasicAuthPassword: 16 to 40 characters (A00.FR.205); we also refuse whitespace and control characters. */
export const STATION_PASSWORD_MIN = 16;
export const STATION_PASSWORD_MAX = 40;
const PASSWORD = /^[\x21-\x7e]+$/;

export function stationPasswordProblem(password: string): string | undefined {
  if (password.length < STATION_PASSWORD_MIN || password.length > STATION_PASSWORD_MAX) {
    return `A station password has ${STATION_PASSWORD_MIN} to ${STATION_PASSWORD_MAX} characters`;
  }
  if (!PASSWORD.test(password)) return 'A station password has printable ASCII characters without spaces';
  return undefined;
}

/** Upper-case letters and digits in dash-separated parts, e.g. P20-07; at most 32 characters. */
export const SHORT_NAME_PATTERN = '^[A-Z0-9]+(?:-[A-Z0-9]+)*$';
export const SHORT_NAME_MAX = 32;
const SHORT_NAME = new RegExp(SHORT_NAME_PATTERN);

/** People type short names by hand ("p20-07", " P20-07 "): compare and store them upper case. */
export const normalizeShortName = (name: string): string => name.trim().toUpperCase();

export const isValidShortName = (name: string): boolean =>
  name.length <= SHORT_NAME_MAX && SHORT_NAME.test(name);

/** A short-name prefix derived from free text (a charge box id): invalid characters become dashes. */
export function shortNamePrefix(text: string): string {
  const cleaned = normalizeShortName(text)
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (cleaned === '' ? 'CP' : cleaned).slice(0, SHORT_NAME_MAX - 3).replace(/-+$/, '');
}

/** PREFIX-01, PREFIX-02, ... (two digits at least, so labels sort naturally). */
export function numberedShortNames(prefix: string, count: number, firstEvseId = 1): string[] {
  const base = shortNamePrefix(prefix);
  return Array.from({ length: count }, (_, i) => `${base}-${String(firstEvseId + i).padStart(2, '0')}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string): boolean => UUID.test(text);
