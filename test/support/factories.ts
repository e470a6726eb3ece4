/** Test data straight into the database, bypassing services, so any test can set up what it needs. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { hashPassword } from '../../src/shared/passwords.js';
import type { StaffRole } from '../../src/shared/context.js';

const unique = () => randomBytes(4).toString('hex');

export async function makeInstitution(db: Db, values: Partial<typeof s.institutions.$inferInsert> = {}) {
  const slug = values.slug ?? `inst-${unique()}`;
  const [row] = await db
    .insert(s.institutions)
    .values({ name: `Institution ${slug}`, ...values, slug })
    .returning();
  return row!;
}

export interface MakeStationInput {
  institutionId: string;
  chargeBoxId?: string;
  password?: string;
  kind?: s.StationKind;
  evses?: number;
  /** Prefix for the charge points' short names, e.g. "P20" gives P20-01, P20-02, ... */
  shortNamePrefix?: string;
  registration?: s.StationRegistration;
  locationId?: string;
  groupId?: string;
  authorizationMode?: s.StationAuthorizationMode;
  /** false for bare test clients that answer no SendLocalList (default: true, as in the schema). */
  localListEnabled?: boolean;
}

/** A station with `evses` charge points; returns the plaintext password for the simulator. */
export async function makeStation(db: Db, input: MakeStationInput) {
  const chargeBoxId = input.chargeBoxId ?? `ST-${unique()}`;
  const password = input.password ?? `pw-${randomBytes(12).toString('hex')}`;
  const [station] = await db
    .insert(s.stations)
    .values({
      institutionId: input.institutionId,
      chargeBoxId,
      kind: input.kind ?? 'charge_point',
      passwordHash: await hashPassword(password),
      registration: input.registration ?? 'accepted',
      locationId: input.locationId,
      groupId: input.groupId,
      authorizationMode: input.authorizationMode,
      localListEnabled: input.localListEnabled,
    })
    .returning();
  const prefix = input.shortNamePrefix ?? chargeBoxId;
  const evses = input.evses ?? 1;
  const chargePoints =
    evses === 0
      ? []
      : await db
          .insert(s.chargePoints)
          .values(
            Array.from({ length: evses }, (_, i) => ({
              institutionId: input.institutionId,
              stationId: station!.id,
              evseId: i + 1,
              shortName: `${prefix}-${String(i + 1).padStart(2, '0')}`,
            })),
          )
          .returning();
  return { station: station!, chargePoints, password };
}

export async function makeStaff(db: Db, role: StaffRole, institutionId: string | null) {
  const email = `${role}-${unique()}@example.test`;
  const password = `pw-${unique()}-${unique()}`;
  const [row] = await db
    .insert(s.staff)
    .values({ email, name: role, role, institutionId, passwordHash: await hashPassword(password) })
    .returning();
  return { staff: row!, email, password };
}

export async function makeAuthToken(
  db: Db,
  institutionId: string,
  value: string,
  values: Partial<typeof s.authTokens.$inferInsert> = {},
) {
  const [row] = await db
    .insert(s.authTokens)
    .values({ institutionId, value, ...values })
    .returning();
  return row!;
}
