/**
 * Remote commands through the whole application: HTTP API → command service → central system →
 * a station connected over a real WebSocket (the simulator, or a bare ocpp-rpc client where a
 * station must misbehave) → the answer back in the HTTP response, recorded in remote_commands.
 */
import { eq } from 'drizzle-orm';
import ocppRpc from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { remoteCommands } from '../db/schema.js';
import type { OcppVersion } from '../db/schema.js';
import { SimulatedStation } from '../simulator/simulated-station.js';
import type { ReceivedCommand } from '../simulator/types.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { makePayingCard } from '../../test/support/payers.js';
import { connectStation, waitFor, type TestStation } from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { neutralStatus, type Command } from './command.js';
import { SAMPLES } from './commands.fixtures.js';
import { requestFor } from './translation.js';

const { createRPCError } = ocppRpc;
const COMMAND_TIMEOUT_MS = 1_500;

let server: TestServer;
const simulators: SimulatedStation[] = [];
const clients: TestStation[] = [];

interface Operator {
  institutionId: string;
  api: ApiClient;
}

async function operator(
  role: 'service_technician' | 'institution_admin' = 'service_technician',
): Promise<Operator> {
  const institution = await makeInstitution(server.database.db);
  const staff = await makeStaff(server.database.db, role, institution.id);
  return {
    institutionId: institution.id,
    api: await loginClient(server.baseUrl, staff.email, staff.password),
  };
}

async function colleague(of: Operator, role: 'accountant' | 'institution_admin'): Promise<ApiClient> {
  const staff = await makeStaff(server.database.db, role, of.institutionId);
  return loginClient(server.baseUrl, staff.email, staff.password);
}

/** A simulated locker of `who`'s institution, booted and accepted. */
async function simulatedLocker(who: Operator, version: OcppVersion) {
  const { station, password } = await makeStation(server.database.db, {
    institutionId: who.institutionId,
    kind: 'locker',
    evses: 3,
  });
  const sim = new SimulatedStation({
    url: server.ocppUrl,
    chargeBoxId: station.chargeBoxId,
    password,
    version,
    kind: 'locker',
    evses: 3,
    meterIntervalMs: 60_000,
    reconnect: false,
  });
  simulators.push(sim);
  expect(await sim.start()).toBe('Accepted');
  const received: ReceivedCommand[] = [];
  sim.on('command', (command) => received.push(command));
  return { station, sim, received };
}

/** A bare OCPP-J client that answers calls with `handler`, for stations that misbehave. */
async function bareStation(who: Operator, handler: (method: string) => Promise<Record<string, unknown>>) {
  const { station, password } = await makeStation(server.database.db, { institutionId: who.institutionId });
  const client = await connectStation({
    endpoint: server.ocppUrl,
    identity: station.chargeBoxId,
    password,
    protocols: ['ocpp2.0.1'],
  });
  clients.push(client);
  client.handle(async ({ method }) => handler(String(method)));
  await waitFor(() => server.fachwerk.services.connections.get(station.chargeBoxId), {
    what: 'the connection',
  });
  return { station, client };
}

async function rowsOf(stationId: string) {
  return server.database.db.select().from(remoteCommands).where(eq(remoteCommands.stationId, stationId));
}

beforeAll(async () => {
  server = await startTestServer({ commandTimeoutMs: COMMAND_TIMEOUT_MS });
});

afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.stop()));
  await Promise.all(clients.splice(0).map((client) => client.close({ force: true })));
});

afterAll(async () => {
  await server?.close();
});

