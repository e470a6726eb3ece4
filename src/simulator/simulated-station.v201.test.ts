import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, StationFixtures } from './testing/fixtures.js';
import { TestCsms, type Payload, type RecordedCall } from './testing/test-csms.js';

const CARD = '04A1B2C3D4E5F6';
const OTHER_CARD = '04B1B2C3D4E5F7';
const PIN = '482913';

let csms: TestCsms;
const stations = new StationFixtures(() => csms, { version: 'ocpp2.0.1', kind: 'locker' });

beforeAll(async () => {
  csms = await TestCsms.start({ password: PASSWORD, acceptedTokens: [CARD, OTHER_CARD, PIN, 'SMS-0171'] });
});
afterEach(async () => {
  await stations.stopAll();
  expect(csms.violations).toEqual([]);
});
afterAll(async () => {
  await csms.close();
});

/** "Open=true", "Locked=false", ... for each eventData of a NotifyEvent. */
const doorEvents = (call: RecordedCall) =>
  (call.params.eventData as Payload[]).map(
    (e) => `${e.component.evse.id}:${e.variable.name}=${e.actualValue}`,
  );
const txEvents = (id: string, since = 0) => csms.callsOf(id, 'TransactionEvent', since).map((c) => c.params);

describe('SimulatedStation on OCPP 2.0.1: boot and status', () => {
  it('boots with reason PowerUp and reports each EVSE on connector 1', async () => {
    const sim = stations.make({ vendor: 'Musterbau', model: 'LS-12' });
    expect(await sim.start()).toBe('Accepted');

    const [boot] = csms.callsOf(sim.chargeBoxId, 'BootNotification');
    expect(boot!.params).toMatchObject({
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Musterbau', model: 'LS-12' },
    });
    const statuses = csms.callsOf(sim.chargeBoxId, 'StatusNotification').map((c) => c.params);
    expect(statuses.map((s) => [s.evseId, s.connectorId, s.connectorStatus])).toEqual([
      [1, 1, 'Available'],
      [2, 1, 'Available'],
      [3, 1, 'Available'],
    ]);
    expect(statuses.every((s) => !Number.isNaN(Date.parse(s.timestamp)))).toBe(true);
  });

  it('reports the Open and Locked state of every door after the boot', async () => {
    const sim = stations.make();
    await sim.start();
    await sim.flush();
    const reports = csms.callsOf(sim.chargeBoxId, 'NotifyEvent').map(doorEvents);
    expect(reports).toEqual([
      ['1:Open=false', '1:Locked=false'],
      ['2:Open=false', '2:Locked=false'],
      ['3:Open=false', '3:Locked=false'],
    ]);
  });
});

