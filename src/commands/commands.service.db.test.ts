/**
 * The command service against a real database and a real OCPP-J connection: an ocpp-rpc server
 * registers each station's link as the central system does, an ocpp-rpc client plays the station.
 */
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import ocppRpc from 'ocpp-rpc';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { auditLog, remoteCommands, stations } from '../db/schema.js';
import { ConnectionRegistry, type StationLink } from '../ocpp/connections.js';
import type { Actor, Ctx, StaffRole } from '../shared/context.js';
import {
  Forbidden,
  NotFound,
  NotSupported,
  StationOffline,
  StationRejected,
  StationTimeout,
  ValidationFailed,
} from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { SAMPLES } from './commands.fixtures.js';
import { CommandService } from './commands.service.js';

const { RPCClient, RPCServer, createRPCError } = ocppRpc;
type Protocol = 'ocpp1.6' | 'ocpp2.0.1';
type Client = InstanceType<typeof RPCClient>;

const log = pino({ level: 'silent' });
const TIMEOUT_MS = 600;

let database: Database;
let registry: ConnectionRegistry;
let service: CommandService;
let config: Config;
let server: InstanceType<typeof RPCServer>;
let url: string;
const stationsByChargeBox = new Map<string, { id: string; institutionId: string }>();
const clients: Client[] = [];

function ctxFor(actor: Actor): Ctx {
  return { actor, now: () => new Date(), log };
}

function staffActor(staff: { id: string; role: StaffRole; institutionId: string | null }): Actor {
  return { kind: 'staff', staffId: staff.id, role: staff.role, institutionId: staff.institutionId };
}

/** Bounded poll: resolves once `condition` holds, fails the test after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Handler = (method: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A station connected over a real WebSocket; `handler` answers every CSMS call. */
async function connectStation(chargeBoxId: string, protocol: Protocol, handler: Handler) {
  const received: Array<{ method: string; params: Record<string, unknown> }> = [];
  const options = {
    endpoint: url,
    identity: chargeBoxId,
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
  };
  const client = new RPCClient(options as ConstructorParameters<typeof RPCClient>[0]);
  client.handle(async ({ method, params }) => {
    received.push({ method: String(method), params: params as Record<string, unknown> });
    return handler(String(method), params as Record<string, unknown>);
  });
  await client.connect();
  await waitFor(() => registry.get(chargeBoxId) !== undefined, 'the station link to be registered');
  clients.push(client);
  return { client, received };
}

async function makeConnected(protocol: Protocol, handler: Handler) {
  const institution = await makeInstitution(database.db);
  const { station } = await makeStation(database.db, { institutionId: institution.id, evses: 3 });
  stationsByChargeBox.set(station.chargeBoxId, { id: station.id, institutionId: institution.id });
  const admin = await makeStaff(database.db, 'institution_admin', institution.id);
  const connection = await connectStation(station.chargeBoxId, protocol, handler);
  return { institution, station, ctx: ctxFor(staffActor(admin.staff)), ...connection };
}

const answerSamples =
  (protocol: Protocol): Handler =>
  async (method) => {
    const sample = SAMPLES[protocol].find((s) => s.action === method);
    if (sample === undefined) throw createRPCError('NotImplemented', `No ${method}`);
    return sample.answer;
  };

async function commandRow(id: string) {
  const [row] = await database.db.select().from(remoteCommands).where(eq(remoteCommands.id, id));
  return row!;
}

async function latestCommand(stationId: string) {
  const rows = await database.db.select().from(remoteCommands).where(eq(remoteCommands.stationId, stationId));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

beforeAll(async () => {
  database = await createTestDatabase();
  registry = new ConnectionRegistry();
  config = { ...loadConfig({}), logLevel: 'silent', commandTimeoutMs: TIMEOUT_MS };
  service = new CommandService({
    db: database.db,
    config,
    log,
    now: () => new Date(),
    connections: registry,
  });
  server = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true });
  server.on('client', (client: Client & { protocol: Protocol }) => {
    const identity = client.identity!;
    const row = stationsByChargeBox.get(identity)!;
    const link: StationLink = {
      chargeBoxId: identity,
      stationId: row.id,
      institutionId: row.institutionId,
      protocol: client.protocol,
      call: (action, params, options) =>
        client.call(action, params, {
          callTimeoutMs: options.timeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        }),
    };
    registry.set(link);
    client.once('close', () => registry.delete(link));
  });
  const http = await server.listen(0, '127.0.0.1');
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close({ force: true })));
  await server?.close({ force: true });
  await database?.close();
});

