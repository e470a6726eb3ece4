/**
 * What an import of checked CSV rows would do, against what the institution already holds: which
 * users are created or changed, which cards created or changed, and every reason it cannot. Pure.
 *
 * Rows are one per card; rows of the same user (same e-mail, or same name when there is no e-mail)
 * must agree on the user's fields. A user is matched to an existing one by e-mail, else by name
 * among the users without e-mail.
 */
import type { CardInput, CsvProblem, UserCsvColumn, UserCsvEntry } from './users-csv.js';

export interface ImportLookups {
  /** Lower-cased names to ids. */
  groups: Map<string, string>;
  companies: Map<string, string>;
  strategies: Map<string, string>;
  users: { id: string; name: string; email: string | null }[];
  /** Existing cards of the institution by value. */
  cards: Map<string, { id: string; userId: string | null; companyId: string | null }>;
}

/** A user of the file as checked, with its names resolved to ids. */
export interface PlannedUser extends Pick<
  UserCsvEntry,
  'line' | 'name' | 'email' | 'phone' | 'locale' | 'street' | 'postalCode' | 'city' | 'country' | 'status'
> {
  existingId: string | null;
  /** undefined: column absent (keep); null: none. */
  groupId: string | null | undefined;
  companyId: string | null | undefined;
  strategyId: string | null | undefined;
  cards: (CardInput & { line: number; existingId: string | null })[];
}

const USER_FIELDS = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['locale', 'locale'],
  ['street', 'street'],
  ['postalCode', 'postal_code'],
  ['city', 'city'],
  ['country', 'country'],
  ['status', 'status'],
  ['group', 'group'],
  ['company', 'company'],
  ['strategy', 'strategy'],
] as const satisfies readonly (readonly [keyof UserCsvEntry, UserCsvColumn])[];

const userKey = (entry: UserCsvEntry) =>
  typeof entry.email === 'string' ? `email:${entry.email}` : `name:${entry.name.toLowerCase()}`;

export function planImport(
  entries: UserCsvEntry[],
  lookups: ImportLookups,
): { users: PlannedUser[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const byKey = new Map<string, { first: UserCsvEntry; planned: PlannedUser }>();
  const uidLines = new Map<string, number>();
  const planned: PlannedUser[] = [];

  const resolve = (
    entry: UserCsvEntry,
    column: 'group' | 'company' | 'strategy',
    map: Map<string, string>,
  ): string | null | undefined => {
    const name = entry[column];
    if (name === undefined || name === null) return name;
    const id = map.get(name.toLowerCase());
    if (id === undefined) problems.push({ line: entry.line, column, reason: `unknown ${column} "${name}"` });
    return id;
  };

  for (const entry of entries) {
    const before = problems.length;
    const groupId = resolve(entry, 'group', lookups.groups);
    const companyId = resolve(entry, 'company', lookups.companies);
    const strategyId = resolve(entry, 'strategy', lookups.strategies);
    if (typeof entry.company === 'string' && typeof entry.strategy === 'string') {
      problems.push({
        line: entry.line,
        column: 'strategy',
        reason: 'a company member is billed to the company: leave strategy empty',
      });
    }
    const key = userKey(entry);
    let target = byKey.get(key);
    if (target !== undefined) {
      const differing = USER_FIELDS.filter(([field]) => entry[field] !== target!.first[field]);
      for (const [, column] of differing) {
        problems.push({
          line: entry.line,
          column,
          reason: `${column} differs from line ${target.first.line} for the same user`,
        });
      }
    } else {
      let existingId: string | null;
      if (typeof entry.email === 'string') {
        existingId = lookups.users.find((u) => u.email === entry.email)?.id ?? null;
      } else {
        const named = lookups.users.filter(
          (u) => u.email === null && u.name.toLowerCase() === entry.name.toLowerCase(),
        );
        if (named.length > 1) {
          problems.push({
            line: entry.line,
            column: 'email',
            reason: `${named.length} users without e-mail are named "${entry.name}": add the e-mail to tell them apart`,
          });
        }
        existingId = named.length === 1 ? named[0]!.id : null;
      }
      target = {
        first: entry,
        planned: {
          line: entry.line,
          existingId,
          name: entry.name,
          email: entry.email,
          phone: entry.phone,
          locale: entry.locale,
          street: entry.street,
          postalCode: entry.postalCode,
          city: entry.city,
          country: entry.country,
          status: entry.status,
          groupId,
          companyId,
          strategyId,
          cards: [],
        },
      };
      byKey.set(key, target);
      planned.push(target.planned);
    }
    const card = entry.card;
    if (card !== null) {
      const earlier = uidLines.get(card.value);
      const existing = lookups.cards.get(card.value);
      if (earlier !== undefined) {
        problems.push({
          line: entry.line,
          column: 'card_uid',
          reason: `duplicate card UID ${card.value}: already on line ${earlier}`,
        });
      } else if (existing !== undefined && existing.companyId !== null) {
        problems.push({
          line: entry.line,
          column: 'card_uid',
          reason: `card ${card.value} is already held by a company`,
        });
      } else if (
        existing !== undefined &&
        existing.userId !== null &&
        existing.userId !== target.planned.existingId
      ) {
        problems.push({
          line: entry.line,
          column: 'card_uid',
          reason: `card ${card.value} is already held by another user`,
        });
      }
      uidLines.set(card.value, earlier ?? entry.line);
      if (problems.length === before)
        target.planned.cards.push({ ...card, line: entry.line, existingId: existing?.id ?? null });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { users: planned, problems };
}
