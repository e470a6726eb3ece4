/**
 * Local authorization lists over real OCPP: the central system and the simulator (both versions),
 * and a scripted 1.6 station for the answers the simulator never gives (VersionMismatch, small limits).
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { SimulatedStation } from '../simulator/simulated-station.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeAuthToken, makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { connectStation, waitFor, type TestStation } from '../../test/support/ocpp-client.js';
import { makePayingCard } from '../../test/support/payers.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
const sims: SimulatedStation[] = [];
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = () => server.database.db;

async function stationRow(id: string) {
  const [row] = await db().select().from(s.stations).where(eq(s.stations.id, id));
  return row!;
}

async function entries(stationId: string) {
  const rows = await db()
    .select({ idTag: s.localListEntries.idTag, status: s.localListEntries.status })
    .from(s.localListEntries)
    .where(eq(s.localListEntries.stationId, stationId))
    .orderBy(asc(s.localListEntries.idTag));
  return rows.map((r) => [r.idTag, r.status]);
}

/** The SendLocalList commands sent to the station, oldest first: [updateType, version, entries]. */
async function listsSent(stationId: string) {
  const rows = await db()
    .select()
    .from(s.remoteCommands)
    .where(and(eq(s.remoteCommands.stationId, stationId), eq(s.remoteCommands.action, 'SendLocalList')))
    .orderBy(asc(s.remoteCommands.createdAt));
  return rows.map((r) => {
    const request = r.request as { command: { updateType: string; version: number; entries: unknown[] } };
    return [request.command.updateType, request.command.version, request.command.entries.length];
  });
}

async function institutionWithCards() {
  const institution = await makeInstitution(db());
  const ok = await makePayingCard(db(), institution.id, 'CC000001', { kind: 'postpaid' });
  await makePayingCard(db(), institution.id, 'CC000002', { kind: 'prepaid' }); // no credit
  await makeAuthToken(db(), institution.id, 'CC000003', { status: 'blocked' });
  const staff = await makeStaff(db(), 'institution_admin', institution.id);
  const admin = await loginClient(server.baseUrl, staff.email, staff.password);
  return { institutionId: institution.id, okCard: ok.card, admin };
}