describe.each<OcppVersion>(['ocpp1.6', 'ocpp2.0.1'])('an %s locker', (version) => {
  // Reset reboots the station: it goes last.
  const samples = [...SAMPLES[version]].sort(
    (a, b) => Number(a.command.command === 'reset') - Number(b.command.command === 'reset'),
  );

  it('receives every command and its answer comes back', async () => {
    const who = await operator();
    const { station, received } = await simulatedLocker(who, version);

    for (const sample of samples) {
      const response = await who.api.post(`/api/v1/stations/${station.id}/commands`, sample.command);
      const label = `${sample.command.command}: ${JSON.stringify(response.body)}`;
      expect(response.status, label).toBe(200);
      expect(response.body.status, label).toBe('answered');

      const answered = received.at(-1)!;
      expect(answered.action, label).toBe(sample.action);
      // The station got the translation, and its exact answer came back.
      const sentCommand = (await server.fachwerk.services.commands.get(
        {
          actor: { kind: 'system', reason: 'test' },
          now: () => new Date(),
          log: server.fachwerk.services.deps.log,
        },
        response.body.commandId,
      )) as { request: { command: Command } };
      expect(answered.params, label).toEqual(requestFor(version, sentCommand.request.command).params);
      expect(response.body.result.raw, label).toEqual(answered.response);
      const stationStatus = (answered.response as { status?: string }).status;
      if (stationStatus !== undefined)
        expect(response.body.result.status, label).toBe(neutralStatus(stationStatus));
    }

    const rows = await rowsOf(station.id);
    expect(rows).toHaveLength(samples.length);
    expect(rows.every((row) => row.status === 'answered' && row.answeredAt !== null)).toBe(true);
  });

  it('starts a session remotely and stops it with the station transaction id', async () => {
    const who = await operator();
    const { station, sim } = await simulatedLocker(who, version);
    await makePayingCard(server.database.db, who.institutionId, 'AABBCCDD');

    const start = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'startSession',
      evseId: 2,
      idTag: 'AABBCCDD',
    });
    expect(start.status).toBe(200);
    expect(start.body.result.status).toBe('accepted');
    await sim.waitUntil(
      () => sim.compartment(2).transaction?.transactionId !== undefined,
      5_000,
      'the transaction',
    );
    const transaction = sim.compartment(2).transaction!;
    if (version === 'ocpp2.0.1') expect(transaction.remoteStartId).toBe(start.body.result.remoteStartId);

    const stop = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'stopSession',
      transactionId: String(transaction.transactionId),
    });
    expect(stop.status).toBe(200);
    expect(stop.body.result.status).toBe('accepted');
    await sim.waitUntil(() => sim.compartment(2).transaction === undefined, 5_000, 'the stop');
  });

  it('unlocks a compartment in an emergency, with the reason in the audit log', async () => {
    const who = await operator();
    const { station, sim } = await simulatedLocker(who, version);
    sim.openDoor(1);
    sim.putItem(1);
    sim.closeDoor(1);
    await makePayingCard(server.database.db, who.institutionId, 'CAFE0001');
    await sim.presentCard(1, 'CAFE0001');
    await sim.waitUntil(() => sim.compartment(1).door === 'locked', 5_000, 'the door to lock');
    const running = sim.compartment(1).transaction;

    const response = await who.api.post(`/api/v1/stations/${station.chargeBoxId}/commands`, {
      command: 'unlock',
      evseId: 1,
      reason: 'Notentriegelung: Kundin vor Ort, Akku wird gebraucht',
    });
    expect(response.status).toBe(200);
    if (version === 'ocpp1.6') {
      // 1.6 §5.18: the station stops the transaction itself and unlocks.
      expect(response.body.result.status).toBe('unlocked');
      await sim.waitUntil(() => sim.compartment(1).door !== 'locked', 5_000, 'the door to unlock');
    } else {
      // 2.0.1 F05.FR.02: a running authorized transaction must be stopped first.
      expect(running).toBeDefined();
      expect(response.body.result.status).toBe('ongoingAuthorizedTransaction');
      expect(sim.compartment(1).door).toBe('locked');
    }

    // The technician unlocked; an admin reads the audit log.
    const admin = await colleague(who, 'institution_admin');
    const audit = await admin.get('/api/v1/audit-log?limit=50');
    expect(audit.status).toBe(200);
    const entry = (audit.body as Array<{ action: string; details: Record<string, unknown> }>).find(
      (e) => e.action === 'station.command.unlock',
    );
    expect(entry?.details).toMatchObject({
      commandId: response.body.commandId,
      evseId: 1,
      reason: 'Notentriegelung: Kundin vor Ort, Akku wird gebraucht',
    });
  });
});

