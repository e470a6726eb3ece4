import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import type { LiveEvent } from '../live/live-events.js';
import { makeInstitution, makeStation } from '../../test/support/factories.js';
import { connectStation, type TestProtocol, type TestStation } from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
  institutionId = (await makeInstitution(server.database.db)).id;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = () => server.database.db;
const iso = (ms: number) => new Date(ms).toISOString();

async function locker(protocol: TestProtocol) {
  const made = await makeStation(db(), { institutionId, kind: 'locker', evses: 4 });
  const client = await connectStation({
    endpoint: server.ocppUrl,
    identity: made.station.chargeBoxId,
    password: made.password,
    protocols: [protocol],
    strictMode: true,
  });
  clients.push(client);
  await client.call(
    'BootNotification',
    protocol === 'ocpp1.6'
      ? { chargePointVendor: 'Acme', chargePointModel: 'Locker' }
      : { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'Locker' } },
  );
  return { ...made, client };
}

async function doorOf(stationId: string, evseId: number) {
  const [row] = await db()
    .select({ door: s.chargePoints.door, doorAt: s.chargePoints.doorAt })
    .from(s.chargePoints)
    .where(and(eq(s.chargePoints.stationId, stationId), eq(s.chargePoints.evseId, evseId)));
  return row?.door;
}

const doorState16 = (connectorId: number, door: string) => ({
  vendorId: 'de.fachwerk',
  messageId: 'DoorState',
  data: JSON.stringify({ connectorId, door }),
});

function doorEvent(evseId: number, variable: 'Open' | 'Locked', value: boolean, at: number, eventId = 1) {
  return {
    eventId,
    timestamp: iso(at),
    trigger: 'Delta',
    actualValue: String(value),
    eventNotificationType: 'HardWiredNotification',
    component: { name: 'Door', evse: { id: evseId } },
    variable: { name: variable },
  };
}

describe('locker doors over OCPP 1.6 (DataTransfer de.fachwerk / DoorState)', () => {
  it('stores the door of the compartment and publishes it', async () => {
    const { client, station } = await locker('ocpp1.6');
    const events: LiveEvent[] = [];
    const unsubscribe = server.fachwerk.services.deps.live.subscribe((e) => events.push(e));
    expect(await client.call('DataTransfer', doorState16(3, 'open'))).toEqual({ status: 'Accepted' });
    expect(await doorOf(station.id, 3)).toBe('open');
    await client.call('DataTransfer', doorState16(3, 'closed'));
    await client.call('DataTransfer', doorState16(3, 'locked'));
    unsubscribe();
    expect(await doorOf(station.id, 3)).toBe('locked');
    expect(
      events.filter((e) => e.type === 'chargePoint.door').map((e) => (e as { door: string }).door),
    ).toEqual(['open', 'closed', 'locked']);
  });

  it.each([
    ['not json', 'Rejected'],
    [JSON.stringify({ connectorId: 1, door: 'ajar' }), 'Rejected'],
    [JSON.stringify({ connectorId: 0, door: 'open' }), 'Rejected'],
  ])('rejects DoorState data %s', async (data, status) => {
    const { client } = await locker('ocpp1.6');
    expect(
      await client.call('DataTransfer', { vendorId: 'de.fachwerk', messageId: 'DoorState', data }),
    ).toEqual({ status });
  });

  it('answers other data transfers as unknown and keeps them', async () => {
    const { client, station } = await locker('ocpp1.6');
    expect(await client.call('DataTransfer', { vendorId: 'com.example', messageId: 'X', data: 'y' })).toEqual(
      { status: 'UnknownVendorId' },
    );
    expect(await client.call('DataTransfer', { vendorId: 'de.fachwerk', messageId: 'Other' })).toEqual({
      status: 'UnknownMessageId',
    });
    const kept = await db().select().from(s.stationEvents).where(eq(s.stationEvents.stationId, station.id));
    expect(kept.map((e) => e.kind)).toEqual(['data_transfer', 'data_transfer']);
  });
});

describe('locker doors over OCPP 2.0.1 (NotifyEvent, component Door)', () => {
  it('maps Open and Locked to the door state, in order', async () => {
    const { client, station } = await locker('ocpp2.0.1');
    const t = Date.now();
    await client.call('NotifyEvent', {
      generatedAt: iso(t),
      seqNo: 0,
      eventData: [doorEvent(2, 'Open', true, t)],
    });
    expect(await doorOf(station.id, 2)).toBe('open');
    await client.call('NotifyEvent', {
      generatedAt: iso(t + 1),
      seqNo: 1,
      eventData: [doorEvent(2, 'Open', false, t + 1, 2)],
    });
    expect(await doorOf(station.id, 2)).toBe('closed');
    await client.call('NotifyEvent', {
      generatedAt: iso(t + 2),
      seqNo: 2,
      eventData: [doorEvent(2, 'Locked', true, t + 2, 3)],
    });
    expect(await doorOf(station.id, 2)).toBe('locked');
    await client.call('NotifyEvent', {
      generatedAt: iso(t + 3),
      seqNo: 3,
      eventData: [doorEvent(2, 'Locked', false, t + 3, 4)],
    });
    expect(await doorOf(station.id, 2)).toBe('closed');
    // Opened, then closed and locked at once: both variables in one message.
    await client.call('NotifyEvent', {
      generatedAt: iso(t + 4),
      seqNo: 4,
      eventData: [doorEvent(2, 'Open', true, t + 4, 5)],
    });
    await client.call('NotifyEvent', {
      generatedAt: iso(t + 5),
      seqNo: 5,
      eventData: [doorEvent(2, 'Locked', true, t + 5, 6), doorEvent(2, 'Open', false, t + 5, 7)],
    });
    expect(await doorOf(station.id, 2)).toBe('locked');
    const kept = await db().select().from(s.stationEvents).where(eq(s.stationEvents.stationId, station.id));
    expect(kept).toHaveLength(6);
  });

  it('ignores a door report older than the stored one', async () => {
    const { client, station } = await locker('ocpp2.0.1');
    const t = Date.now();
    await client.call('NotifyEvent', {
      generatedAt: iso(t),
      seqNo: 0,
      eventData: [doorEvent(1, 'Locked', true, t)],
    });
    await client.call('NotifyEvent', {
      generatedAt: iso(t),
      seqNo: 1,
      eventData: [doorEvent(1, 'Open', true, t - 60_000)],
    });
    expect(await doorOf(station.id, 1)).toBe('locked');
  });

  it('leaves events about other components alone', async () => {
    const { client, station } = await locker('ocpp2.0.1');
    const t = Date.now();
    await client.call('NotifyEvent', {
      generatedAt: iso(t),
      seqNo: 0,
      eventData: [{ ...doorEvent(1, 'Open', true, t), component: { name: 'Connector', evse: { id: 1 } } }],
    });
    expect(await doorOf(station.id, 1)).toBeNull();
  });

  it('also accepts the 1.6 DataTransfer form', async () => {
    const { client, station } = await locker('ocpp2.0.1');
    expect(await client.call('DataTransfer', doorState16(4, 'open'))).toEqual({ status: 'Accepted' });
    expect(await doorOf(station.id, 4)).toBe('open');
  });
});
