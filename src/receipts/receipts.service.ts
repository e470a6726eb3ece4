/**
 * Receipts of SMS sessions for the person who charged, without log-in: by the unguessable token
 * of the link in the closing SMS, or by compartment name and receipt PIN (looked up here, rate
 * limited by the public pages). Shows one receipt and nothing else of the institution.
 */
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import { compartmentKey } from '../public/compartment-name.js';
import { berlinParts } from '../shared/berlin-time.js';
import { NotFound } from '../shared/errors.js';
import type { Lang } from '../shared/money.js';
import { toReceipt, type Receipt } from './receipt.js';
import { renderReceiptPdf, type CompletedReceipt } from './receipt-pdf.js';
import * as repo from './receipts.repository.js';

/** How far back a name + PIN lookup reaches (PINs repeat over time; older receipts need the link). */
export const LOOKUP_DAYS = 90;

/** Receipt PINs are digits; spaces people type are dropped. */
const PIN = /^\d{4,10}$/;
/** Receipt tokens are URL-safe (base64url or hex); anything else is not looked up at all. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export class ReceiptsService {
  private readonly db: Db;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'now'>) {
    this.db = deps.db;
  }

  /** The receipt of a token, or undefined when no SMS session has it. */
  async byToken(token: string): Promise<Receipt | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const rows = await repo.findByToken(this.db, token);
    return rows === undefined ? undefined : toReceipt(rows, this.deps.now());
  }

  /**
   * The token of the most recent SMS session at that compartment (name in any spelling) with that
   * PIN, in the last 90 days. undefined for a wrong pair, whether or not the compartment exists.
   */
  async lookup(name: string, pin: string, now: Date = this.deps.now()): Promise<string | undefined> {
    const key = compartmentKey(name);
    const digits = pin.replace(/\s+/g, '');
    if (key === '' || !PIN.test(digits)) return undefined;
    const since = new Date(now.getTime() - LOOKUP_DAYS * 86_400_000);
    return repo.findTokenByNameAndPin(this.db, key, digits, since);
  }

  /** The receipt PDF; NotFound for an unknown token or a session without a priced record yet. */
  async pdf(token: string, lang: Lang): Promise<{ pdf: Buffer; filename: string }> {
    const receipt = await this.byToken(token);
    if (receipt === undefined) throw new NotFound('receipt');
    if (!isCompleted(receipt)) throw new NotFound('receipt PDF');
    const pdf = await renderReceiptPdf(receipt, lang);
    const name = receipt.compartment.replace(/[^A-Za-z0-9._-]+/g, '_');
    return { pdf, filename: `Quittung-${name}-${berlinParts(receipt.endedAt.getTime()).date}.pdf` };
  }
}

export function isCompleted(receipt: Receipt): receipt is CompletedReceipt {
  return (
    receipt.state === 'completed' &&
    receipt.charge !== null &&
    receipt.startedAt !== null &&
    receipt.endedAt !== null
  );
}
