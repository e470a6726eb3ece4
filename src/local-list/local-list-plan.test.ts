import { describe, expect, it } from 'vitest';
import {
  applyMessage,
  chunkEntries,
  diffLocalList,
  entryFor,
  limitList,
  planSync,
  type ListEntry,
} from './local-list-plan.js';

const accepted = (idTag: string, expiresAt?: string): ListEntry => ({
  idTag,
  status: 'accepted',
  ...(expiresAt === undefined ? {} : { expiresAt }),
});
const blocked = (idTag: string): ListEntry => ({ idTag, status: 'blocked' });
const cards = (n: number) => Array.from({ length: n }, (_, i) => accepted(`C${String(i).padStart(3, '0')}`));
const limits = { itemsPerMessage: 100 };

describe('entryFor', () => {
  it.each([
    ['Accepted', 'accepted'],
    ['Blocked', 'blocked'],
    ['Expired', 'expired'],
    ['NoCredit', 'invalid'],
    ['Invalid', 'invalid'],
  ] as const)('lists a %s card as %s', (status, listed) => {
    expect(entryFor('AA', { status }).status).toBe(listed);
  });

  it('gives an accepted card its expiry and type', () => {
    expect(
      entryFor('AA', { status: 'Accepted', expiresAt: new Date('2027-01-01T00:00:00Z') }, 'ISO15693'),
    ).toEqual({
      idTag: 'AA',
      status: 'accepted',
      expiresAt: '2027-01-01T00:00:00.000Z',
      idTagType: 'ISO15693',
    });
  });
});

describe('diffLocalList', () => {
  it.each<[string, ListEntry[], ListEntry[], ListEntry[], string[]]>([
    ['nothing changed', [accepted('A')], [accepted('A')], [], []],
    ['a new card', [accepted('A')], [accepted('A'), accepted('B')], [accepted('B')], []],
    ['a card blocked', [accepted('A')], [blocked('A')], [blocked('A')], []],
    ['a card deleted', [accepted('A'), accepted('B')], [accepted('A')], [], ['B']],
    [
      'a new expiry',
      [accepted('A')],
      [accepted('A', '2027-01-01T00:00:00.000Z')],
      [accepted('A', '2027-01-01T00:00:00.000Z')],
      [],
    ],
    [
      'everything at once',
      [accepted('A'), accepted('B')],
      [blocked('A'), accepted('C')],
      [blocked('A'), accepted('C')],
      ['B'],
    ],
  ])('%s', (_what, current, desired, changed, removed) => {
    expect(diffLocalList(current, desired)).toEqual({ changed, removed });
  });

  it('ignores the token type, which the stored list does not keep', () => {
    expect(diffLocalList([accepted('A')], [{ ...accepted('A'), idTagType: 'ISO14443' }]).changed).toEqual([]);
  });
});

describe('limitList', () => {
  it('keeps accepted cards first, then blocked, expired and invalid ones', () => {
    const desired: ListEntry[] = [
      { idTag: 'Z', status: 'invalid' },
      blocked('B'),
      accepted('Y'),
      { idTag: 'E', status: 'expired' },
      accepted('X'),
    ];
    expect(limitList(desired, 3)).toEqual({ kept: [accepted('X'), accepted('Y'), blocked('B')], dropped: 2 });
    expect(limitList(desired, undefined).dropped).toBe(0);
    expect(limitList(desired, 0)).toEqual({ kept: [], dropped: 5 });
  });
});

describe('chunkEntries', () => {
  it.each([
    [0, 10, []],
    [10, 10, [10]],
    [11, 10, [10, 1]],
    [25, 10, [10, 10, 5]],
  ])('%i entries at %i per message: %j', (n, perMessage, sizes) => {
    expect(chunkEntries(cards(n), { itemsPerMessage: perMessage }).map((c) => c.length)).toEqual(sizes);
  });

  it('keeps every message under the byte limit', () => {
    const chunks = chunkEntries(cards(50), { itemsPerMessage: 1000, bytesPerMessage: 1200 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toHaveLength(50);
    for (const chunk of chunks) expect(JSON.stringify(chunk).length).toBeLessThan(1200);
  });
});

describe('planSync', () => {
  it('sends the whole list to a station that has none', () => {
    expect(
      planSync({ ourVersion: 0, stationVersion: 0, stored: [], desired: [accepted('A')], limits }),
    ).toEqual([{ updateType: 'full', version: 1, entries: [accepted('A')] }]);
  });

  it('sends nothing when the station has nothing and nothing is wanted', () => {
    expect(planSync({ ourVersion: 0, stationVersion: 0, stored: [], desired: [], limits })).toEqual([]);
  });

  it('sends only the changes when the station holds our version', () => {
    expect(
      planSync({
        ourVersion: 4,
        stationVersion: 4,
        stored: [accepted('A'), accepted('B')],
        desired: [blocked('A')],
        limits,
      }),
    ).toEqual([
      {
        updateType: 'differential',
        version: 5,
        entries: [blocked('A'), { idTag: 'B', status: 'removed' }],
      },
    ]);
  });

  it('sends nothing when the station holds our version and nothing changed', () => {
    expect(
      planSync({
        ourVersion: 4,
        stationVersion: 4,
        stored: [accepted('A')],
        desired: [accepted('A')],
        limits,
      }),
    ).toEqual([]);
  });

  it('sends the whole list, above both versions, when the station holds another version', () => {
    const plan = planSync({
      ourVersion: 4,
      stationVersion: 9,
      stored: [accepted('A')],
      desired: [accepted('A')],
      limits,
    });
    expect(plan).toEqual([{ updateType: 'full', version: 10, entries: [accepted('A')] }]);
  });

  it('empties the list with a full update without entries', () => {
    expect(
      planSync({ ourVersion: 3, stationVersion: 3, stored: [], desired: [], limits, forceFull: true }),
    ).toEqual([{ updateType: 'full', version: 4, entries: [] }]);
  });

  it('sends a big list as a full update followed by differential ones', () => {
    const plan = planSync({ ourVersion: 0, stationVersion: 0, stored: [], desired: cards(250), limits });
    expect(plan.map((m) => [m.updateType, m.version, m.entries.length])).toEqual([
      ['full', 1, 100],
      ['differential', 2, 100],
      ['differential', 3, 50],
    ]);
    const held = plan.reduce<ListEntry[]>((list, message) => applyMessage(list, message), []);
    expect(held).toHaveLength(250);
  });
});

describe('applyMessage', () => {
  it('replaces the list on a full update and edits it on a differential one', () => {
    const full = applyMessage([accepted('OLD')], {
      updateType: 'full',
      version: 1,
      entries: [accepted('A')],
    });
    expect(full).toEqual([accepted('A')]);
    const diff = applyMessage(full, {
      updateType: 'differential',
      version: 2,
      entries: [blocked('B'), { idTag: 'A', status: 'removed' }],
    });
    expect(diff).toEqual([blocked('B')]);
  });
});
