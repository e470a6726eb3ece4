/**
 * Where stations connect: `/ocpp/{chargeBoxId}`, or `/ocpp/{institutionSlug}/{chargeBoxId}` for a
 * station not yet known, which an institution that accepts unknown stations keeps as pending.
 */
export const OCPP_PATH_PREFIX = '/ocpp/';

export interface OcppEndpoint {
  chargeBoxId: string;
  institutionSlug: string | undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The endpoint a request path names, or undefined when it is no OCPP endpoint. */
export function parseOcppPath(url: string): OcppEndpoint | undefined {
  const path = url.split('?', 1)[0]!;
  if (!path.startsWith(OCPP_PATH_PREFIX)) return undefined;
  const segments = path.slice(OCPP_PATH_PREFIX.length).split('/');
  if (segments.length < 1 || segments.length > 2) return undefined;
  const decoded = segments.map(decode);
  if (decoded.some((s) => s === undefined || s === '')) return undefined;
  if (decoded.length === 1) return { chargeBoxId: decoded[0]!, institutionSlug: undefined };
  return { chargeBoxId: decoded[1]!, institutionSlug: decoded[0]! };
}
