import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import type { LiveEvent } from '../live/live-events.js';
import { makeInstitution, makeStation, type MakeStationInput } from '../../test/support/factories.js';
import {
  callErrorOf,
  connectStation,
  refusedWith,
  sendRaw,
  waitFor,
  type TestProtocol,
  type TestStation,
} from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startTestServer({ heartbeatIntervalS: 120, messageLogPerStation: 10 });
  institutionId = (await makeInstitution(server.database.db)).id;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = () => server.database.db;

async function station(protocol: TestProtocol, values: Partial<MakeStationInput> = {}) {
  const made = await makeStation(db(), { institutionId, evses: 2, ...values });
  const connect = async (password = made.password) => {
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: made.station.chargeBoxId,
      password,
      protocols: [protocol],
    });
    clients.push(client);
    return client;
  };
  return { ...made, connect };
}

const boot16 = { chargePointVendor: 'Acme', chargePointModel: 'Locker 12', firmwareVersion: '1.2.3' };
const boot201 = {
  reason: 'PowerUp',
  chargingStation: { vendorName: 'Acme', model: 'Wallbox', serialNumber: 'SN-1' },
};

async function stationRow(id: string) {
  const [row] = await db().select().from(s.stations).where(eq(s.stations.id, id));
  return row!;
}

describe('connecting', () => {
  it('accepts a station with its password and records the connection', async () => {
    const st = await station('ocpp1.6');
    const client = await st.connect();
    expect(client.protocol).toBe('ocpp1.6');
    const row = await waitFor(async () => {
      const r = await stationRow(st.station.id);
      return r.connectedNode !== null && r;
    });
    expect(row.connectedNode).toBe(server.config.nodeId);
    expect(row.ocppVersion).toBe('ocpp1.6');
    expect(server.fachwerk.services.connections.get(st.station.chargeBoxId)?.stationId).toBe(st.station.id);
  });

  it('refuses a wrong password with 401', async () => {
    const st = await station('ocpp1.6');
    expect(
      await refusedWith({
        endpoint: server.ocppUrl,
        identity: st.station.chargeBoxId,
        password: 'not-the-password-at-all',
        protocols: ['ocpp1.6'],
      }),
    ).toBe(401);
  });

  it('refuses a station without a password with 401', async () => {
    const st = await station('ocpp1.6');
    expect(
      await refusedWith({
        endpoint: server.ocppUrl,
        identity: st.station.chargeBoxId,
        protocols: ['ocpp1.6'],
      }),
    ).toBe(401);
  });

  it('refuses an unknown station with 401', async () => {
    expect(
      await refusedWith({
        endpoint: server.ocppUrl,
        identity: 'NOBODY-KNOWS-ME',
        password: 'some-password-1234',
        protocols: ['ocpp1.6'],
      }),
    ).toBe(401);
  });

  it('refuses a client that offers no OCPP subprotocol', async () => {
    const st = await station('ocpp1.6');
    expect(
      await refusedWith({
        endpoint: server.ocppUrl,
        identity: st.station.chargeBoxId,
        password: st.password,
        protocols: [],
      }),
    ).toBe(400);
    expect(
      await refusedWith({
        endpoint: server.ocppUrl,
        identity: st.station.chargeBoxId,
        password: st.password,
        protocols: ['ocpp1.5'],
      }),
    ).toBe(400);
  });

  it('prefers 2.0.1 when a station offers both versions', async () => {
    const st = await station('ocpp2.0.1');
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: st.station.chargeBoxId,
      password: st.password,
      protocols: ['ocpp1.6', 'ocpp2.0.1'],
    });
    clients.push(client);
    expect(client.protocol).toBe('ocpp2.0.1');
  });

  it('checks a changed password at once, even right after a verified connection', async () => {
    const st = await station('ocpp1.6');
    const first = await st.connect();
    await first.close();
    const { hashPassword } = await import('../shared/passwords.js');
    await db()
      .update(s.stations)
      .set({ passwordHash: await hashPassword('a-brand-new-password-42') })
      .where(eq(s.stations.id, st.station.id));
    expect(
      await refusedWith({
        endpoint: server.ocppUrl,
        identity: st.station.chargeBoxId,
        password: st.password,
        protocols: ['ocpp1.6'],
      }),
    ).toBe(401);
    const second = await st.connect('a-brand-new-password-42');
    expect(second.protocol).toBe('ocpp1.6');
  });

  it('marks the station offline when it disconnects', async () => {
    const st = await station('ocpp2.0.1');
    const client = await st.connect();
    await waitFor(async () => (await stationRow(st.station.id)).connectedNode !== null);
    await client.close();
    await waitFor(async () => (await stationRow(st.station.id)).connectedNode === null, { what: 'offline' });
    expect(server.fachwerk.services.connections.get(st.station.chargeBoxId)).toBeUndefined();
  });

  it('lets a second connection with the same id replace the first, and the old one closing does not mark it offline', async () => {
    const st = await station('ocpp1.6');
    const first = await st.connect();
    const firstClosed = new Promise<{ code: number }>((resolve) => first.once('close', resolve));
    const second = await st.connect();
    expect((await firstClosed).code).toBe(1000);
    // The new connection works and the station counts as online.
    const answer = (await second.call('Heartbeat', {})) as { currentTime: string };
    expect(typeof answer.currentTime).toBe('string');
    await server.fachwerk.services.stationState.flush();
    expect((await stationRow(st.station.id)).connectedNode).toBe(server.config.nodeId);
    // Commands reach the new connection.
    second.handle('GetConfiguration', () =>
      Promise.resolve({ configurationKey: [{ key: 'Owner', readonly: true, value: 'second' }] }),
    );
    const link = server.fachwerk.services.connections.get(st.station.chargeBoxId);
    expect(await link!.call('GetConfiguration', {}, { timeoutMs: 2_000 })).toEqual({
      configurationKey: [{ key: 'Owner', readonly: true, value: 'second' }],
    });
  });
});