async function simulated(
  institutionId: string,
  version: 'ocpp1.6' | 'ocpp2.0.1',
  made?: Awaited<ReturnType<typeof makeStation>>,
) {
  const station = made ?? (await makeStation(db(), { institutionId, kind: 'locker', evses: 2 }));
  const sim = new SimulatedStation({
    url: server.ocppUrl,
    chargeBoxId: station.station.chargeBoxId,
    password: station.password,
    version,
    kind: 'locker',
    evses: 2,
    reconnect: false,
  });
  sims.push(sim);
  expect(await sim.start()).toBe('Accepted');
  return { sim, station };
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('local list sync with a simulated %s locker', (version) => {
  let institutionId: string;
  let admin: ApiClient;
  let okCardId: string;

  beforeAll(async () => {
    const made = await institutionWithCards();
    institutionId = made.institutionId;
    admin = made.admin;
    okCardId = made.okCard.id;
  });

  it('sends the full list on boot, a differential one after a card is blocked, the full one to a station that lost it', async () => {
    const { sim, station } = await simulated(institutionId, version);
    const stationId = station.station.id;

    // Boot: the whole list.
    await waitFor(() => sim.localListVersion === 1, { what: 'the full list' });
    await waitFor(async () => (await stationRow(stationId)).localListVersion === 1, {
      what: 'version 1 stored',
    });
    expect(sim.localListEntry('CC000001')?.status).toBe('Accepted');
    expect(sim.localListEntry('CC000002')?.status).toBe('Invalid');
    expect(sim.localListEntry('CC000003')?.status).toBe('Blocked');
    expect(await entries(stationId)).toEqual([
      ['CC000001', 'Accepted'],
      ['CC000002', 'Invalid'],
      ['CC000003', 'Blocked'],
    ]);
    expect(await listsSent(stationId)).toEqual([['full', 1, 3]]);

    // A card blocked through the API: one differential update with that card.
    const blocked = await admin.patch(`/api/v1/auth-tokens/${okCardId}`, { status: 'blocked' });
    expect(blocked.status).toBe(200);
    await waitFor(() => sim.localListVersion === 2, { what: 'the differential update' });
    expect(sim.localListEntry('CC000001')?.status).toBe('Blocked');
    await waitFor(async () => (await stationRow(stationId)).localListVersion === 2, {
      what: 'version 2 stored',
    });
    expect(await listsSent(stationId)).toEqual([
      ['full', 1, 3],
      ['differential', 2, 1],
    ]);
    expect((await entries(stationId))[0]).toEqual(['CC000001', 'Blocked']);

    // The station is replaced (same identity, empty memory): its version 0 is not ours, the full list again.
    await sim.stop();
    const fresh = await simulated(institutionId, version, station);
    await waitFor(() => fresh.sim.localListVersion === 3, { what: 'the full list after the mismatch' });
    expect(fresh.sim.localListSize).toBe(3);
    expect(fresh.sim.localListEntry('CC000001')?.status).toBe('Blocked');
    await waitFor(async () => (await stationRow(stationId)).localListVersion === 3, {
      what: 'version 3 stored',
    });
    expect((await listsSent(stationId)).at(-1)).toEqual(['full', 3, 3]);
    expect(fresh.sim.protocolErrors).toEqual([]);
  });

  it('keeps no list on a station where it is disabled, and sends one once it is enabled', async () => {
    const made = await makeStation(db(), {
      institutionId,
      kind: 'locker',
      evses: 2,
      localListEnabled: false,
    });
    const { sim } = await simulated(institutionId, version, made);
    const response = await admin.patch(`/api/v1/stations/${made.station.id}`, { localListEnabled: true });
    expect(response.status).toBe(200);
    await waitFor(() => sim.localListVersion === 1, { what: 'the list after enabling' });
    // Nothing went out before: the first list sent is version 1.
    expect(await listsSent(made.station.id)).toEqual([['full', 1, 3]]);
  });

  it('lists every card as accepted on a free station, except blocked ones', async () => {
    const made = await makeStation(db(), {
      institutionId,
      kind: 'locker',
      evses: 2,
      authorizationMode: 'free',
    });
    const { sim } = await simulated(institutionId, version, made);
    await waitFor(() => sim.localListVersion === 1, { what: 'the full list' });
    expect(sim.localListEntry('CC000002')?.status).toBe('Accepted');
    expect(sim.localListEntry('CC000003')?.status).toBe('Blocked');
  });
});

describe('a scripted 1.6 station', () => {
  it('gets the list in chunks within its limits, and the full list after a VersionMismatch', async () => {
    const institution = await makeInstitution(db());
    for (const value of ['DD000001', 'DD000002', 'DD000003', 'DD000004'])
      await makePayingCard(db(), institution.id, value);
    const { station, password } = await makeStation(db(), { institutionId: institution.id });
    let version = 4;
    const received: { updateType: string; listVersion: number; size: number }[] = [];
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: station.chargeBoxId,
      password,
      protocols: ['ocpp1.6'],
      strictMode: true,
    });
    clients.push(client);
    client.handle('GetLocalListVersion', async () => ({ listVersion: version }));
    client.handle('GetConfiguration', async () => ({
      configurationKey: [
        { key: 'LocalAuthListMaxLength', readonly: true, value: '3' },
        { key: 'SendLocalListMaxLength', readonly: true, value: '2' },
      ],
    }));
    client.handle('SendLocalList', async ({ params }) => {
      const p = params as { updateType: string; listVersion: number; localAuthorizationList?: unknown[] };
      received.push({
        updateType: p.updateType,
        listVersion: p.listVersion,
        size: p.localAuthorizationList?.length ?? 0,
      });
      // The first differential update is refused: the station holds another list than we think.
      if (p.updateType === 'Differential' && received.length === 1) return { status: 'VersionMismatch' };
      version = p.listVersion;
      return { status: 'Accepted' };
    });
    // We believe the station holds version 4 with nothing on it: the four cards go out as a differential update.
    await db().update(s.stations).set({ localListVersion: 4 }).where(eq(s.stations.id, station.id));
    await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Scripted' });

    await waitFor(async () => (await stationRow(station.id)).localListVersion === 6, {
      what: 'version 6 stored',
    });
    await server.fachwerk.services.localLists.idle();
    // 3 of 4 cards fit (LocalAuthListMaxLength), 2 per message (SendLocalListMaxLength); after the
    // VersionMismatch the whole list goes out again, as a full update and the rest as a differential one.
    expect(received.map((m) => [m.updateType, m.listVersion, m.size])).toEqual([
      ['Differential', 5, 2],
      ['Full', 5, 2],
      ['Differential', 6, 1],
    ]);
    expect((await stationRow(station.id)).localListVersion).toBe(6);
    expect(await entries(station.id)).toHaveLength(3);
  });

  it('records a station that keeps no list', async () => {
    const institution = await makeInstitution(db());
    await makePayingCard(db(), institution.id, 'EE000001');
    const { station, password } = await makeStation(db(), { institutionId: institution.id });
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: station.chargeBoxId,
      password,
      protocols: ['ocpp1.6'],
      strictMode: true,
    });
    clients.push(client);
    client.handle('GetLocalListVersion', async () => ({ listVersion: -1 }));
    await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'NoList' });
    const events = await waitFor(
      async () => {
        const rows = await db()
          .select()
          .from(s.stationEvents)
          .where(eq(s.stationEvents.stationId, station.id));
        return rows.length > 0 && rows;
      },
      { what: 'the recorded problem' },
    );
    expect(events[0]).toMatchObject({ kind: 'local_list_sync_failed', payload: { reason: 'notSupported' } });
    expect((await stationRow(station.id)).localListVersion).toBe(0);
  });
});
