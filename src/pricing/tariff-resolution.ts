/**
 * Which tariff prices a session (pure; the repository loads the facts). From the most to the least
 * specific: a price event valid at the session start for this user, group, station or station
 * group; the driver's user-group tariff; then the charge point's own assignment, its station's, the
 * station group's, the location's and the institution's. Inactive tariffs are skipped. Nothing
 * found: TariffNotFound, never a price of 0 (docs/pricing.md).
 */
import type { TariffTargetKind } from '../db/schema.js';

/** Where the tariff came from, for the portal ("inherited from the station group Parkhaus"). */
export type TariffSourceKind = 'price_event' | 'user_group' | TariffTargetKind;

export interface TariffSource {
  kind: TariffSourceKind;
  /** The event, user group, or assignment target's id. */
  id: string;
}

/** A charge point's place in the inheritance chain. */
export interface TariffChain {
  chargePointId: string | null;
  stationId: string;
  stationGroupId: string | null;
  locationId: string | null;
  institutionId: string;
}

export interface TariffAssignmentFact {
  targetKind: TariffTargetKind;
  targetId: string;
  tariffId: string;
}

export interface ResolutionInput {
  chain: TariffChain;
  assignments: readonly TariffAssignmentFact[];
  /** The driver's group, when it has its own tariff. */
  userGroup?: { id: string; tariffId: string | null } | null;
  /** The price event chosen by selectPriceEvent, if any. */
  event?: { id: string; tariffId: string } | null;
  /** Tariffs that may price (active ones); others are skipped as if not assigned. */
  isActive: (tariffId: string) => boolean;
}

export interface ResolvedTariff {
  tariffId: string;
  source: TariffSource;
}

/** The inheritance chain of a charge point, most specific first. */
export function chainTargets(chain: TariffChain): { kind: TariffTargetKind; id: string }[] {
  const targets: { kind: TariffTargetKind; id: string }[] = [];
  if (chain.chargePointId !== null) targets.push({ kind: 'charge_point', id: chain.chargePointId });
  targets.push({ kind: 'station', id: chain.stationId });
  if (chain.stationGroupId !== null) targets.push({ kind: 'station_group', id: chain.stationGroupId });
  if (chain.locationId !== null) targets.push({ kind: 'location', id: chain.locationId });
  targets.push({ kind: 'institution', id: chain.institutionId });
  return targets;
}

/** The assigned tariff from the charge point's inheritance chain alone (no group, no event). */
export function resolveAssignedTariff(input: ResolutionInput): ResolvedTariff | undefined {
  for (const target of chainTargets(input.chain)) {
    const assignment = input.assignments.find(
      (a) => a.targetKind === target.kind && a.targetId === target.id,
    );
    if (assignment !== undefined && input.isActive(assignment.tariffId))
      return { tariffId: assignment.tariffId, source: target };
  }
  return undefined;
}

export function resolveTariff(input: ResolutionInput): ResolvedTariff | undefined {
  if (input.event && input.isActive(input.event.tariffId))
    return { tariffId: input.event.tariffId, source: { kind: 'price_event', id: input.event.id } };
  const group = input.userGroup;
  if (group && group.tariffId !== null && input.isActive(group.tariffId))
    return { tariffId: group.tariffId, source: { kind: 'user_group', id: group.id } };
  return resolveAssignedTariff(input);
}
