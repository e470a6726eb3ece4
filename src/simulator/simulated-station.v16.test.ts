import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, StationFixtures } from './testing/fixtures.js';
import { TestCsms, type RecordedCall } from './testing/test-csms.js';

const CARD = '04A1B2C3D4E5F6';
const OTHER_CARD = '04B1B2C3D4E5F7';
const PIN = '482913';

let csms: TestCsms;
const stations = new StationFixtures(() => csms, { version: 'ocpp1.6', kind: 'locker' });

beforeAll(async () => {
  csms = await TestCsms.start({ password: PASSWORD, acceptedTokens: [CARD, OTHER_CARD, PIN] });
});
afterEach(async () => {
  await stations.stopAll();
  expect(csms.violations).toEqual([]);
});
afterAll(async () => {
  await csms.close();
});

const doorData = (call: RecordedCall) =>
  JSON.parse(call.params.data as string) as { connectorId: number; door: string };
const actionsOf = (id: string, since = 0) => csms.callsOf(id, undefined, since).map((c) => c.action);

describe('SimulatedStation on OCPP 1.6: boot and status', () => {
  it('boots with vendor and model and reports every connector, connector 0 included', async () => {
    const sim = stations.make({ vendor: 'Musterbau', model: 'LS-12' });
    expect(await sim.start()).toBe('Accepted');

    const boot = csms.callsOf(sim.chargeBoxId, 'BootNotification');
    expect(boot).toHaveLength(1);
    expect(boot[0]!.params).toMatchObject({ chargePointVendor: 'Musterbau', chargePointModel: 'LS-12' });
    const statuses = csms.callsOf(sim.chargeBoxId, 'StatusNotification').map((c) => c.params);
    expect(statuses.map((s) => [s.connectorId, s.status])).toEqual([
      [0, 'Available'],
      [1, 'Available'],
      [2, 'Available'],
      [3, 'Available'],
    ]);
    expect(statuses.every((s) => s.errorCode === 'NoError' && typeof s.timestamp === 'string')).toBe(true);
    expect(sim.compartment(2)).toMatchObject({ door: 'closed', occupied: false, status: 'Available' });
  });

  it('reports every door after the boot, so the CSMS knows them from the start', async () => {
    const sim = stations.make();
    await sim.start();
    await sim.flush();
    const doors = csms
      .callsOf(sim.chargeBoxId, 'DataTransfer')
      .map((c) => JSON.parse(c.params.data as string) as { connectorId: number; door: string });
    expect(doors).toEqual([
      { connectorId: 1, door: 'closed' },
      { connectorId: 2, door: 'closed' },
      { connectorId: 3, door: 'closed' },
    ]);
  });

  it('is turned away with a wrong password', async () => {
    const sim = stations.make({ password: 'not-the-password' });
    await expect(sim.start()).rejects.toThrow();
    expect(sim.connected).toBe(false);
    expect(csms.callsOf(sim.chargeBoxId)).toEqual([]);
  });

  it('keeps booting while Pending, says nothing else, then heartbeats at the accepted interval', async () => {
    const sim = stations.make();
    let boots = 0;
    csms.respond('BootNotification', (_params, identity) => {
      if (identity !== sim.chargeBoxId)
        return { status: 'Accepted', interval: 300, currentTime: new Date().toISOString() };
      boots += 1;
      return {
        status: boots === 1 ? 'Pending' : 'Accepted',
        interval: 1,
        currentTime: new Date().toISOString(),
      };
    });
    try {
      expect(await sim.start()).toBe('Pending');
      sim.openDoor(1); // queued, not sent while Pending
      await csms.waitForCalls(sim.chargeBoxId, 'BootNotification', 2, undefined, { timeoutMs: 3_000 });
      await csms.waitForCall(sim.chargeBoxId, 'Heartbeat', undefined, { timeoutMs: 3_000 });
    } finally {
      csms.restore('BootNotification');
    }
    const actions = actionsOf(sim.chargeBoxId);
    expect(actions.slice(0, 2)).toEqual(['BootNotification', 'BootNotification']);
    // The door opened while Pending is reported after acceptance, not before.
    const door = csms.callsOf(sim.chargeBoxId, 'DataTransfer')[0]!;
    expect(door.seq).toBeGreaterThan(csms.callsOf(sim.chargeBoxId, 'BootNotification')[1]!.seq);
    expect(sim.settings.heartbeatIntervalS).toBe(1);
  });
  it('stays silent after Rejected and boots again after the interval', async () => {
    const sim = stations.make();
    let boots = 0;
    csms.respond('BootNotification', (_params, identity) => {
      if (identity === sim.chargeBoxId) boots += 1;
      const status = identity === sim.chargeBoxId && boots === 1 ? 'Rejected' : 'Accepted';
      return { status, interval: 1, currentTime: new Date().toISOString() };
    });
    try {
      expect(await sim.start()).toBe('Rejected');
      await expect(sim.presentCard(1, CARD)).resolves.toEqual({ result: 'refused', status: 'Unknown' });
      expect(actionsOf(sim.chargeBoxId)).toEqual(['BootNotification']);
      await csms.waitForCalls(sim.chargeBoxId, 'BootNotification', 2, undefined, { timeoutMs: 3_000 });
      await sim.waitUntil(() => sim.registration === 'Accepted');
      await sim.flush();
    } finally {
      csms.restore('BootNotification');
    }
    expect(csms.callsOf(sim.chargeBoxId, 'StatusNotification')).toHaveLength(4);
    expect(csms.callsOf(sim.chargeBoxId, 'Authorize')).toEqual([]);
  });
});

