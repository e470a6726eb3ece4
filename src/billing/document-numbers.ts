/**
 * Gapless document numbers per institution, series and year (§14 Abs. 4 Nr. 4 UStG: a unique,
 * consecutive number). The counter row is bumped by one upsert inside the transaction that issues
 * the document: the row lock serializes concurrent issuers, and a rolled-back transaction takes its
 * number back with it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { documentSequences, type DocumentKind } from '../db/schema.js';
import { berlinYear } from '../shared/berlin-time.js';

/** RE Rechnung, QU Quittung, ST Storno, GS Gutschrift. */
export const DOCUMENT_SERIES: Record<DocumentKind, string> = {
  invoice: 'RE',
  receipt: 'QU',
  cancellation: 'ST',
  credit_note: 'GS',
};

export function formatDocumentNumber(series: string, year: number, counter: number): string {
  return `${series}-${year}-${String(counter).padStart(6, '0')}`;
}

/** The next number of the series for the Berlin year of `issuedAt`; call inside the issuing transaction. */
export async function takeDocumentNumber(
  tx: Db,
  institutionId: string,
  kind: DocumentKind,
  issuedAt: Date,
): Promise<string> {
  const series = DOCUMENT_SERIES[kind];
  const year = berlinYear(issuedAt);
  const [row] = await tx
    .insert(documentSequences)
    .values({ institutionId, series, year, next: 2 })
    .onConflictDoUpdate({
      target: [documentSequences.institutionId, documentSequences.series, documentSequences.year],
      set: { next: sql`${documentSequences.next} + 1` },
    })
    .returning({ next: documentSequences.next });
  return formatDocumentNumber(series, year, row!.next - 1);
}
