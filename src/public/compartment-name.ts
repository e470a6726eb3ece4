/**
 * Compartment names as people type them on a phone or into a form: "p20 07", "P2007", " P20-07 ",
 * "p20_07" all mean P20-07. Names are compared by their key (letters and digits, upper case), so a
 * missing or different separator never matters. Kept small and local to the public pages; the SMS
 * command parser has its own rules for texts.
 */

/** "p20 07" → "P2007": what two spellings of one name have in common. */
export const compartmentKey = (raw: string): string => raw.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** "p20 07" → "P20-07", "p20__07" → "P20-07": separators become one dash, letters upper case. */
export const normalizeCompartmentName = (raw: string): string =>
  raw
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The one of `names` that `raw` means: the exact spelling first, then the only name with the same
 * key; undefined when none or several (P2-007 and P20-07 both have key P2007) match.
 */
export function matchCompartmentName(raw: string, names: readonly string[]): string | undefined {
  const normalized = normalizeCompartmentName(raw);
  if (names.includes(normalized)) return normalized;
  const key = compartmentKey(raw);
  if (key === '') return undefined;
  const matches = names.filter((name) => compartmentKey(name) === key);
  return matches.length === 1 ? matches[0] : undefined;
}