describe('SimulatedStation on OCPP 1.6: a locker used with an RFID card', () => {
  it('reports door, item, start, meter values and stop in the order they happen', async () => {
    const sim = await stations.start({ meterIntervalMs: 150, powerW: 36_000 }); // 1.5 Wh per sample
    const id = sim.chargeBoxId;
    const since = csms.mark();

    sim.openDoor(2);
    sim.putItem(2);
    sim.closeDoor(2);
    const started = await sim.presentCard(2, CARD);
    expect(started).toEqual({ result: 'started', status: 'Accepted' });
    expect(sim.compartment(2)).toMatchObject({ door: 'locked', status: 'Charging' });

    const start = await csms.waitForCall(id, 'StartTransaction', undefined, { since });
    expect(start.params).toMatchObject({ connectorId: 2, idTag: CARD, meterStart: 0 });
    await sim.waitUntil(() => sim.transactions[0]?.transactionId !== undefined);
    const transactionId = sim.transactions[0]!.transactionId;
    const meter = await csms.waitForCalls(id, 'MeterValues', 2, (p) => p.transactionId === transactionId, {
      since,
    });
    const energy = meter.map((c) => Number(c.params.meterValue[0].sampledValue[0].value));
    expect(meter[0]!.params.meterValue[0].sampledValue[0]).toMatchObject({
      measurand: 'Energy.Active.Import.Register',
      unit: 'Wh',
      context: 'Sample.Periodic',
    });
    expect(meter[0]!.params.meterValue[0].sampledValue[1]).toMatchObject({
      measurand: 'Power.Active.Import',
      value: '36000',
    });
    expect(energy[1]).toBeGreaterThan(energy[0]!);

    const stopped = await sim.presentCard(2, CARD);
    expect(stopped).toEqual({ result: 'stopped' });
    const stop = await csms.waitForCall(id, 'StopTransaction', undefined, { since });
    expect(stop.params).toMatchObject({ transactionId, reason: 'Local', idTag: CARD });
    expect(stop.params.meterStop).toBeGreaterThanOrEqual(energy[1]!);
    expect(
      stop.params.transactionData.map(
        (m: { sampledValue: Array<{ context: string }> }) => m.sampledValue[0]!.context,
      ),
    ).toEqual(['Transaction.Begin', 'Transaction.End']);
    expect(sim.compartment(2)).toMatchObject({ door: 'closed', status: 'Finishing', transaction: undefined });

    sim.openDoor(2);
    sim.removeItem(2);
    sim.closeDoor(2);
    await csms.waitForCall(id, 'StatusNotification', (p) => p.connectorId === 2 && p.status === 'Available', {
      since: stop.seq,
    });

    await sim.flush();
    const story = csms
      .callsOf(id, undefined, since)
      .filter((c) => c.action !== 'MeterValues' && c.action !== 'Authorize')
      .map((c) =>
        c.action === 'DataTransfer'
          ? `door ${doorData(c).door}`
          : c.action === 'StatusNotification'
            ? c.params.status
            : c.action,
      );
    expect(story).toEqual([
      'door open',
      'Preparing',
      'door closed',
      'door locked',
      'StartTransaction',
      'Charging',
      'StopTransaction',
      'door closed',
      'Finishing',
      'door open',
      'Available',
      'door closed',
    ]);
    expect(
      csms
        .callsOf(id, 'DataTransfer', since)
        .every((c) => c.params.vendorId === 'de.fachwerk' && c.params.messageId === 'DoorState'),
    ).toBe(true);
  });

  it('refuses an unknown card without starting anything', async () => {
    const sim = await stations.start();
    const since = csms.mark();
    expect(await sim.presentCard(1, 'FFFF0000')).toEqual({ result: 'refused', status: 'Invalid' });
    expect(actionsOf(sim.chargeBoxId, since)).toEqual(['Authorize']);
    expect(sim.transactions).toEqual([]);
  });

  it('does not let another card end a running session or open its door', async () => {
    const sim = await stations.start();
    await sim.presentCard(1, CARD);
    expect(await sim.presentCard(1, OTHER_CARD)).toEqual({ result: 'refused', status: 'Accepted' });
    expect(sim.compartment(1)).toMatchObject({ door: 'locked', transaction: { idToken: { value: CARD } } });
    expect(() => sim.openDoor(1)).toThrow(/locked/);
  });

  it('ends the session whose token is the PIN typed at the keypad', async () => {
    const sim = await stations.start();
    const since = csms.mark();
    expect(
      await csms.command(sim.chargeBoxId, 'RemoteStartTransaction', { connectorId: 3, idTag: PIN }),
    ).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(sim.chargeBoxId, 'StartTransaction', (p) => p.idTag === PIN, { since });

    expect(await sim.typePin(PIN)).toEqual({ result: 'stopped', status: 'Accepted', evseId: 3 });
    const authorize = await csms.waitForCall(sim.chargeBoxId, 'Authorize', undefined, { since });
    expect(authorize.params).toEqual({ idTag: PIN });
    await csms.waitForCall(sim.chargeBoxId, 'StopTransaction', (p) => p.reason === 'Local', { since });
    expect(sim.compartment(3).door).toBe('closed');
  });

  it('stops a session the CSMS did not accept at StartTransaction (StopTransactionOnInvalidId)', async () => {
    const sim = await stations.start();
    csms.respond('StartTransaction', () => ({ transactionId: 999_001, idTagInfo: { status: 'Blocked' } }));
    try {
      await sim.presentCard(1, CARD);
      const stop = await csms.waitForCall(
        sim.chargeBoxId,
        'StopTransaction',
        (p) => p.transactionId === 999_001,
      );
      expect(stop.params.reason).toBe('DeAuthorized');
    } finally {
      csms.restore('StartTransaction');
    }
  });
});

