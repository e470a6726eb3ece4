import { describe, expect, it } from 'vitest';
import { resolveTariff, type ResolutionInput, type TariffAssignmentFact } from './tariff-resolution.js';

const chain = {
  chargePointId: 'cp',
  stationId: 'st',
  stationGroupId: 'sg',
  locationId: 'loc',
  institutionId: 'inst',
};
const all: TariffAssignmentFact[] = [
  { targetKind: 'institution', targetId: 'inst', tariffId: 'T-inst' },
  { targetKind: 'location', targetId: 'loc', tariffId: 'T-loc' },
  { targetKind: 'station_group', targetId: 'sg', tariffId: 'T-sg' },
  { targetKind: 'station', targetId: 'st', tariffId: 'T-st' },
  { targetKind: 'charge_point', targetId: 'cp', tariffId: 'T-cp' },
];
const input = (values: Partial<ResolutionInput>): ResolutionInput => ({
  chain,
  assignments: all,
  isActive: () => true,
  ...values,
});

describe('tariff resolution', () => {
  it.each([
    ['charge_point', 5, 'T-cp', 'cp'],
    ['station', 4, 'T-st', 'st'],
    ['station_group', 3, 'T-sg', 'sg'],
    ['location', 2, 'T-loc', 'loc'],
    ['institution', 1, 'T-inst', 'inst'],
  ] as const)('inherits from the %s when nothing more specific is assigned', (kind, keep, tariffId, id) => {
    // `all` is ordered least specific first: keeping the first n removes the more specific ones.
    expect(resolveTariff(input({ assignments: all.slice(0, keep) }))).toEqual({
      tariffId,
      source: { kind, id },
    });
  });

  it("a user group's tariff overrides the chain, a price event overrides both", () => {
    const userGroup = { id: 'ug', tariffId: 'T-ug' };
    expect(resolveTariff(input({ userGroup }))?.source).toEqual({ kind: 'user_group', id: 'ug' });
    expect(resolveTariff(input({ userGroup, event: { id: 'ev', tariffId: 'T-ev' } }))).toEqual({
      tariffId: 'T-ev',
      source: { kind: 'price_event', id: 'ev' },
    });
  });

  it('skips inactive tariffs and answers undefined when nothing applies', () => {
    expect(resolveTariff(input({ isActive: (id) => id !== 'T-cp' }))?.tariffId).toBe('T-st');
    expect(resolveTariff(input({ assignments: [] }))).toBeUndefined();
    expect(
      resolveTariff(input({ userGroup: { id: 'ug', tariffId: null }, assignments: [] })),
    ).toBeUndefined();
  });
});