describe.each<Protocol>(['ocpp1.6', 'ocpp2.0.1'])('on an %s station', (protocol) => {
  it.each(SAMPLES[protocol].map((sample) => [sample.command.command, sample] as const))(
    'sends %s and returns the station answer',
    async (_name, sample) => {
      const { station, ctx, received } = await makeConnected(protocol, answerSamples(protocol));
      const sent = await service.send(ctx, station.id, sample.command);

      expect(received.map((r) => r.method)).toEqual([sample.action]);
      expect(sent.status).toBe('answered');
      expect(sent.result.status).toBe(sample.status);
      expect(sent.result.raw).toEqual(sample.answer);

      const row = await commandRow(sent.commandId);
      expect(row).toMatchObject({
        stationId: station.id,
        institutionId: station.institutionId,
        command: sample.command.command,
        action: sample.action,
        status: 'answered',
        response: sample.answer,
        error: null,
        requestedBy: `staff:${(ctx.actor as { staffId: string }).staffId}`,
      });
      expect(row.answeredAt).toBeInstanceOf(Date);
      // What is stored as sent is what the station received.
      expect((row.request as { ocpp: { params: unknown } }).ocpp.params).toEqual(received[0]!.params);
    },
  );
});

describe('sending', () => {
  it('fails at once for a station that is not connected, and records it', async () => {
    const institution = await makeInstitution(database.db);
    const { station } = await makeStation(database.db, { institutionId: institution.id });
    await database.db.update(stations).set({ ocppVersion: 'ocpp1.6' }).where(eq(stations.id, station.id));
    const admin = await makeStaff(database.db, 'service_technician', institution.id);

    const started = performance.now();
    await expect(
      service.send(ctxFor(staffActor(admin.staff)), station.id, {
        command: 'unlock',
        evseId: 1,
        reason: 'Tür klemmt',
      }),
    ).rejects.toBeInstanceOf(StationOffline);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS / 3);

    const row = await latestCommand(station.id);
    expect(row).toMatchObject({
      status: 'offline',
      action: 'UnlockConnector',
      command: 'unlock',
      answeredAt: null,
    });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.institutionId, institution.id), eq(auditLog.action, 'station.command.unlock')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      commandId: row!.id,
      reason: 'Tür klemmt',
      evseId: 1,
      outcome: 'offline',
    });
  });

  it('gives up after the configured timeout when the station never answers', async () => {
    const { station, ctx } = await makeConnected('ocpp1.6', () => new Promise(() => undefined));
    const started = performance.now();
    const error = await service.send(ctx, station.id, { command: 'clearCache' }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(StationTimeout);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
    expect(await latestCommand(station.id)).toMatchObject({
      status: 'timeout',
      response: null,
      answeredAt: null,
    });
  });

  it('waits only as long as the caller asks, when that is shorter', async () => {
    const { station, ctx } = await makeConnected('ocpp2.0.1', () => new Promise(() => undefined));
    const started = performance.now();
    await expect(
      service.send(ctx, station.id, { command: 'clearCache' }, { timeoutMs: 150 }),
    ).rejects.toBeInstanceOf(StationTimeout);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS - 100);
  });

  it('never waits longer than configured, whatever the caller asks', async () => {
    const { station, ctx } = await makeConnected('ocpp1.6', () => new Promise(() => undefined));
    const error = await service
      .send(ctx, station.id, { command: 'clearCache' }, { timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StationTimeout);
    expect((error as StationTimeout).details).toMatchObject({ timeoutMs: TIMEOUT_MS });
  });

  it('never sends a command whose time ran out while an earlier one was unanswered', async () => {
    // The station ignores ClearCache and answers everything else.
    const { station, ctx, received } = await makeConnected('ocpp1.6', async (method) =>
      method === 'ClearCache' ? new Promise(() => undefined) : answerSamples('ocpp1.6')(method, {}),
    );
    const first = service.send(ctx, station.id, { command: 'clearCache' }).catch((e: unknown) => e);
    // The unlock's shorter wait ends while the ClearCache still holds the line.
    const second = service
      .send(ctx, station.id, { command: 'unlock', evseId: 1, reason: 'Kunde wartet' }, { timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(await first).toBeInstanceOf(StationTimeout);
    expect(await second).toBeInstanceOf(StationTimeout);

    // Calls to a station go out in order: had the unlock been sent late, it would come before this one.
    const third = await service.send(ctx, station.id, { command: 'getLocalListVersion' });
    expect(third.result.status).toBe('accepted');
    expect(received.map((r) => r.method)).toEqual(['ClearCache', 'GetLocalListVersion']);
    const unlock = (await service.list(ctx, station.id)).find((c) => c.command === 'unlock');
    expect(unlock).toMatchObject({ status: 'timeout', error: expect.stringContaining('Not sent') });
  });

  it('sends queued commands to one station one after another', async () => {
    // Concurrent requests have no order among themselves; what must hold is that the station never
    // sees a second call before it answered the first (OCPP-J allows one call in flight).
    let inFlight = 0;
    let maxInFlight = 0;
    const answer = answerSamples('ocpp2.0.1');
    const { station, ctx, received } = await makeConnected('ocpp2.0.1', async (method, params) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Holds each answer over a few event-loop turns, so an overlapping call would arrive meanwhile.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return answer(method, params);
    });
    const results = await Promise.all([
      service.send(ctx, station.id, { command: 'clearCache' }),
      service.send(ctx, station.id, { command: 'getLocalListVersion' }),
      service.send(ctx, station.id, { command: 'reset', type: 'soft' }),
    ]);
    expect(results.map((r) => r.result.status)).toEqual(['rejected', 'accepted', 'scheduled']);
    expect(received.map((r) => r.method).sort()).toEqual(['ClearCache', 'GetLocalListVersion', 'Reset']);
    expect(maxInFlight).toBe(1);
  });

  it('turns a CALLERROR into StationRejected and keeps the station error', async () => {
    const { station, ctx } = await makeConnected('ocpp2.0.1', async () => {
      throw createRPCError('NotSupported', 'No display on this locker', { model: 'L12' });
    });
    const error = await service
      .send(ctx, station.id, { command: 'setDisplayMessage', message: 'Hallo' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StationRejected);
    expect((error as StationRejected).message).toContain('NotSupported: No display on this locker');
    const row = await latestCommand(station.id);
    expect(row).toMatchObject({
      status: 'failed',
      error: 'NotSupported: No display on this locker',
      response: {
        errorCode: 'NotSupported',
        errorDescription: 'No display on this locker',
        errorDetails: { model: 'L12' },
      },
    });
    expect(row!.answeredAt).toBeInstanceOf(Date);
  });

  it('reports a connection lost during the call as offline', async () => {
    const station: { client?: Client } = {};
    const connected = await makeConnected('ocpp1.6', async () => {
      // The station drops the connection while the command is in flight.
      void station.client!.close({ force: true });
      return new Promise(() => undefined);
    });
    station.client = connected.client;
    await expect(
      service.send(connected.ctx, connected.station.id, { command: 'reset', type: 'hard' }),
    ).rejects.toBeInstanceOf(StationOffline);
    expect(await latestCommand(connected.station.id)).toMatchObject({ status: 'failed' });
  });

  it('refuses a command the station version lacks, without sending it', async () => {
    const { station, ctx, received } = await makeConnected('ocpp1.6', answerSamples('ocpp1.6'));
    await expect(
      service.send(ctx, station.id, { command: 'getBaseReport', reportBase: 'fullInventory' }),
    ).rejects.toBeInstanceOf(NotSupported);
    expect(received).toEqual([]);
    expect(await latestCommand(station.id)).toBeUndefined();
  });

  it.each(['', '   '])('refuses an unlock without a reason (%j)', async (reason) => {
    const { station, ctx, received } = await makeConnected('ocpp2.0.1', answerSamples('ocpp2.0.1'));
    await expect(
      service.send(ctx, station.id, { command: 'unlock', evseId: 1, reason }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    expect(received).toEqual([]);
  });

  it('audits an emergency unlock with its reason and who asked', async () => {
    const { station, ctx } = await makeConnected('ocpp2.0.1', answerSamples('ocpp2.0.1'));
    const sent = await service.send(ctx, station.id, {
      command: 'unlock',
      evseId: 2,
      reason: '  Notentriegelung: Akku klemmt ',
    });
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.target, `station:${station.id}`), eq(auditLog.action, 'station.command.unlock')),
      );
    expect(audit).toMatchObject({
      institutionId: station.institutionId,
      actor: `staff:${(ctx.actor as { staffId: string }).staffId}`,
      details: {
        commandId: sent.commandId,
        evseId: 2,
        reason: 'Notentriegelung: Akku klemmt',
        action: 'UnlockConnector',
      },
    });
  });

  it('assigns a remote start id for 2.0.1 and returns it', async () => {
    const { station, ctx, received } = await makeConnected('ocpp2.0.1', answerSamples('ocpp2.0.1'));
    const sent = await service.send(ctx, station.id, {
      command: 'startSession',
      evseId: 1,
      idTag: '+4915112345678',
    });
    const remoteStartId = received[0]!.params.remoteStartId;
    expect(Number.isInteger(remoteStartId)).toBe(true);
    expect(sent.result.remoteStartId).toBe(remoteStartId);
  });

  it('lets internal flows send as the system', async () => {
    const { station } = await makeConnected('ocpp1.6', answerSamples('ocpp1.6'));
    const sent = await service.sendAsSystem('sms', station.id, {
      command: 'unlock',
      evseId: 1,
      reason: 'SMS stop by owner',
    });
    expect(sent.result.status).toBe('unlocked');
    expect(await commandRow(sent.commandId)).toMatchObject({ requestedBy: 'system:sms' });
  });
});

