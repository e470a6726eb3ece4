/** A prepaid balance is never stored: it is the sum of the account's ledger entries. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { ledgerEntries } from '../db/schema.js';

export async function balanceOf(db: Db, accountId: string): Promise<number> {
  const [row] = await db
    .select({ cents: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId));
  return Number(row?.cents ?? 0);
}