describe('unknown stations at an institution URL', () => {
  it('keeps an unknown station as pending, answers its boot Pending and refuses other messages', async () => {
    const open = await makeInstitution(db(), { acceptUnknownStations: true });
    const client = await connectStation({
      endpoint: `${server.ocppUrl}/${open.slug}`,
      identity: 'NEW-LOCKER-1',
      password: 'presented-password-123',
      protocols: ['ocpp2.0.1'],
    });
    clients.push(client);
    const [row] = await db().select().from(s.stations).where(eq(s.stations.chargeBoxId, 'NEW-LOCKER-1'));
    expect(row).toMatchObject({ institutionId: open.id, registration: 'pending' });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const boot = (await client.call('BootNotification', boot201)) as { status: string; interval: number };
    expect(boot.status).toBe('Pending');
    expect(
      await callErrorOf(
        client.call('StatusNotification', {
          timestamp: new Date().toISOString(),
          connectorStatus: 'Available',
          evseId: 1,
          connectorId: 1,
        }),
      ),
    ).toBe('SecurityError');
    // Heartbeats are still answered.
    await client.call('Heartbeat', {});
    await client.close();
    // The presented password is the station's password from now on.
    expect(
      await refusedWith({
        endpoint: `${server.ocppUrl}/${open.slug}`,
        identity: 'NEW-LOCKER-1',
        password: 'another-password-456',
        protocols: ['ocpp2.0.1'],
      }),
    ).toBe(401);
  });

  it('does not keep an unknown station whose password or id a station could not be registered with', async () => {
    const open = await makeInstitution(db(), { acceptUnknownStations: true });
    const attempt = (identity: string, password: string) =>
      refusedWith({ endpoint: `${server.ocppUrl}/${open.slug}`, identity, password, protocols: ['ocpp1.6'] });
    expect(await attempt('NEW-LOCKER-3', 'short')).toBe(401);
    expect(await attempt('NEW LOCKER 4', 'presented-password-123')).toBe(401);
    const kept = await db().select().from(s.stations).where(eq(s.stations.institutionId, open.id));
    expect(kept).toEqual([]);
  });

  it('refuses unknown stations when the institution does not accept them', async () => {
    const closed = await makeInstitution(db(), { acceptUnknownStations: false });
    expect(
      await refusedWith({
        endpoint: `${server.ocppUrl}/${closed.slug}`,
        identity: 'NEW-LOCKER-2',
        password: 'presented-password-123',
        protocols: ['ocpp1.6'],
      }),
    ).toBe(401);
    const [n] = await db()
      .select({ n: count() })
      .from(s.stations)
      .where(eq(s.stations.chargeBoxId, 'NEW-LOCKER-2'));
    expect(n!.n).toBe(0);
  });

  it('does not let a station connect through another institution URL', async () => {
    const other = await makeInstitution(db(), { acceptUnknownStations: true });
    const st = await station('ocpp1.6');
    expect(
      await refusedWith({
        endpoint: `${server.ocppUrl}/${other.slug}`,
        identity: st.station.chargeBoxId,
        password: st.password,
        protocols: ['ocpp1.6'],
      }),
    ).toBe(401);
  });
});