describe('SimulatedStation on OCPP 2.0.1: a locker used with an RFID card', () => {
  it('reports the door as NotifyEvent and the session as TransactionEvents with growing seqNo', async () => {
    const sim = await stations.start({ meterIntervalMs: 150, powerW: 36_000 });
    const id = sim.chargeBoxId;
    const since = csms.mark();

    sim.openDoor(1);
    sim.putItem(1);
    sim.closeDoor(1);
    expect(await sim.presentCard(1, CARD)).toEqual({ result: 'started', status: 'Accepted' });
    const authorize = await csms.waitForCall(id, 'Authorize', undefined, { since });
    expect(authorize.params).toEqual({ idToken: { idToken: CARD, type: 'ISO14443' } });
    await csms.waitForCalls(id, 'TransactionEvent', 3, undefined, { since }); // Started + 2 periodic updates
    await sim.presentCard(1, CARD);
    const ended = await csms.waitForCall(id, 'TransactionEvent', (p) => p.eventType === 'Ended', { since });
    await sim.flush(); // the door unlocks after the Ended event

    const events = txEvents(id, since);
    const transactionId = events[0]!.transactionInfo.transactionId;
    expect(events[0]).toMatchObject({
      eventType: 'Started',
      triggerReason: 'Authorized',
      seqNo: 0,
      idToken: { idToken: CARD, type: 'ISO14443' },
      evse: { id: 1, connectorId: 1 },
      transactionInfo: { chargingState: 'Charging' },
    });
    expect(events[0]!.offline).toBeUndefined();
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(events.every((e) => e.transactionInfo.transactionId === transactionId)).toBe(true);
    expect(
      events.slice(1, -1).every((e) => e.eventType === 'Updated' && e.triggerReason === 'MeterValuePeriodic'),
    ).toBe(true);
    expect(ended.params).toMatchObject({
      triggerReason: 'StopAuthorized',
      transactionInfo: { stoppedReason: 'Local' },
      idToken: { idToken: CARD },
    });
    const energy = events.map((e) => e.meterValue[0].sampledValue[0].value as number);
    expect(energy.at(-1)).toBeGreaterThan(energy[0]!);
    expect(events[1]!.meterValue[0].sampledValue[0]).toMatchObject({
      measurand: 'Energy.Active.Import.Register',
      unitOfMeasure: { unit: 'Wh' },
    });

    const doors = csms.callsOf(id, 'NotifyEvent', since);
    expect(doors.map(doorEvents)).toEqual([
      ['1:Open=true'],
      ['1:Open=false'],
      ['1:Locked=true'],
      ['1:Locked=false'],
    ]);
    expect(doors[0]!.params).toMatchObject({ seqNo: 0, tbc: false });
    expect(doors[0]!.params.eventData[0]).toMatchObject({
      trigger: 'Delta',
      eventNotificationType: 'HardWiredNotification',
      component: { name: 'Door', evse: { id: 1 } },
    });
    const statuses = csms.callsOf(id, 'StatusNotification', since).map((c) => c.params.connectorStatus);
    expect(statuses).toEqual(['Occupied']); // the item went in; it stays occupied until taken out
  });

  it('authorizes a keypad PIN as KeyCode and starts where it was typed', async () => {
    const sim = await stations.start();
    expect(await sim.typePin(PIN, 2)).toEqual({ result: 'started', status: 'Accepted', evseId: 2 });
    const authorize = await csms.waitForCall(sim.chargeBoxId, 'Authorize');
    expect(authorize.params).toEqual({ idToken: { idToken: PIN, type: 'KeyCode' } });
    const started = await csms.waitForCall(
      sim.chargeBoxId,
      'TransactionEvent',
      (p) => p.eventType === 'Started',
    );
    expect(started.params.idToken).toEqual({ idToken: PIN, type: 'KeyCode' });
    expect(await sim.typePin(PIN)).toEqual({ result: 'stopped', status: 'Accepted', evseId: 2 });
  });
});