describe('failures', () => {
  it('answers 409 at once for a station that is not connected', async () => {
    const who = await operator();
    const { station } = await makeStation(server.database.db, { institutionId: who.institutionId });
    const started = performance.now();
    const response = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'unlock',
      evseId: 1,
      reason: 'Tür klemmt',
    });
    expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS / 3);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('station_offline');
    expect(await rowsOf(station.id)).toMatchObject([{ status: 'offline', command: 'unlock' }]);
  });

  it('answers 409 once a station has gone away', async () => {
    const who = await operator();
    const { station, sim } = await simulatedLocker(who, 'ocpp1.6');
    await sim.disconnect();
    await waitFor(() => server.fachwerk.services.connections.get(station.chargeBoxId) === undefined, {
      what: 'the connection to close',
    });
    const response = await who.api.post(`/api/v1/stations/${station.id}/commands`, { command: 'clearCache' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('station_offline');
  });

  it('answers 504 after the configured timeout when the station never answers', async () => {
    const who = await operator();
    const { station } = await bareStation(who, () => new Promise(() => undefined));
    const started = performance.now();
    const response = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'reset',
      type: 'hard',
    });
    const elapsed = performance.now() - started;
    expect(response.status).toBe(504);
    expect(response.body.code).toBe('station_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(COMMAND_TIMEOUT_MS + 2_000);
    expect(await rowsOf(station.id)).toMatchObject([{ status: 'timeout', action: 'Reset' }]);
  });

  it('answers 502 with the station error for a CALLERROR', async () => {
    const who = await operator();
    const { station } = await bareStation(who, async () => {
      throw createRPCError('SecurityError', 'Not with this firmware');
    });
    const response = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'setDisplayMessage',
      message: 'Fach 2 defekt',
    });
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('station_rejected');
    expect(response.body.detail).toContain('SecurityError: Not with this firmware');
    const [row] = await rowsOf(station.id);
    expect(row).toMatchObject({
      status: 'failed',
      response: { errorCode: 'SecurityError', errorDescription: 'Not with this firmware' },
    });
  });

  it('answers 501 for a command the station version lacks', async () => {
    const who = await operator();
    const { station, received } = await simulatedLocker(who, 'ocpp1.6');
    const response = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'getBaseReport',
      reportBase: 'fullInventory',
    });
    expect(response.status).toBe(501);
    expect(response.body.code).toBe('not_supported');
    expect(received).toEqual([]);
  });

  it('refuses an unlock without a reason', async () => {
    const who = await operator();
    const { station, received } = await simulatedLocker(who, 'ocpp2.0.1');
    const missing = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'unlock',
      evseId: 1,
    });
    expect(missing.status).toBe(400);
    const blank = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'unlock',
      evseId: 1,
      reason: '   ',
    });
    expect(blank.status).toBe(422);
    expect(received).toEqual([]);
  });
});

describe('access', () => {
  it("does not let another institution's staff command or see the station (404)", async () => {
    const owner = await operator();
    const { station, received } = await simulatedLocker(owner, 'ocpp2.0.1');
    const sent = await owner.api.post(`/api/v1/stations/${station.id}/commands`, { command: 'clearCache' });
    expect(sent.status).toBe(200);

    const outsider = await operator('institution_admin');
    const attempt = await outsider.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'unlock',
      evseId: 1,
      reason: 'Ich will da rein',
    });
    expect(attempt.status).toBe(404);
    expect((await outsider.api.get(`/api/v1/stations/${station.id}/commands`)).status).toBe(404);
    expect((await outsider.api.get(`/api/v1/commands/${sent.body.commandId}`)).status).toBe(404);
    expect(received.map((c) => c.action)).toEqual(['ClearCache']);
    expect(await rowsOf(station.id)).toHaveLength(1);
  });

  it("lets an accountant read the station's commands but not send one", async () => {
    const who = await operator();
    const { station } = await simulatedLocker(who, 'ocpp1.6');
    const accountant = await colleague(who, 'accountant');
    const attempt = await accountant.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'clearCache',
    });
    expect(attempt.status).toBe(403);
    expect((await accountant.get(`/api/v1/stations/${station.id}/commands`)).body).toEqual([]);
  });

  it('lists recent commands with their outcome and shows one', async () => {
    const who = await operator();
    const { station } = await simulatedLocker(who, 'ocpp2.0.1');
    const first = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'getConfiguration',
      keys: ['HeartbeatInterval'],
    });
    const second = await who.api.post(`/api/v1/stations/${station.id}/commands`, {
      command: 'triggerMessage',
      message: 'heartbeat',
    });

    const list = await who.api.get(`/api/v1/stations/${station.id}/commands`);
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([second.body.commandId, first.body.commandId]);
    expect(list.body[1]).toMatchObject({
      command: 'getConfiguration',
      action: 'GetVariables',
      status: 'answered',
      result: { values: [{ key: 'OCPPCommCtrlr.HeartbeatInterval', status: 'accepted' }] },
    });

    const one = await who.api.get(`/api/v1/commands/${first.body.commandId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: first.body.commandId,
      stationId: station.id,
      request: { protocol: 'ocpp2.0.1', ocpp: { action: 'GetVariables' } },
      error: null,
    });
    expect(one.body.requestedBy).toMatch(/^staff:/);
  });
});