describe('boot', () => {
  it('accepts the boot of an accepted station with the configured heartbeat interval and stores its details', async () => {
    const st = await station('ocpp1.6');
    const client = await st.connect();
    const events: LiveEvent[] = [];
    const unsubscribe = server.fachwerk.services.deps.live.subscribe((e) => events.push(e));
    const boot = (await client.call('BootNotification', boot16)) as {
      status: string;
      interval: number;
      currentTime: string;
    };
    unsubscribe();
    expect(boot).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(Number.isNaN(Date.parse(boot.currentTime))).toBe(false);
    expect(await stationRow(st.station.id)).toMatchObject({
      vendor: 'Acme',
      model: 'Locker 12',
      firmwareVersion: '1.2.3',
    });
    expect(events).toContainEqual({
      type: 'station.booted',
      institutionId,
      stationId: st.station.id,
      registration: 'accepted',
    });
  });

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'rejects the boot of a rejected station (%s) and refuses its other messages',
    async (protocol) => {
      const st = await station(protocol, { registration: 'rejected' });
      const client = await st.connect();
      const boot = (await client.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201)) as {
        status: string;
      };
      expect(boot.status).toBe('Rejected');
      const auth =
        protocol === 'ocpp1.6'
          ? client.call('Authorize', { idTag: 'ABC' })
          : client.call('Authorize', { idToken: { idToken: 'ABC', type: 'ISO14443' } });
      expect(await callErrorOf(auth)).toBe(protocol === 'ocpp1.6' ? 'GenericError' : 'SecurityError');
    },
  );

  it('answers a pending station Pending', async () => {
    const st = await station('ocpp1.6', { registration: 'pending' });
    const client = await st.connect();
    expect(((await client.call('BootNotification', boot16)) as { status: string }).status).toBe('Pending');
  });
});