describe('tenant isolation', () => {
  it("does not let another institution's staff command a station, nor reveal it", async () => {
    const { station, received } = await makeConnected('ocpp1.6', answerSamples('ocpp1.6'));
    const other = await makeInstitution(database.db);
    const outsider = await makeStaff(database.db, 'institution_admin', other.id);
    const ctx = ctxFor(staffActor(outsider.staff));

    await expect(
      service.send(ctx, station.id, { command: 'unlock', evseId: 1, reason: 'x' }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(service.list(ctx, station.id)).rejects.toBeInstanceOf(NotFound);
    expect(received).toEqual([]);
    expect(await latestCommand(station.id)).toBeUndefined();
  });

  it("hides another institution's command", async () => {
    const { station, ctx } = await makeConnected('ocpp1.6', answerSamples('ocpp1.6'));
    const sent = await service.send(ctx, station.id, { command: 'clearCache' });
    const other = await makeInstitution(database.db);
    const outsider = await makeStaff(database.db, 'service_technician', other.id);
    await expect(service.get(ctxFor(staffActor(outsider.staff)), sent.commandId)).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('does not let an accountant send commands', async () => {
    const { station, institution, received } = await makeConnected('ocpp1.6', answerSamples('ocpp1.6'));
    const accountant = await makeStaff(database.db, 'accountant', institution.id);
    await expect(
      service.send(ctxFor(staffActor(accountant.staff)), station.id, { command: 'reset', type: 'soft' }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(received).toEqual([]);
  });

  it('lets a platform admin command any station', async () => {
    const { station } = await makeConnected('ocpp2.0.1', answerSamples('ocpp2.0.1'));
    const platform = await makeStaff(database.db, 'platform_admin', null);
    const sent = await service.send(ctxFor(staffActor(platform.staff)), station.id, {
      command: 'clearCache',
    });
    expect(sent.status).toBe('answered');
  });

  it('addresses a station by its charge box id too', async () => {
    const { station, ctx, received } = await makeConnected('ocpp1.6', answerSamples('ocpp1.6'));
    const sent = await service.send(ctx, station.chargeBoxId, { command: 'clearCache' });
    expect(received.map((r) => r.method)).toEqual(['ClearCache']);
    expect(await commandRow(sent.commandId)).toMatchObject({ stationId: station.id });
  });

  it('treats a malformed station id as not found', async () => {
    const platform = await makeStaff(database.db, 'platform_admin', null);
    await expect(
      service.send(ctxFor(staffActor(platform.staff)), 'not-a-uuid', { command: 'clearCache' }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe('reading commands', () => {
  it('lists the station commands newest first with their neutral results', async () => {
    const { station, ctx } = await makeConnected('ocpp2.0.1', answerSamples('ocpp2.0.1'));
    const first = await service.send(ctx, station.id, { command: 'getLocalListVersion' });
    const second = await service.send(ctx, station.id, { command: 'unlock', evseId: 3, reason: 'Reinigung' });

    const list = await service.list(ctx, station.id);
    expect(list.map((c) => c.id)).toEqual([second.commandId, first.commandId]);
    expect(list[1]).toMatchObject({
      command: 'getLocalListVersion',
      action: 'GetLocalListVersion',
      status: 'answered',
      response: { versionNumber: 2 },
      result: { status: 'accepted', listVersion: 2 },
    });
    expect(await service.list(ctx, station.id, { limit: 1 })).toHaveLength(1);

    const one = await service.get(ctx, second.commandId);
    expect(one).toMatchObject({
      id: second.commandId,
      request: { command: { command: 'unlock', evseId: 3, reason: 'Reinigung' }, protocol: 'ocpp2.0.1' },
      result: { status: 'ongoingAuthorizedTransaction' },
    });
  });
});
