import { createRPCError } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, StationFixtures } from './testing/fixtures.js';
import { TestCsms } from './testing/test-csms.js';

const CARD = '04A1B2C3D4E5F6';

let csms: TestCsms;
const v16 = new StationFixtures(() => csms, { version: 'ocpp1.6', kind: 'locker' });
const v201 = new StationFixtures(() => csms, { version: 'ocpp2.0.1', kind: 'locker' });

beforeAll(async () => {
  csms = await TestCsms.start({ password: PASSWORD, acceptedTokens: [CARD] });
});
afterEach(async () => {
  await Promise.all([v16.stopAll(), v201.stopAll()]);
  expect(csms.violations).toEqual([]);
});
afterAll(async () => {
  await csms.close();
});

describe('a station without a connection', () => {
  it('1.6: queues door, status and transaction messages while offline and delivers them in order after reconnect', async () => {
    const sim = await v16.start({ meterIntervalMs: 60, powerW: 60_000 });
    const id = sim.chargeBoxId;
    expect(
      await csms.command(id, 'SendLocalList', {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [{ idTag: CARD, idTagInfo: { status: 'Accepted' } }],
      }),
    ).toEqual({ status: 'Accepted' });
    await sim.disconnect();
    const since = csms.mark();
    const offlineFrom = Date.now();

    sim.openDoor(1);
    sim.putItem(1);
    sim.closeDoor(1);
    const authorized = sim.waitFor('authorize');
    expect(await sim.presentCard(1, CARD)).toEqual({ result: 'started', status: 'Accepted' });
    expect(await authorized).toMatchObject({ offline: true, status: 'Accepted' });
    await sim.waitFor('meter');
    await sim.waitFor('meter');
    expect(await sim.presentCard(1, CARD)).toEqual({ result: 'stopped' });

    const queued = sim.pendingMessages;
    expect(csms.callsOf(id, undefined, since)).toEqual([]);
    expect(queued.filter((a) => a !== 'MeterValues')).toEqual([
      'DataTransfer', // open
      'StatusNotification', // Preparing
      'DataTransfer', // closed
      'DataTransfer', // locked
      'StartTransaction',
      'StatusNotification', // Charging
      'StopTransaction',
      'DataTransfer', // unlocked
      'StatusNotification', // Finishing
    ]);
    expect(queued.filter((a) => a === 'MeterValues').length).toBeGreaterThanOrEqual(2);

    await sim.reconnect();
    const delivered = csms.callsOf(id, undefined, since);
    expect(delivered.map((c) => c.action)).toEqual(queued);
    const start = delivered.find((c) => c.action === 'StartTransaction')!;
    const stop = delivered.find((c) => c.action === 'StopTransaction')!;
    const meter = delivered.filter((c) => c.action === 'MeterValues');
    // The id the CSMS assigned late is used by everything that followed the start.
    expect(typeof stop.params.transactionId).toBe('number');
    expect(meter.every((c) => c.params.transactionId === stop.params.transactionId)).toBe(true);
    // Timestamps tell when things happened, not when they arrived.
    expect(Date.parse(start.params.timestamp)).toBeLessThan(Date.parse(stop.params.timestamp));
    expect(Date.parse(stop.params.timestamp)).toBeLessThan(stop.at);
    expect(Date.parse(start.params.timestamp)).toBeGreaterThanOrEqual(offlineFrom - 5);
    expect(stop.params.meterStop).toBeGreaterThan(start.params.meterStart);
    expect(csms.callsOf(id, 'BootNotification', since)).toEqual([]); // a reconnect is not a reboot
    expect(sim.pendingMessages).toEqual([]);
  });

  it('2.0.1: marks late TransactionEvents offline and keeps their seqNo and transaction id', async () => {
    const sim = await v201.start({ meterIntervalMs: 60 });
    const id = sim.chargeBoxId;
    await sim.presentCard(2, CARD); // online: the card lands in the authorization cache
    await sim.presentCard(2, CARD);
    await sim.flush();
    await sim.disconnect();
    const since = csms.mark();

    expect(await sim.presentCard(2, CARD)).toEqual({ result: 'started', status: 'Accepted' });
    await sim.waitFor('meter');
    await sim.presentCard(2, CARD);
    await sim.reconnect();

    const events = csms.callsOf(id, 'TransactionEvent', since).map((c) => c.params);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events[0]).toMatchObject({ eventType: 'Started', seqNo: 0, offline: true });
    expect(events.at(-1)).toMatchObject({
      eventType: 'Ended',
      offline: true,
      transactionInfo: { stoppedReason: 'Local' },
    });
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(new Set(events.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(csms.callsOf(id, 'Authorize', since)).toEqual([]);
  });

  it('refuses an unknown card while offline and queues nothing for it', async () => {
    const sim = await v201.start();
    await sim.disconnect();
    expect(await sim.presentCard(1, 'UNKNOWN-CARD')).toEqual({ result: 'refused', status: 'Unknown' });
    expect(sim.pendingMessages).toEqual([]);
  });

  it('reconnects by itself after a network loss and delivers what happened meanwhile', async () => {
    const sim = await v201.start();
    const id = sim.chargeBoxId;
    await sim.presentCard(1, CARD);
    await sim.flush();
    const disconnected = sim.waitFor('disconnected');
    await csms.cut(id);
    await disconnected;
    const since = csms.mark();

    await sim.presentCard(1, CARD); // the same card ends its session without asking anyone
    sim.openDoor(1);
    await sim.waitUntil(() => sim.connected, 5_000, 'reconnected');
    await sim.flush();

    const late = csms.callsOf(id, undefined, since);
    const ended = late.find((c) => c.action === 'TransactionEvent')!;
    expect(ended.params).toMatchObject({ eventType: 'Ended' });
    const doors = late.filter((c) => c.action === 'NotifyEvent');
    expect(
      doors.map((c) => c.params.eventData.map((e: { variable: { name: string } }) => e.variable.name)),
    ).toEqual([['Locked'], ['Open']]);
    expect(ended.seq).toBeLessThan(doors[0]!.seq);
    expect(csms.callsOf(id, 'BootNotification', since)).toEqual([]);
  });

  it('finds its way back after dropConnection, and stays away with reconnect: false until told', async () => {
    const sim = await v16.start();
    await sim.flush();
    const afterBoot = csms.mark();
    const back = sim.waitFor('connected');
    sim.dropConnection();
    await back;
    sim.openDoor(1);
    await sim.flush();
    expect(csms.callsOf(sim.chargeBoxId, 'DataTransfer', afterBoot)).toHaveLength(1);

    const stubborn = await v16.start({ reconnect: false });
    await stubborn.flush();
    const stubbornBooted = csms.mark();
    const gone = stubborn.waitFor('disconnected');
    stubborn.dropConnection();
    await gone;
    stubborn.openDoor(2);
    await expect(stubborn.flush(300)).rejects.toThrow(/still queued/);
    expect(stubborn.connected).toBe(false);
    await stubborn.reconnect();
    expect(csms.callsOf(stubborn.chargeBoxId, 'DataTransfer', stubbornBooted)).toHaveLength(1);
  });

  it('sends a message again when the connection died before the CSMS answered it', async () => {
    const sim = await v16.start();
    const id = sim.chargeBoxId;
    await sim.presentCard(1, CARD);
    await sim.flush();
    csms.respond('StopTransaction', () => new Promise(() => undefined)); // the answer never comes
    try {
      await sim.presentCard(1, CARD);
      const first = await csms.waitForCall(id, 'StopTransaction');
      csms.restore('StopTransaction');
      await csms.cut(id);
      const both = await csms.waitForCalls(id, 'StopTransaction', 2);
      expect(both[1]!.params).toEqual(first.params);
      await sim.flush();
    } finally {
      csms.restore('StopTransaction');
    }
  });

  it('gives up on a message the CSMS keeps refusing after TransactionMessageAttempts and goes on', async () => {
    const sim = await v16.start();
    const id = sim.chargeBoxId;
    expect(
      await csms.command(id, 'ChangeConfiguration', { key: 'TransactionMessageRetryInterval', value: '0' }),
    ).toEqual({
      status: 'Accepted',
    });
    csms.respond('MeterValues', () => {
      throw createRPCError('InternalError', 'database down');
    });
    try {
      await sim.presentCard(1, CARD);
      await csms.command(id, 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 });
      await sim.waitUntil(
        () => sim.pendingMessages.length === 0 && csms.callsOf(id, 'MeterValues').length === 3,
      );
      await sim.presentCard(1, CARD);
      await csms.waitForCall(id, 'StopTransaction');
      expect(csms.callsOf(id, 'MeterValues')).toHaveLength(3);
    } finally {
      csms.restore('MeterValues');
    }
  });
});
