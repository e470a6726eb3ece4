import { describe, expect, it } from 'vitest';
import { splitGross } from '../shared/money.js';
import { creditNoteFigures, PLATFORM_FEE_VAT_BP, type CreditNoteSession } from './credit-note.js';

let seed = 7;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % n;
};

function session(grossCents: number, vatRateBp = 1900, i = 0): CreditNoteSession {
  return {
    chargeRecordId: `r${i}`,
    carrierChargeId: `c${String(i).padStart(4, '0')}`,
    startedAt: new Date(Date.UTC(2026, 9, 1 + (i % 28), 8, i % 60)),
    chargePointName: `P20-${String((i % 12) + 1).padStart(2, '0')}`,
    durationSeconds: 1800 + i,
    phone: '4917112345678',
    grossCents,
    vatRateBp,
    ...splitGross(grossCents, vatRateBp),
  };
}

describe('credit note figures', () => {
  it('deducts the fee (half up on the gross collected) as its own line at the standard rate', () => {
    const figures = creditNoteFigures([session(150, 1900, 0), session(75, 1900, 1)], 1000, 'EUR');
    // 2,25 € × 10 % = 0,225 → 0,23 €.
    expect(figures.fee).toMatchObject({
      grossCents: 23,
      vatRateBp: PLATFORM_FEE_VAT_BP,
      ...splitGross(23, 1900),
    });
    expect(figures.lines.at(-1)).toMatchObject({ kind: 'fee', grossCents: -23, chargeRecordId: null });
    expect(figures.payout.grossCents).toBe(225 - 23);
    expect(figures.lines[0]!.maskedPhone).toBe('+49 171 •••••678');
  });

  it('adds no fee line when the fee is 0', () => {
    const figures = creditNoteFigures([session(100)], 0, 'EUR');
    expect(figures.lines.map((l) => l.kind)).toEqual(['session']);
    expect(figures.payout).toEqual(figures.sessions);
  });

  it('shows sessions per VAT rate', () => {
    const figures = creditNoteFigures(
      [session(107, 700, 0), session(119, 1900, 1), session(119, 1900, 2)],
      500,
      'EUR',
    );
    expect(figures.sessionRates.map((r) => [r.vatRateBp, r.grossCents])).toEqual([
      [1900, 238],
      [700, 107],
    ]);
  });

  it.each(Array.from({ length: 200 }, (_, i) => i))(
    'keeps every total the exact sum of its lines (random case %i)',
    () => {
      const sessions = Array.from({ length: 1 + random(40) }, (_, i) =>
        session(random(5_000), [1900, 700, 0][random(3)]!, i),
      );
      const feeBp = random(3_000);
      const f = creditNoteFigures(sessions, feeBp, 'EUR');
      for (const key of ['netCents', 'vatCents', 'grossCents'] as const) {
        expect(f.payout[key]).toBe(f.lines.reduce((sum, l) => sum + l[key], 0));
        expect(f.payout[key]).toBe(f.sessions[key] - f.fee[key]);
        expect(f.sessions[key]).toBe(f.sessionRates.reduce((sum, r) => sum + r[key], 0));
      }
      expect(f.payout.netCents + f.payout.vatCents).toBe(f.payout.grossCents);
      expect(f.fee.grossCents).toBeLessThanOrEqual(f.sessions.grossCents);
      expect(f.lines.map((l) => l.position)).toEqual(f.lines.map((_, i) => i + 1));
    },
  );
});
