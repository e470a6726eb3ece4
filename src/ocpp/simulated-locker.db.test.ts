/**
 * The central system and the station simulator (src/simulator) together: the same locker contract
 * (doors, cards, sessions) from both sides, in both OCPP versions.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { SimulatedStation } from '../simulator/simulated-station.js';
import { makeInstitution, makeStation } from '../../test/support/factories.js';
import { makePayingCard } from '../../test/support/payers.js';
import { waitFor } from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
const sims: SimulatedStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
  institutionId = (await makeInstitution(server.database.db)).id;
  await makePayingCard(server.database.db, institutionId, '04A1B2C3');
});

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  await server.close();
});

const db = () => server.database.db;

async function doors(stationId: string) {
  const rows = await db()
    .select({ evseId: s.chargePoints.evseId, door: s.chargePoints.door })
    .from(s.chargePoints)
    .where(eq(s.chargePoints.stationId, stationId))
    .orderBy(s.chargePoints.evseId);
  return rows.map((r) => r.door);
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('a simulated %s locker', (version) => {
  it('reports its doors, charges with a card and stops with the same card', async () => {
    const { station, password } = await makeStation(db(), { institutionId, kind: 'locker', evses: 3 });
    const sim = new SimulatedStation({
      url: server.ocppUrl,
      chargeBoxId: station.chargeBoxId,
      password,
      version,
      kind: 'locker',
      evses: 3,
      reconnect: false,
    });
    sims.push(sim);
    expect(await sim.start()).toBe('Accepted');
    await sim.flush();
    expect(await doors(station.id)).toEqual(sim.compartments().map((c) => c.door));

    sim.openDoor(2);
    sim.putItem(2);
    sim.closeDoor(2);
    expect((await sim.presentCard(2, '04A1B2C3')).result).toBe('started');
    await sim.flush();
    const [running] = await db()
      .select()
      .from(s.sessions)
      .where(and(eq(s.sessions.stationId, station.id), eq(s.sessions.evseId, 2)));
    expect(running).toMatchObject({ status: 'active', idTag: '04A1B2C3', authorizationStatus: 'Accepted' });
    expect((await doors(station.id))[1]).toBe('locked');

    sim.addEnergy(2, 150);
    expect((await sim.presentCard(2, '04A1B2C3')).result).toBe('stopped');
    await sim.flush();
    const stopped = await waitFor(async () => {
      const [row] = await db().select().from(s.sessions).where(eq(s.sessions.id, running!.id));
      return row?.status === 'completed' && row;
    });
    expect(stopped.energyWh).toBeGreaterThanOrEqual(150);
    expect((await doors(station.id))[1]).toBe(sim.compartment(2).door);
    expect(sim.protocolErrors).toEqual([]);
  });
});
