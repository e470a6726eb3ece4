import type { Db } from '../db/database.js';
import type { LiveEvents } from '../live/live-events.js';
import { ValidationFailed } from '../shared/errors.js';
import * as repo from './accounts.repository.js';

export interface AccountsDeps {
  db: Db;
  live: LiveEvents;
}

/**
 * Tells local authorization lists that whether cards may charge can have changed. Called after the
 * commit, never inside the transaction: a listener must see the change.
 */
export function publishCardsChanged(deps: AccountsDeps, institutionId: string): void {
  deps.live.publish({ type: 'cards.changed', institutionId });
}

/** A strategy of the institution, else 422 on the field that named it. */
export async function strategyOf(
  db: Db,
  institutionId: string,
  strategyId: string,
  field = 'strategyId',
  options: { active?: boolean } = {},
): Promise<repo.StrategyRow> {
  const strategy = await repo.findStrategy(db, strategyId);
  if (strategy === undefined || strategy.institutionId !== institutionId)
    throw new ValidationFailed('No such accounting strategy in this institution', { field });
  if (options.active === true && !strategy.active)
    throw new ValidationFailed(`Accounting strategy ${strategy.name} is inactive`, { field });
  return strategy;
}

export function trimmedName(raw: string, field = 'name'): string {
  const name = raw.trim();
  if (name === '') throw new ValidationFailed('A name is required', { field });
  return name;
}