describe('SimulatedStation on OCPP 1.6: commands from the CSMS', () => {
  it('starts remotely on a closed compartment and refuses a busy one or an open door', async () => {
    const sim = await stations.start();
    sim.openDoor(2);
    expect(
      await csms.command(sim.chargeBoxId, 'RemoteStartTransaction', { connectorId: 2, idTag: CARD }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(
      await csms.command(sim.chargeBoxId, 'RemoteStartTransaction', { connectorId: 1, idTag: CARD }),
    ).toEqual({
      status: 'Accepted',
    });
    await sim.waitUntil(() => sim.compartment(1).transaction !== undefined);
    expect(
      await csms.command(sim.chargeBoxId, 'RemoteStartTransaction', { connectorId: 1, idTag: OTHER_CARD }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(sim.compartment(1).door).toBe('locked');
  });

  it('stops remotely by transaction id and unlocks the door; an unknown id is rejected', async () => {
    const sim = await stations.start();
    await sim.presentCard(1, CARD);
    await sim.waitUntil(() => sim.transactions[0]?.transactionId !== undefined);
    const transactionId = sim.transactions[0]!.transactionId as number;

    expect(
      await csms.command(sim.chargeBoxId, 'RemoteStopTransaction', { transactionId: transactionId + 1000 }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(await csms.command(sim.chargeBoxId, 'RemoteStopTransaction', { transactionId })).toEqual({
      status: 'Accepted',
    });
    const stop = await csms.waitForCall(
      sim.chargeBoxId,
      'StopTransaction',
      (p) => p.transactionId === transactionId,
    );
    expect(stop.params.reason).toBe('Remote');
    expect(stop.params.idTag).toBeUndefined();
    await sim.waitUntil(() => sim.compartment(1).door === 'closed');
  });

  it('UnlockConnector stops the running session first, then the door springs open', async () => {
    const sim = await stations.start();
    sim.openDoor(2);
    sim.putItem(2);
    sim.closeDoor(2);
    await sim.presentCard(2, CARD);
    await sim.flush();
    const since = csms.mark();

    expect(await csms.command(sim.chargeBoxId, 'UnlockConnector', { connectorId: 2 })).toEqual({
      status: 'Unlocked',
    });
    expect(await csms.command(sim.chargeBoxId, 'UnlockConnector', { connectorId: 9 })).toEqual({
      status: 'NotSupported',
    });
    const door = await csms.waitForCall(sim.chargeBoxId, 'DataTransfer', (p) => p.data.includes('"open"'), {
      since,
    });
    const stop = await csms.waitForCall(sim.chargeBoxId, 'StopTransaction', undefined, { since });
    expect(stop.params.reason).toBe('UnlockCommand');
    expect(stop.seq).toBeLessThan(door.seq);
    expect(doorData(door)).toEqual({ connectorId: 2, door: 'open' });
    expect(sim.compartment(2)).toMatchObject({ door: 'open', occupied: true, transaction: undefined });
  });

  it('ChangeAvailability Inoperative is Scheduled while charging and applied when the session ends', async () => {
    const sim = await stations.start();
    await sim.presentCard(1, CARD);
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' }),
    ).toEqual({
      status: 'Scheduled',
    });
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' }),
    ).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(
      sim.chargeBoxId,
      'StatusNotification',
      (p) => p.connectorId === 2 && p.status === 'Unavailable',
    );
    expect(sim.compartment(1).status).toBe('SuspendedEV'); // still in its session, nothing plugged in

    await sim.presentCard(1, CARD);
    await csms.waitForCall(
      sim.chargeBoxId,
      'StatusNotification',
      (p) => p.connectorId === 1 && p.status === 'Unavailable',
    );
    expect(
      await csms.command(sim.chargeBoxId, 'RemoteStartTransaction', { connectorId: 1, idTag: CARD }),
    ).toEqual({
      status: 'Rejected',
    });
    const beforeOperative = csms.mark();
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeAvailability', { connectorId: 0, type: 'Operative' }),
    ).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(
      sim.chargeBoxId,
      'StatusNotification',
      (p) => p.connectorId === 1 && p.status === 'Available',
      {
        since: beforeOperative,
      },
    );
    expect(sim.compartment(1).operative).toBe(true);
  });

  it('answers GetConfiguration and applies ChangeConfiguration, refusing unknown keys and bad values', async () => {
    const sim = await stations.start();
    const all = await csms.command(sim.chargeBoxId, 'GetConfiguration', {});
    const keys = all.configurationKey.map((k: { key: string }) => k.key);
    expect(keys).toEqual(
      expect.arrayContaining(['HeartbeatInterval', 'MeterValueSampleInterval', 'NumberOfConnectors']),
    );

    expect(
      await csms.command(sim.chargeBoxId, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '42' }),
    ).toEqual({
      status: 'Accepted',
    });
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '9' }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeConfiguration', { key: 'FluxCapacitor', value: '1' }),
    ).toEqual({
      status: 'NotSupported',
    });
    expect(
      await csms.command(sim.chargeBoxId, 'ChangeConfiguration', {
        key: 'MeterValueSampleInterval',
        value: '5',
      }),
    ).toEqual({
      status: 'Accepted',
    });

    const some = await csms.command(sim.chargeBoxId, 'GetConfiguration', {
      key: ['HeartbeatInterval', 'MeterValueSampleInterval', 'NumberOfConnectors', 'FluxCapacitor'],
    });
    expect(some).toEqual({
      configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: '42' },
        { key: 'MeterValueSampleInterval', readonly: false, value: '5' },
        { key: 'NumberOfConnectors', readonly: true, value: '3' },
      ],
      unknownKey: ['FluxCapacitor'],
    });
    expect(sim.settings).toMatchObject({ heartbeatIntervalS: 42, meterIntervalMs: 5000 });
  });

  it('sends the messages TriggerMessage asks for, after answering', async () => {
    const sim = await stations.start();
    const since = csms.mark();
    expect(
      await csms.command(sim.chargeBoxId, 'TriggerMessage', {
        requestedMessage: 'StatusNotification',
        connectorId: 2,
      }),
    ).toEqual({
      status: 'Accepted',
    });
    const status = await csms.waitForCall(sim.chargeBoxId, 'StatusNotification', undefined, { since });
    expect(status.params).toMatchObject({ connectorId: 2, status: 'Available' });

    expect(await csms.command(sim.chargeBoxId, 'TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(sim.chargeBoxId, 'Heartbeat', undefined, { since });

    await sim.presentCard(3, CARD);
    expect(
      await csms.command(sim.chargeBoxId, 'TriggerMessage', {
        requestedMessage: 'MeterValues',
        connectorId: 3,
      }),
    ).toEqual({
      status: 'Accepted',
    });
    const meter = await csms.waitForCall(sim.chargeBoxId, 'MeterValues', undefined, { since });
    expect(meter.params.connectorId).toBe(3);
    expect(meter.params.transactionId).toBe(sim.transactions[0]!.transactionId);
    expect(meter.params.meterValue[0].sampledValue[0].context).toBe('Trigger');

    expect(
      await csms.command(sim.chargeBoxId, 'TriggerMessage', { requestedMessage: 'BootNotification' }),
    ).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(sim.chargeBoxId, 'BootNotification', undefined, { since });
    expect(
      await csms.command(sim.chargeBoxId, 'TriggerMessage', {
        requestedMessage: 'MeterValues',
        connectorId: 7,
      }),
    ).toEqual({
      status: 'Rejected',
    });
  });

  it('stores the local list, reports its version and refuses an outdated differential update', async () => {
    const sim = await stations.start();
    expect(await csms.command(sim.chargeBoxId, 'GetLocalListVersion', {})).toEqual({ listVersion: 0 });
    expect(
      await csms.command(sim.chargeBoxId, 'SendLocalList', {
        listVersion: 3,
        updateType: 'Full',
        localAuthorizationList: [{ idTag: 'LOCAL-1', idTagInfo: { status: 'Accepted' } }],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await csms.command(sim.chargeBoxId, 'SendLocalList', {
        listVersion: 2,
        updateType: 'Differential',
        localAuthorizationList: [{ idTag: 'LOCAL-2', idTagInfo: { status: 'Accepted' } }],
      }),
    ).toEqual({ status: 'VersionMismatch' });
    expect(await csms.command(sim.chargeBoxId, 'GetLocalListVersion', {})).toEqual({ listVersion: 3 });
    expect(await csms.command(sim.chargeBoxId, 'ClearCache', {})).toEqual({ status: 'Accepted' });
  });

  it('Reset stops every session with the reset as reason, reconnects and boots again', async () => {
    const sim = await stations.start();
    await sim.presentCard(1, CARD);
    await sim.presentCard(2, OTHER_CARD);
    await sim.flush();
    const since = csms.mark();
    const disconnected = sim.waitFor('disconnected');

    expect(await csms.command(sim.chargeBoxId, 'Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await disconnected;
    await csms.waitForCall(sim.chargeBoxId, 'BootNotification', undefined, { since });
    await csms.waitForCalls(sim.chargeBoxId, 'StatusNotification', 4, undefined, {
      since: csms.callsOf(sim.chargeBoxId, 'BootNotification').at(-1)!.seq,
    });

    const stops = csms.callsOf(sim.chargeBoxId, 'StopTransaction', since);
    expect(stops.map((c) => c.params.reason)).toEqual(['SoftReset', 'SoftReset']);
    const boot = csms.callsOf(sim.chargeBoxId, 'BootNotification', since)[0]!;
    expect(stops.every((c) => c.seq < boot.seq)).toBe(true);
    expect(sim.transactions).toEqual([]);
    expect(sim.registration).toBe('Accepted');
  });

  it('answers the door-state DataTransfer and refuses other vendors', async () => {
    const sim = await stations.start();
    sim.openDoor(3);
    expect(
      await csms.command(sim.chargeBoxId, 'DataTransfer', {
        vendorId: 'de.fachwerk',
        messageId: 'DoorState',
        data: JSON.stringify({ connectorId: 3 }),
      }),
    ).toEqual({ status: 'Accepted', data: JSON.stringify({ connectorId: 3, door: 'open' }) });
    expect(await csms.command(sim.chargeBoxId, 'DataTransfer', { vendorId: 'com.example' })).toEqual({
      status: 'UnknownVendorId',
    });
  });

  it('answers a known but unsimulated action with NotSupported', async () => {
    const sim = await stations.start();
    await expect(
      csms.command(sim.chargeBoxId, 'ReserveNow', {
        connectorId: 1,
        expiryDate: new Date().toISOString(),
        idTag: CARD,
        reservationId: 1,
      }),
    ).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });
  });

  it('sends a raw frame unchecked and hands back the CSMS answer frame', async () => {
    const sim = await stations.start();
    const answer = await sim.sendRaw([2, 'raw-1', 'Heartbeat', { unexpected: true }]);
    expect(answer?.slice(0, 3)).toEqual([4, 'raw-1', 'PropertyConstraintViolation']);
    expect(csms.takeViolations(sim.chargeBoxId)).toHaveLength(1);
    const ok = await sim.sendRaw([2, 'raw-2', 'Heartbeat', {}]);
    expect(ok?.[0]).toBe(3);
    expect(await sim.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});