describe('SimulatedStation on OCPP 2.0.1: commands from the CSMS', () => {
  it('starts on RequestStartTransaction with the remoteStartId and stops on RequestStopTransaction', async () => {
    const sim = await stations.start();
    const id = sim.chargeBoxId;
    expect(
      await csms.command(id, 'RequestStartTransaction', {
        evseId: 3,
        remoteStartId: 77,
        idToken: { idToken: 'SMS-0171', type: 'Central' },
      }),
    ).toEqual({ status: 'Accepted' });
    const started = await csms.waitForCall(id, 'TransactionEvent', (p) => p.eventType === 'Started');
    expect(started.params).toMatchObject({
      triggerReason: 'RemoteStart',
      transactionInfo: { remoteStartId: 77 },
      idToken: { idToken: 'SMS-0171', type: 'Central' },
      evse: { id: 3 },
    });
    expect(sim.compartment(3).door).toBe('locked');

    const transactionId = started.params.transactionInfo.transactionId as string;
    expect(await csms.command(id, 'RequestStopTransaction', { transactionId: 'not-a-transaction' })).toEqual({
      status: 'Rejected',
    });
    expect(await csms.command(id, 'RequestStopTransaction', { transactionId })).toEqual({
      status: 'Accepted',
    });
    const ended = await csms.waitForCall(id, 'TransactionEvent', (p) => p.eventType === 'Ended');
    expect(ended.params).toMatchObject({
      triggerReason: 'RemoteStop',
      transactionInfo: { transactionId, stoppedReason: 'Remote' },
    });
    expect(ended.params.idToken).toBeUndefined();
  });

  it('refuses UnlockConnector during a session and pops the door open otherwise', async () => {
    const sim = await stations.start();
    await sim.presentCard(2, CARD);
    expect(await csms.command(sim.chargeBoxId, 'UnlockConnector', { evseId: 2, connectorId: 1 })).toEqual({
      status: 'OngoingAuthorizedTransaction',
    });
    expect(await csms.command(sim.chargeBoxId, 'UnlockConnector', { evseId: 9, connectorId: 1 })).toEqual({
      status: 'UnknownConnector',
    });
    await sim.presentCard(2, CARD);
    await sim.flush();
    const since = csms.mark();
    expect(await csms.command(sim.chargeBoxId, 'UnlockConnector', { evseId: 2, connectorId: 1 })).toEqual({
      status: 'Unlocked',
    });
    const door = await csms.waitForCall(sim.chargeBoxId, 'NotifyEvent', undefined, { since });
    expect(doorEvents(door)).toEqual(['2:Open=true']);
    expect(sim.compartment(2).door).toBe('open');
  });

  it('Reset OnIdle waits for the running session, then boots again with reason RemoteReset', async () => {
    const sim = await stations.start();
    await sim.presentCard(1, CARD);
    await sim.flush();
    const since = csms.mark();
    expect(await csms.command(sim.chargeBoxId, 'Reset', { type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    expect(sim.connected).toBe(true);

    await sim.presentCard(1, CARD);
    const boot = await csms.waitForCall(sim.chargeBoxId, 'BootNotification', undefined, { since });
    expect(boot.params.reason).toBe('RemoteReset');
    const ended = csms
      .callsOf(sim.chargeBoxId, 'TransactionEvent', since)
      .find((c) => c.params.eventType === 'Ended')!;
    expect(ended.params.transactionInfo.stoppedReason).toBe('Local');
    expect(ended.seq).toBeLessThan(boot.seq);
  });

  it('Reset Immediate ends running sessions with ImmediateReset before rebooting', async () => {
    const sim = await stations.start();
    await sim.presentCard(1, CARD);
    await sim.flush();
    const since = csms.mark();
    expect(await csms.command(sim.chargeBoxId, 'Reset', { type: 'Immediate' })).toEqual({
      status: 'Accepted',
    });
    const boot = await csms.waitForCall(sim.chargeBoxId, 'BootNotification', undefined, { since });
    const ended = csms.callsOf(sim.chargeBoxId, 'TransactionEvent', since)[0]!;
    expect(ended.params).toMatchObject({
      eventType: 'Ended',
      triggerReason: 'ResetCommand',
      transactionInfo: { stoppedReason: 'ImmediateReset' },
    });
    expect(ended.seq).toBeLessThan(boot.seq);
    await sim.waitUntil(() => sim.registration === 'Accepted');
  });

  it('reads and writes variables and reports them with GetBaseReport in NotifyReport parts', async () => {
    const sim = await stations.start();
    const id = sim.chargeBoxId;
    const set = await csms.command(id, 'SetVariables', {
      setVariableData: [
        {
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
          attributeValue: '90',
        },
        {
          component: { name: 'SampledDataCtrlr' },
          variable: { name: 'TxUpdatedInterval' },
          attributeValue: 'often',
        },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'X' },
        { component: { name: 'Flux' }, variable: { name: 'Capacitor' }, attributeValue: '1' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'Capacitor' }, attributeValue: '1' },
      ],
    });
    expect(set.setVariableResult.map((r: Payload) => r.attributeStatus)).toEqual([
      'Accepted',
      'Rejected',
      'Rejected',
      'UnknownComponent',
      'UnknownVariable',
    ]);
    sim.openDoor(2);
    const get = await csms.command(id, 'GetVariables', {
      getVariableData: [
        { component: { name: 'ocppcommctrlr' }, variable: { name: 'heartbeatinterval' } },
        { component: { name: 'Door', evse: { id: 2 } }, variable: { name: 'Open' } },
        { component: { name: 'Door', evse: { id: 2 } }, variable: { name: 'Locked' } },
        {
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
          attributeType: 'MaxSet',
        },
      ],
    });
    expect(get.getVariableResult.map((r: Payload) => [r.attributeStatus, r.attributeValue])).toEqual([
      ['Accepted', '90'],
      ['Accepted', 'true'],
      ['Accepted', 'false'],
      ['NotSupportedAttributeType', undefined],
    ]);

    const since = csms.mark();
    expect(await csms.command(id, 'GetBaseReport', { requestId: 5, reportBase: 'FullInventory' })).toEqual({
      status: 'Accepted',
    });
    const parts = await csms
      .waitForCall(id, 'NotifyReport', (p) => p.tbc === false, { since })
      .then(() => csms.callsOf(id, 'NotifyReport', since).map((c) => c.params));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.seqNo)).toEqual(parts.map((_, i) => i));
    expect(parts.every((p) => p.requestId === 5)).toBe(true);
    const reported = parts.flatMap((p) => p.reportData as Payload[]);
    expect(reported).toContainEqual(
      expect.objectContaining({
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
        variableAttribute: [{ type: 'Actual', value: '90', mutability: 'ReadWrite' }],
      }),
    );
    expect(await csms.command(id, 'GetBaseReport', { requestId: 6, reportBase: 'SummaryInventory' })).toEqual(
      {
        status: 'Accepted',
      },
    );
  });

  it('keeps display messages and exposes the last one', async () => {
    const sim = await stations.start();
    expect(
      await csms.command(sim.chargeBoxId, 'SetDisplayMessage', {
        message: {
          id: 1,
          priority: 'NormalCycle',
          message: { format: 'UTF8', language: 'de', content: 'Fach 3 frei' },
        },
      }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await csms.command(sim.chargeBoxId, 'SetDisplayMessage', {
        message: { id: 2, priority: 'InFront', message: { format: 'UTF8', content: 'Willkommen' } },
      }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await csms.command(sim.chargeBoxId, 'SetDisplayMessage', {
        message: {
          id: 3,
          priority: 'InFront',
          transactionId: 'nope',
          message: { format: 'UTF8', content: 'x' },
        },
      }),
    ).toEqual({ status: 'UnknownTransaction' });
    expect(sim.lastDisplayMessage).toEqual({
      id: 2,
      priority: 'InFront',
      format: 'UTF8',
      content: 'Willkommen',
    });
    expect(sim.displayMessages.map((m) => m.content)).toEqual(['Fach 3 frei', 'Willkommen']);

    expect(await csms.command(sim.chargeBoxId, 'GetDisplayMessages', { requestId: 4, id: [1] })).toEqual({
      status: 'Accepted',
    });
    const notify = await csms.waitForCall(sim.chargeBoxId, 'NotifyDisplayMessages');
    expect(notify.params.messageInfo).toEqual([
      { id: 1, priority: 'NormalCycle', message: { format: 'UTF8', content: 'Fach 3 frei', language: 'de' } },
    ]);
    expect(await csms.command(sim.chargeBoxId, 'ClearDisplayMessage', { id: 2 })).toEqual({
      status: 'Accepted',
    });
    expect(await csms.command(sim.chargeBoxId, 'ClearDisplayMessage', { id: 2 })).toEqual({
      status: 'Unknown',
    });
  });

  it('answers TriggerMessage: no second boot once accepted, statuses and meter values on request', async () => {
    const sim = await stations.start();
    const id = sim.chargeBoxId;
    const since = csms.mark();
    expect(await csms.command(id, 'TriggerMessage', { requestedMessage: 'BootNotification' })).toEqual({
      status: 'Rejected',
    });
    expect(
      await csms.command(id, 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2 } }),
    ).toEqual({
      status: 'Accepted',
    });
    const status = await csms.waitForCall(id, 'StatusNotification', undefined, { since });
    expect(status.params).toMatchObject({ evseId: 2, connectorId: 1, connectorStatus: 'Available' });
    expect(
      await csms.command(id, 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 2 } }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(
      await csms.command(id, 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 2 } }),
    ).toEqual({
      status: 'Accepted',
    });
    const meter = await csms.waitForCall(id, 'MeterValues', undefined, { since });
    expect(meter.params.evseId).toBe(2);
    expect(csms.callsOf(id, 'BootNotification', since)).toEqual([]);
  });

  it('changes availability per EVSE and for the whole station', async () => {
    const sim = await stations.start();
    const id = sim.chargeBoxId;
    expect(
      await csms.command(id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 3 } }),
    ).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(
      id,
      'StatusNotification',
      (p) => p.evseId === 3 && p.connectorStatus === 'Unavailable',
    );
    expect(
      await csms.command(id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 8 } }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(
      await csms.command(id, 'RequestStartTransaction', {
        evseId: 3,
        remoteStartId: 1,
        idToken: { idToken: CARD, type: 'ISO14443' },
      }),
    ).toEqual({
      status: 'Rejected',
    });
    expect(await csms.command(id, 'ChangeAvailability', { operationalStatus: 'Inoperative' })).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(
      id,
      'StatusNotification',
      (p) => p.evseId === 1 && p.connectorStatus === 'Unavailable',
    );
    const station = await csms.command(id, 'GetVariables', {
      getVariableData: [{ component: { name: 'ChargingStation' }, variable: { name: 'AvailabilityState' } }],
    });
    expect(station.getVariableResult[0].attributeValue).toBe('Unavailable');
  });

  it('stores the local list by version and clears the authorization cache', async () => {
    const sim = await stations.start();
    const id = sim.chargeBoxId;
    expect(
      await csms.command(id, 'SendLocalList', {
        versionNumber: 4,
        updateType: 'Full',
        localAuthorizationList: [
          { idToken: { idToken: 'LOCAL-1', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        ],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(
      await csms.command(id, 'SendLocalList', {
        versionNumber: 5,
        updateType: 'Differential',
        localAuthorizationList: [{ idToken: { idToken: 'LOCAL-1', type: 'ISO14443' } }],
      }),
    ).toEqual({ status: 'Accepted' });
    expect(await csms.command(id, 'GetLocalListVersion', {})).toEqual({ versionNumber: 5 });
    expect(await csms.command(id, 'ClearCache', {})).toEqual({ status: 'Accepted' });
    const entries = await csms.command(id, 'GetVariables', {
      getVariableData: [{ component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'Entries' } }],
    });
    expect(entries.getVariableResult[0].attributeValue).toBe('0');
  });
});

describe('SimulatedStation on OCPP 2.0.1: a charge point', () => {
  it('charges after plug-in and card, and ends the session when the cable is pulled', async () => {
    const sim = await stations.start({ kind: 'charge_point', evses: 2, powerW: 11_000 });
    const id = sim.chargeBoxId;
    expect(() => sim.openDoor(1)).toThrow(/no doors/);
    sim.plugIn(2);
    await csms.waitForCall(
      id,
      'StatusNotification',
      (p) => p.evseId === 2 && p.connectorStatus === 'Occupied',
    );
    await sim.presentCard(2, OTHER_CARD);
    sim.addEnergy(2, 1500);
    sim.plugOut(2);
    const ended = await csms.waitForCall(id, 'TransactionEvent', (p) => p.eventType === 'Ended');
    expect(ended.params).toMatchObject({
      triggerReason: 'EVCommunicationLost',
      transactionInfo: { stoppedReason: 'EVDisconnected' },
    });
    const started = csms.callsOf(id, 'TransactionEvent').find((c) => c.params.eventType === 'Started')!;
    const energy = (e: RecordedCall) => e.params.meterValue[0].sampledValue[0].value as number;
    expect(energy(ended) - energy(started)).toBeGreaterThanOrEqual(1500);
    expect(energy(ended) - energy(started)).toBeLessThan(1600);
    await csms.waitForCall(
      id,
      'StatusNotification',
      (p) => p.evseId === 2 && p.connectorStatus === 'Available',
      {
        since: ended.seq,
      },
    );
  });
});
