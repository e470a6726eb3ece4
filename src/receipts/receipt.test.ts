import { describe, expect, it } from 'vitest';
import type { SmsSessionState } from '../db/schema.js';
import { receiptState, toReceipt } from './receipt.js';
import type { ReceiptRows } from './receipts.repository.js';

const at = (iso: string) => new Date(iso);

function rows(overrides: {
  state: SmsSessionState;
  session?: 'active' | 'completed' | null;
  record?: boolean;
  phone?: string;
  pseudonymised?: boolean;
}): ReceiptRows {
  const session =
    overrides.session === undefined || overrides.session === null
      ? null
      : ({
          status: overrides.session,
          startedAt: at('2026-07-01T08:00:00Z'),
          stoppedAt: overrides.session === 'completed' ? at('2026-07-01T09:00:00Z') : null,
          energyWh: 0,
        } as ReceiptRows['session']);
  return {
    smsSession: {
      state: overrides.state,
      receiptToken: 'tok',
      phone: overrides.phone ?? '4917112345678',
      pseudonymisedAt: overrides.pseudonymised === true ? at('2026-10-01T00:00:00Z') : null,
      startedAt: at('2026-07-01T08:00:00Z'),
      endedAt: null,
    } as ReceiptRows['smsSession'],
    shortName: 'P20-07',
    stationName: null,
    location: null,
    institution: {
      name: 'Stadtwerke',
      legalName: null,
      street: null,
      postalCode: null,
      city: null,
      country: 'DE',
      vatId: null,
      taxNumber: '12/345/67890',
    } as ReceiptRows['institution'],
    session,
    chargeRecord:
      overrides.record === true
        ? ({
            id: 'rec',
            chargePointName: 'P20-07',
            startedAt: at('2026-07-01T08:00:00Z'),
            stoppedAt: at('2026-07-01T09:00:00Z'),
            durationSeconds: 3600,
            energyWh: 0,
            lines: [
              { description: { de: 'Zeit', en: 'Time' }, amountCents: 100 },
              'junk',
              { amountCents: 'x' },
            ],
            currency: 'EUR',
            totalCents: 100,
            vatRateBp: 1900,
            vatCents: 16,
            netCents: 84,
            booking: 'carrier',
            createdAt: at('2026-07-01T09:00:01Z'),
          } as ReceiptRows['chargeRecord'])
        : null,
  };
}

describe('what a receipt page can say', () => {
  it.each<[string, Parameters<typeof rows>[0], string]>([
    ['start sent', { state: 'starting' }, 'starting'],
    ['running', { state: 'active', session: 'active' }, 'running'],
    ['stop sent', { state: 'stopping', session: 'active' }, 'stopping'],
    ['stop waits for the station', { state: 'stop_pending', session: 'active' }, 'stopping'],
    ['station reported the stop, not priced yet', { state: 'stopping', session: 'completed' }, 'pricing'],
    ['completed, not priced yet', { state: 'completed', session: 'completed' }, 'pricing'],
    ['priced', { state: 'completed', session: 'completed', record: true }, 'completed'],
    [
      'priced before the SMS session caught up',
      { state: 'active', session: 'completed', record: true },
      'completed',
    ],
    ['failed', { state: 'failed' }, 'failed'],
  ])('%s → %s', (_case, input, state) => {
    expect(receiptState(rows(input))).toBe(state);
  });

  it('masks the phone number, and shows none once it was pseudonymised', () => {
    const now = at('2026-07-01T10:00:00Z');
    expect(toReceipt(rows({ state: 'active', session: 'active' }), now).phoneMasked).toBe('+49 171 •••••678');
    expect(toReceipt(rows({ state: 'completed', pseudonymised: true }), now).phoneMasked).toBeNull();
    expect(toReceipt(rows({ state: 'completed', phone: 'ps-3f9a' }), now).phoneMasked).toBeNull();
  });

  it('counts a running session’s duration up to now and a failed one not at all', () => {
    const now = at('2026-07-01T10:30:00Z');
    expect(toReceipt(rows({ state: 'active', session: 'active' }), now).durationSeconds).toBe(9000);
    const failed = toReceipt(rows({ state: 'failed' }), now);
    expect(failed).toMatchObject({ durationSeconds: null, startedAt: null, charge: null });
  });

  it('takes the issuer’s name from the institution when the billing profile has none, and keeps readable lines only', () => {
    const receipt = toReceipt(rows({ state: 'completed', session: 'completed', record: true }), new Date());
    expect(receipt.issuer).toMatchObject({ name: 'Stadtwerke', taxNumber: '12/345/67890' });
    expect(receipt.charge!.lines).toEqual([
      {
        description: { de: 'Zeit', en: 'Time' },
        quantity: 1,
        unit: 'session',
        unitPriceCents: null,
        amountCents: 100,
      },
    ]);
  });
});
