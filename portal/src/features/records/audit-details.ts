/**
 * An audit entry's details as "key: value" pairs a person can read: nested values (a price change's
 * before and after) are written as compact JSON, long texts are kept whole (a reason matters).
 */
export function detailEntries(details: Record<string, unknown> | null): Array<[string, string]> {
  if (details === null) return [];
  return Object.entries(details).map(([key, value]) => [key, detailValue(value)]);
}

function detailValue(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `staff:1b2c…` with a name → the name; stations and the system by their label. */
export function actorText(actor: string, actorName: string | null): string {
  if (actorName !== null && actorName !== '') return actorName;
  return actor;
}