describe('malformed messages', () => {
  it.each([
    ['ocpp1.6', 'BootNotification', { chargePointVendor: 'Acme' }, 'OccurrenceConstraintViolation'],
    [
      'ocpp1.6',
      'BootNotification',
      { chargePointVendor: 42, chargePointModel: 'X' },
      'TypeConstraintViolation',
    ],
    [
      'ocpp1.6',
      'StatusNotification',
      { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' },
      'PropertyConstraintViolation',
    ],
    [
      'ocpp1.6',
      'BootNotification',
      { chargePointVendor: 'A'.repeat(21), chargePointModel: 'X' },
      'FormationViolation',
    ],
    ['ocpp1.6', 'FlyToTheMoon', {}, 'NotImplemented'],
    ['ocpp2.0.1', 'BootNotification', { reason: 'PowerUp' }, 'OccurrenceConstraintViolation'],
    ['ocpp2.0.1', 'Heartbeat', { extra: true }, 'PropertyConstraintViolation'],
    [
      'ocpp2.0.1',
      'BootNotification',
      { reason: 'PowerUp', chargingStation: { model: 'M'.repeat(21), vendorName: 'V' } },
      'FormatViolation',
    ],
    [
      'ocpp2.0.1',
      'StatusNotification',
      { timestamp: new Date().toISOString(), connectorStatus: 'Sleeping', evseId: 1, connectorId: 1 },
      'PropertyConstraintViolation',
    ],
    ['ocpp2.0.1', 'Heartbeat', [], 'TypeConstraintViolation'],
    ['ocpp2.0.1', 'FlyToTheMoon', {}, 'NotImplemented'],
    ['ocpp2.0.1', 'SignCertificate', { csr: 'x' }, 'NotSupported'],
  ] as const)(
    '%s %s with invalid params gets the right CALLERROR and the connection keeps working',
    async (protocol, action, params, code) => {
      const st = await station(protocol);
      const client = await st.connect();
      await client.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201);
      expect(await callErrorOf(client.call(action, params))).toBe(code);
      expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
    },
  );

  it('answers frames that are no OCPP-J message with a CALLERROR and stays connected', async () => {
    const st = await station('ocpp1.6');
    const client = await st.connect();
    expect((await sendRaw(client, 'this is not json', '-1')).slice(0, 3)).toEqual([
      4,
      '-1',
      'RpcFrameworkError',
    ]);
    // The message type is read before the message id, so the answer cannot name the id.
    expect((await sendRaw(client, '[7,"raw-2","Heartbeat",{}]', '-1')).slice(0, 3)).toEqual([
      4,
      '-1',
      'MessageTypeNotSupported',
    ]);
    expect((await sendRaw(client, '[2,"raw-3","Heartbeat",{}]', 'raw-3'))[0]).toBe(3);
    expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});

describe('message log', () => {
  it('records every exchange in both directions, a CALL with its answer, bounded per station', async () => {
    const st = await station('ocpp1.6');
    const client = await st.connect();
    for (let i = 0; i < 12; i++) await client.call('Heartbeat', {});
    await callErrorOf(client.call('FlyToTheMoon', {}));
    client.handle('GetConfiguration', () => Promise.resolve({ configurationKey: [] }));
    const link = server.fachwerk.services.connections.get(st.station.chargeBoxId)!;
    await link.call('GetConfiguration', { key: ['HeartbeatInterval'] }, { timeoutMs: 2_000 });
    const { messageLog } = server.fachwerk.services;
    await messageLog.flush();
    const rows = await db()
      .select()
      .from(s.ocppMessages)
      .where(eq(s.ocppMessages.stationId, st.station.id))
      .orderBy(s.ocppMessages.id);
    expect(rows).toHaveLength(14);
    expect(rows[0]).toMatchObject({
      direction: 'in',
      messageType: 2,
      action: 'Heartbeat',
      payload: {},
      responseType: 3,
    });
    expect(rows[12]).toMatchObject({
      direction: 'in',
      action: 'FlyToTheMoon',
      responseType: 4,
      response: { errorCode: 'NotImplemented' },
    });
    expect(rows[13]).toMatchObject({
      direction: 'out',
      messageType: 2,
      action: 'GetConfiguration',
      payload: { key: ['HeartbeatInterval'] },
      responseType: 3,
      response: { configurationKey: [] },
    });
    await messageLog.prune();
    const after = await db().select().from(s.ocppMessages).where(eq(s.ocppMessages.stationId, st.station.id));
    expect(after).toHaveLength(10);
    // The newest ones are kept.
    expect(after.map((m) => m.action)).toContain('GetConfiguration');
  });

  it('keeps the CALLERROR answering a malformed frame', async () => {
    const st = await station('ocpp2.0.1');
    const client = await st.connect();
    await sendRaw(client, 'not json at all', '-1');
    await server.fachwerk.services.messageLog.flush();
    const rows = await db().select().from(s.ocppMessages).where(eq(s.ocppMessages.stationId, st.station.id));
    expect(rows).toMatchObject([
      { direction: 'out', messageType: 4, messageId: '-1', payload: { errorCode: 'RpcFrameworkError' } },
    ]);
  });

  it("lists a station's messages newest first for staff of its institution only", async () => {
    const st = await station('ocpp2.0.1');
    const client = await st.connect();
    await client.call('Heartbeat', {});
    await client.call('BootNotification', boot201);
    const { messageLog } = server.fachwerk.services;
    await messageLog.flush();
    const staff = { kind: 'staff', staffId: 'x', role: 'service_technician', institutionId } as const;
    const ctx = { actor: staff, now: () => new Date(), log: server.fachwerk.services.deps.log };
    const messages = await messageLog.listForStation(ctx, st.station.id, { limit: 10 });
    expect(messages.map((m) => [m.direction, m.messageType, m.action, m.response?.messageType])).toEqual([
      ['in', 2, 'BootNotification', 3],
      ['in', 2, 'Heartbeat', 3],
    ]);
    expect(messages[0]!.response!.payload).toMatchObject({ status: 'Accepted' });
    const stranger = { ...ctx, actor: { ...staff, institutionId: '00000000-0000-4000-8000-000000000000' } };
    await expect(messageLog.listForStation(stranger, st.station.id, { limit: 10 })).rejects.toThrow(
      /not found/,
    );
  });
});
