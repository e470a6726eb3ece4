/** The charge-record totals as the page shows them: one count and energy, money per currency. */
import type { ChargeRecordTotals } from './types';

export interface TotalsView {
  count: number;
  energyWh: number;
  /** One line per currency (records in several currencies are never added up into one number). */
  money: Array<{ currency: string; netCents: number; vatCents: number; totalCents: number }>;
}

export function totalsView(rows: readonly ChargeRecordTotals[]): TotalsView {
  let count = 0;
  let energyWh = 0;
  const money: TotalsView['money'] = [];
  for (const row of rows) {
    count += row.count;
    energyWh += row.energyWh;
    const same = money.find((m) => m.currency === row.currency);
    if (same === undefined)
      money.push({
        currency: row.currency,
        netCents: row.netCents,
        vatCents: row.vatCents,
        totalCents: row.totalCents,
      });
    else {
      same.netCents = addCents(same.netCents, row.netCents);
      same.vatCents = addCents(same.vatCents, row.vatCents);
      same.totalCents = addCents(same.totalCents, row.totalCents);
    }
  }
  return { count, energyWh, money };
}

/** Integer cents added exactly; refuses anything that is not a safe integer rather than round it. */
export function addCents(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(sum))
    throw new RangeError(`not an exact amount in cents: ${a} + ${b}`);
  return sum;
}
