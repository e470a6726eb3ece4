import { describe, expect, it } from 'vitest';
import { gsmLength, priceText } from '../../pricing/price-text.js';
import type { Language } from '../sms.js';
import { renderReply, type Reply, type ReplyKind } from './replies.js';

const NOW = new Date('2026-03-10T15:00:00Z');
const name = 'P20-07';
const receiptUrl = `https://laden.example.de/r/${'A'.repeat(22)}`;
const lockerPrice = (lang: Language) =>
  priceText(
    {
      currency: 'EUR',
      vatRateBp: 1900,
      definition: { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] },
    },
    lang,
  ).short;

/** One example of every reply, with long but realistic values. */
const examples = (lang: Language): Record<ReplyKind, Reply> => ({
  confirmation: { kind: 'confirmation', name, pin: '048213', price: lockerPrice(lang) },
  closing: {
    kind: 'closing',
    name,
    durationSeconds: 30 * 3600,
    cost: { cents: 123_456, currency: 'EUR' },
    receiptUrl,
    afterPendingStop: true,
  },
  help: { kind: 'help', example: name },
  unknownCompartment: {
    kind: 'unknownCompartment',
    typed: 'P20-70',
    suggestions: ['P20-07', 'P20-17'],
    example: name,
  },
  busy: { kind: 'busy', name },
  doorOpen: { kind: 'doorOpen', name },
  empty: { kind: 'empty', name },
  outOfService: { kind: 'outOfService', name },
  stationOffline: { kind: 'stationOffline', name },
  stationTimeout: { kind: 'stationTimeout', name },
  startRefused: { kind: 'startRefused', name },
  starting: { kind: 'starting', name },
  notYours: { kind: 'notYours', name },
  stopPending: { kind: 'stopPending', name },
  stopping: { kind: 'stopping', name },
  stopRefused: { kind: 'stopRefused', name },
  stopTimeout: { kind: 'stopTimeout', name },
  notStartedYet: { kind: 'notStartedYet', name },
  nothingToStop: { kind: 'nothingToStop', name },
  alreadyEnded: { kind: 'alreadyEnded', name },
  stopWhich: { kind: 'stopWhich', names: ['P20-07', 'P20-08', 'P20-09'] },
  statusOwner: {
    kind: 'statusOwner',
    name,
    since: new Date('2026-03-09T08:00:00Z'),
    durationSeconds: 31 * 3600,
    cost: { cents: 123_456, currency: 'EUR' },
  },
  statusFree: { kind: 'statusFree', name },
  statusBusy: { kind: 'statusBusy', name },
  reminder: { kind: 'reminder', name, durationSeconds: 30 * 3600, pin: '048213' },
  unknownNumber: { kind: 'unknownNumber' },
  error: { kind: 'error' },
});

const cases = (['de', 'en'] as const).flatMap((lang) =>
  Object.values(examples(lang)).map((reply) => [lang, reply.kind, reply] as const),
);

describe('every reply fits one SMS in GSM 7-bit', () => {
  it.each(cases)('%s %s', (lang, _kind, reply) => {
    const text = renderReply(reply, lang, NOW);
    const length = gsmLength(text);
    expect(length, text).not.toBeNull();
    expect(length!, text).toBeLessThanOrEqual(160);
    expect(text).not.toMatch(/undefined|null|NaN|\[object/);
  });

  it('also without a price, a cost or suggestions', () => {
    for (const lang of ['de', 'en'] as const) {
      for (const reply of [
        { kind: 'confirmation', name, pin: '000001', price: null },
        { kind: 'closing', name, durationSeconds: 60, cost: null, receiptUrl, afterPendingStop: true },
        { kind: 'unknownCompartment', typed: undefined, suggestions: [], example: undefined },
        { kind: 'nothingToStop', name: undefined },
        { kind: 'statusOwner', name, since: NOW, durationSeconds: 0, cost: null },
      ] satisfies Reply[]) {
        const text = renderReply(reply, lang, NOW);
        expect(gsmLength(text)!, text).toBeLessThanOrEqual(160);
        expect(text).not.toMatch(/undefined|null/);
      }
    }
  });
});

describe('what the texts say', () => {
  it('confirms with the PIN and the price', () => {
    expect(renderReply(examples('de').confirmation, 'de', NOW)).toBe(
      'P20-07 lädt. Ende: P20-07 erneut senden oder Quittungs-PIN 048213 am Tastenfeld. Preis: 0,50 € je angefangene 30 Minuten. Preise inkl. 19 % MwSt.',
    );
    expect(renderReply(examples('en').confirmation, 'en', NOW)).toBe(
      'P20-07 is charging. To end: text P20-07 again or type receipt PIN 048213 at the keypad. Price: €0.50 per started 30 minutes. Prices incl. 19% VAT.',
    );
  });

  it('closes with duration, cost and the receipt link', () => {
    const reply: Reply = {
      kind: 'closing',
      name,
      durationSeconds: 3 * 3600 + 20 * 60,
      cost: { cents: 350, currency: 'EUR' },
      receiptUrl,
      afterPendingStop: false,
    };
    expect(renderReply(reply, 'de', NOW)).toBe(
      `P20-07 beendet, das Fach ist offen. Dauer 3 h 20 min, Kosten 3,50 €. Quittung: ${receiptUrl}`,
    );
    expect(renderReply(reply, 'en', NOW)).toBe(
      `P20-07 ended, the compartment is open. Duration 3 h 20 min, cost €3.50. Receipt: ${receiptUrl}`,
    );
    expect(renderReply({ ...reply, cost: null }, 'de', NOW)).toContain('Kosten auf der Quittung');
    expect(renderReply({ ...reply, afterPendingStop: true }, 'en', NOW)).toMatch(/^Station back online: /);
  });

  it('suggests the names a typo may have meant', () => {
    expect(renderReply(examples('de').unknownCompartment, 'de', NOW)).toBe(
      'Fach P20-70 gibt es hier nicht. Meinten Sie P20-07 oder P20-17?',
    );
    expect(
      renderReply(
        { kind: 'unknownCompartment', typed: 'P20-70', suggestions: ['P20-07'], example: name },
        'en',
        NOW,
      ),
    ).toBe('Compartment P20-70 does not exist here. Did you mean P20-07?');
  });

  it.each(['stationOffline', 'stationTimeout', 'startRefused', 'outOfService', 'error'] as const)(
    '%s says that nothing was charged',
    (kind) => {
      expect(renderReply(examples('de')[kind], 'de', NOW)).toContain('nichts berechnet');
      expect(renderReply(examples('en')[kind], 'en', NOW)).toMatch(/Nothing (was )?(started or )?charged/);
    },
  );

  it('refuses another phone and says nothing opened', () => {
    expect(renderReply(examples('de').notYours, 'de', NOW)).toContain('nichts geöffnet');
    expect(renderReply(examples('en').notYours, 'en', NOW)).toContain('Nothing was opened');
  });

  it('shows the time of a start today, and the date of an older one (Berlin time)', () => {
    const today: Reply = {
      kind: 'statusOwner',
      name,
      since: new Date('2026-03-10T13:05:00Z'),
      durationSeconds: 6900,
      cost: { cents: 200, currency: 'EUR' },
    };
    expect(renderReply(today, 'de', NOW)).toBe('P20-07 lädt seit 14:05 (1 h 55 min), bisher 2,00 €.');
    expect(renderReply(today, 'en', NOW)).toBe('P20-07 charging since 14:05 (1 h 55 min), €2.00 so far.');
    expect(renderReply(examples('de').statusOwner, 'de', NOW)).toContain('seit 09.03.2026 09:00');
  });
});
