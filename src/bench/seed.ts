/**
 * The bench stations, written straight into the database before the server starts. All of them share
 * one password and therefore one argon2 hash: hashing 10,000 times would take a minute, and the
 * server verifies each station once either way (it does not know the hashes are equal).
 */
import type { Db } from '../db/database.js';
import * as s from '../db/schema.js';
import { hashPassword } from '../shared/passwords.js';

/** 16 to 40 characters, as station passwords must be (OCPP 2.0.1 BasicAuthPassword). */
export const BENCH_PASSWORD = 'fachwerk-bench-station-pw';

export const benchChargeBoxId = (index: number) => `BENCH-${String(index + 1).padStart(6, '0')}`;

const CHUNK = 1_000;

export async function seedBenchStations(db: Db, count: number): Promise<{ institutionId: string }> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const [institution] = await db
    .insert(s.institutions)
    .values({ slug: 'bench', name: 'Benchmark institution' })
    .returning({ id: s.institutions.id });
  const institutionId = institution!.id;
  for (let from = 0; from < count; from += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, count - from) }, (_, i) => from + i);
    const stations = await db
      .insert(s.stations)
      .values(
        indexes.map((i) => ({
          institutionId,
          chargeBoxId: benchChargeBoxId(i),
          name: `Bench station ${i + 1}`,
          passwordHash,
          registration: 'accepted' as const,
        })),
      )
      .returning({ id: s.stations.id, chargeBoxId: s.stations.chargeBoxId });
    await db.insert(s.chargePoints).values(
      stations.map((station) => ({
        institutionId,
        stationId: station.id,
        evseId: 1,
        shortName: `${station.chargeBoxId}-01`,
      })),
    );
  }
  return { institutionId };
}
