import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, withAssignedIds, type Command } from './command.js';
import { assertValidRequest, isValidAnswer } from './translation.js';
import { fromOcpp201, toOcpp201 } from './v201.js';
import { ValidationFailed } from '../shared/errors.js';

/** Every command, with the exact 2.0.1 CALL it becomes. */
const requests: Array<[string, Command, string, Record<string, unknown>]> = [
  [
    'startSession with a card type',
    { command: 'startSession', evseId: 2, idTag: 'CARD-01', idTagType: 'ISO14443', remoteStartId: 7 },
    'RequestStartTransaction',
    { evseId: 2, remoteStartId: 7, idToken: { idToken: 'CARD-01', type: 'ISO14443' } },
  ],
  [
    'startSession as a central token by default',
    { command: 'startSession', evseId: 1, idTag: '+4915112345678', remoteStartId: 8 },
    'RequestStartTransaction',
    { evseId: 1, remoteStartId: 8, idToken: { idToken: '+4915112345678', type: 'Central' } },
  ],
  [
    'stopSession',
    { command: 'stopSession', transactionId: 'f3b1c2d4-tx' },
    'RequestStopTransaction',
    { transactionId: 'f3b1c2d4-tx' },
  ],
  [
    'unlock',
    { command: 'unlock', evseId: 3, reason: 'Notentriegelung' },
    'UnlockConnector',
    { evseId: 3, connectorId: 1 },
  ],
  ['soft reset', { command: 'reset', type: 'soft' }, 'Reset', { type: 'OnIdle' }],
  ['hard reset', { command: 'reset', type: 'hard' }, 'Reset', { type: 'Immediate' }],
  [
    'changeAvailability of one EVSE',
    { command: 'changeAvailability', evseId: 1, operative: false },
    'ChangeAvailability',
    { operationalStatus: 'Inoperative', evse: { id: 1 } },
  ],
  [
    'changeAvailability of the whole station',
    { command: 'changeAvailability', operative: true },
    'ChangeAvailability',
    { operationalStatus: 'Operative' },
  ],
  [
    'getConfiguration of a well-known key, a dotted key and a variable',
    {
      command: 'getConfiguration',
      keys: ['TransactionMessageAttempts', 'TxCtrlr.StopTxOnInvalidId'],
      variables: [{ component: 'EVSE', variable: 'AvailabilityState', evseId: 2 }],
    },
    'GetVariables',
    {
      getVariableData: [
        {
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'MessageAttempts', instance: 'TransactionEvent' },
        },
        { component: { name: 'TxCtrlr' }, variable: { name: 'StopTxOnInvalidId' } },
        { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
      ],
    },
  ],
  [
    'setConfiguration by a well-known key',
    { command: 'setConfiguration', key: 'HeartbeatInterval', value: '60' },
    'SetVariables',
    {
      setVariableData: [
        {
          attributeValue: '60',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
  ],
  [
    'setConfiguration by variable',
    {
      command: 'setConfiguration',
      variable: { component: 'AuthCtrlr', variable: 'LocalPreAuthorize' },
      value: 'true',
    },
    'SetVariables',
    {
      setVariableData: [
        { attributeValue: 'true', component: { name: 'AuthCtrlr' }, variable: { name: 'LocalPreAuthorize' } },
      ],
    },
  ],
  [
    'triggerMessage StatusNotification for a compartment',
    { command: 'triggerMessage', message: 'statusNotification', evseId: 2 },
    'TriggerMessage',
    { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } },
  ],
  [
    'triggerMessage MeterValues for an EVSE',
    { command: 'triggerMessage', message: 'meterValues', evseId: 2 },
    'TriggerMessage',
    { requestedMessage: 'MeterValues', evse: { id: 2 } },
  ],
  [
    'triggerMessage diagnostics as log status',
    { command: 'triggerMessage', message: 'diagnosticsStatusNotification' },
    'TriggerMessage',
    { requestedMessage: 'LogStatusNotification' },
  ],
  [
    'triggerMessage TransactionEvent',
    { command: 'triggerMessage', message: 'transactionEvent' },
    'TriggerMessage',
    { requestedMessage: 'TransactionEvent' },
  ],
  ['clearCache', { command: 'clearCache' }, 'ClearCache', {}],
  [
    'sendLocalList full',
    {
      command: 'sendLocalList',
      version: 3,
      updateType: 'full',
      entries: [
        { idTag: 'AA11', status: 'accepted', expiresAt: '2030-01-01T00:00:00.000Z' },
        { idTag: '1234', idTagType: 'KeyCode', status: 'invalid' },
      ],
    },
    'SendLocalList',
    {
      versionNumber: 3,
      updateType: 'Full',
      localAuthorizationList: [
        {
          idToken: { idToken: 'AA11', type: 'ISO14443' },
          idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2030-01-01T00:00:00.000Z' },
        },
        { idToken: { idToken: '1234', type: 'KeyCode' }, idTokenInfo: { status: 'Invalid' } },
      ],
    },
  ],
  [
    'sendLocalList differential with a removal',
    {
      command: 'sendLocalList',
      version: 4,
      updateType: 'differential',
      entries: [{ idTag: 'AA11', status: 'removed' }],
    },
    'SendLocalList',
    {
      versionNumber: 4,
      updateType: 'Differential',
      localAuthorizationList: [{ idToken: { idToken: 'AA11', type: 'ISO14443' } }],
    },
  ],
  [
    'sendLocalList that empties the list',
    { command: 'sendLocalList', version: 5, updateType: 'full', entries: [] },
    'SendLocalList',
    { versionNumber: 5, updateType: 'Full' },
  ],
  ['getLocalListVersion', { command: 'getLocalListVersion' }, 'GetLocalListVersion', {}],
  [
    'getBaseReport',
    { command: 'getBaseReport', reportBase: 'configurationInventory', requestId: 12 },
    'GetBaseReport',
    { requestId: 12, reportBase: 'ConfigurationInventory' },
  ],
  [
    'setDisplayMessage',
    { command: 'setDisplayMessage', message: 'Fach 3 defekt', language: 'de', priority: 'inFront', id: 5 },
    'SetDisplayMessage',
    {
      message: {
        id: 5,
        priority: 'InFront',
        message: { format: 'UTF8', content: 'Fach 3 defekt', language: 'de' },
      },
    },
  ],
  [
    'setDisplayMessage with the normal priority',
    { command: 'setDisplayMessage', message: 'Hallo', id: 6 },
    'SetDisplayMessage',
    { message: { id: 6, priority: 'NormalCycle', message: { format: 'UTF8', content: 'Hallo' } } },
  ],
  [
    'dataTransfer with structured data kept structured',
    { command: 'dataTransfer', vendorId: 'com.example', messageId: 'door', data: { door: 3 } },
    'DataTransfer',
    { vendorId: 'com.example', messageId: 'door', data: { door: 3 } },
  ],
];

describe('OCPP 2.0.1 requests', () => {
  it.each(requests)('translates %s', (_name, command, action, params) => {
    const request = toOcpp201(command);
    expect(request).toEqual({ action, params });
    expect(() => assertValidRequest('ocpp2.0.1', request)).not.toThrow();
  });

  it('covers every command', () => {
    const covered = new Set(requests.map(([, command]) => command.command));
    expect(COMMAND_NAMES.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('needs the ids the station echoes to be assigned first', () => {
    expect(() => toOcpp201({ command: 'startSession', evseId: 1, idTag: 'A' })).toThrow(ValidationFailed);
    expect(() => toOcpp201({ command: 'getBaseReport', reportBase: 'fullInventory' })).toThrow(
      ValidationFailed,
    );
    expect(() => toOcpp201({ command: 'setDisplayMessage', message: 'x' })).toThrow(ValidationFailed);
  });

  it('assigns missing ids and keeps given ones', () => {
    let next = 100;
    const nextId = () => next++;
    expect(withAssignedIds({ command: 'startSession', evseId: 1, idTag: 'A' }, nextId)).toMatchObject({
      remoteStartId: 100,
    });
    expect(
      withAssignedIds({ command: 'startSession', evseId: 1, idTag: 'A', remoteStartId: 5 }, nextId),
    ).toMatchObject({
      remoteStartId: 5,
    });
    expect(withAssignedIds({ command: 'getBaseReport', reportBase: 'fullInventory' }, nextId)).toMatchObject({
      requestId: 101,
    });
    expect(withAssignedIds({ command: 'setDisplayMessage', message: 'x' }, nextId)).toMatchObject({
      id: 102,
    });
    const reset: Command = { command: 'reset', type: 'soft' };
    expect(withAssignedIds(reset, nextId)).toBe(reset);
  });

  it('asks for getBaseReport instead of reading every setting', () => {
    expect(() => toOcpp201({ command: 'getConfiguration' })).toThrow(/getBaseReport/);
  });

  it.each(['SomeVendorKey', '.Variable', 'Component.', 'A.B.C'])(
    'refuses the key "%s" it cannot address',
    (key) => {
      expect(() => toOcpp201({ command: 'setConfiguration', key, value: '1' })).toThrow(ValidationFailed);
    },
  );

  it('refuses to remove an entry in a full list', () => {
    expect(() =>
      toOcpp201({
        command: 'sendLocalList',
        version: 1,
        updateType: 'full',
        entries: [{ idTag: 'X', status: 'removed' }],
      }),
    ).toThrow(ValidationFailed);
  });

  it('lets the schema catch a display text longer than 512 characters', () => {
    const request = toOcpp201({ command: 'setDisplayMessage', message: 'x'.repeat(513), id: 1 });
    expect(() => assertValidRequest('ocpp2.0.1', request)).toThrow(ValidationFailed);
  });
});

describe('OCPP 2.0.1 answers', () => {
  const unlock: Command = { command: 'unlock', evseId: 1, reason: 'stuck door' };

  it.each<[string, Command, string, unknown, string]>([
    [
      'stopSession',
      { command: 'stopSession', transactionId: 't' },
      'RequestStopTransaction',
      { status: 'Rejected' },
      'rejected',
    ],
    ['unlock', unlock, 'UnlockConnector', { status: 'Unlocked' }, 'unlocked'],
    [
      'unlock while charging',
      unlock,
      'UnlockConnector',
      { status: 'OngoingAuthorizedTransaction' },
      'ongoingAuthorizedTransaction',
    ],
    [
      'unlock of an unknown connector',
      unlock,
      'UnlockConnector',
      { status: 'UnknownConnector' },
      'unknownConnector',
    ],
    ['reset', { command: 'reset', type: 'soft' }, 'Reset', { status: 'Scheduled' }, 'scheduled'],
    [
      'changeAvailability',
      { command: 'changeAvailability', operative: true },
      'ChangeAvailability',
      { status: 'Accepted' },
      'accepted',
    ],
    [
      'triggerMessage',
      { command: 'triggerMessage', message: 'heartbeat' },
      'TriggerMessage',
      { status: 'Rejected' },
      'rejected',
    ],
    ['clearCache', { command: 'clearCache' }, 'ClearCache', { status: 'Accepted' }, 'accepted'],
    [
      'sendLocalList',
      { command: 'sendLocalList', version: 1, updateType: 'full', entries: [] },
      'SendLocalList',
      { status: 'Failed' },
      'failed',
    ],
    [
      'getBaseReport',
      { command: 'getBaseReport', reportBase: 'fullInventory', requestId: 1 },
      'GetBaseReport',
      { status: 'EmptyResultSet' },
      'emptyResultSet',
    ],
    [
      'setDisplayMessage',
      { command: 'setDisplayMessage', message: 'x', id: 1 },
      'SetDisplayMessage',
      { status: 'NotSupportedPriority' },
      'notSupportedPriority',
    ],
    [
      'dataTransfer',
      { command: 'dataTransfer', vendorId: 'v' },
      'DataTransfer',
      { status: 'UnknownMessageId' },
      'unknownMessageId',
    ],
  ])('keeps the station status of %s', (_name, command, action, payload, status) => {
    expect(isValidAnswer('ocpp2.0.1', action, payload)).toBe(true);
    const result = fromOcpp201(command, payload);
    expect(result.status).toBe(status);
    expect(result.raw).toBe(payload);
  });

  it('returns the running transaction and the remote start id of a start', () => {
    const payload = {
      status: 'Accepted',
      transactionId: 'tx-9',
      statusInfo: { reasonCode: 'TxStarted', additionalInfo: 'plugged in first' },
    };
    expect(
      fromOcpp201({ command: 'startSession', evseId: 1, idTag: 'A', remoteStartId: 42 }, payload),
    ).toEqual({
      status: 'accepted',
      statusInfo: { reasonCode: 'TxStarted', additionalInfo: 'plugged in first' },
      transactionId: 'tx-9',
      remoteStartId: 42,
      raw: payload,
    });
  });

  it('lists variables read, per variable', () => {
    const payload = {
      getVariableResult: [
        {
          attributeStatus: 'Accepted',
          attributeValue: '300',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
        {
          attributeStatus: 'UnknownVariable',
          component: { name: 'EVSE', evse: { id: 2 } },
          variable: { name: 'Nope', instance: 'x' },
        },
      ],
    };
    expect(isValidAnswer('ocpp2.0.1', 'GetVariables', payload)).toBe(true);
    const result = fromOcpp201(
      { command: 'getConfiguration', keys: ['HeartbeatInterval', 'EVSE.Nope'] },
      payload,
    );
    expect(result).toEqual({
      status: 'partial',
      values: [
        {
          key: 'OCPPCommCtrlr.HeartbeatInterval',
          component: 'OCPPCommCtrlr',
          variable: 'HeartbeatInterval',
          value: '300',
          status: 'accepted',
        },
        {
          key: 'EVSE.Nope',
          component: 'EVSE',
          variable: 'Nope',
          instance: 'x',
          evseId: 2,
          status: 'unknownVariable',
        },
      ],
      raw: payload,
    });
  });

  it('takes the status of the one variable written', () => {
    const payload = {
      setVariableResult: [
        {
          attributeStatus: 'RebootRequired',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    };
    expect(isValidAnswer('ocpp2.0.1', 'SetVariables', payload)).toBe(true);
    const result = fromOcpp201(
      { command: 'setConfiguration', key: 'HeartbeatInterval', value: '60' },
      payload,
    );
    expect(result.status).toBe('rebootRequired');
    expect(result.values).toEqual([
      {
        key: 'OCPPCommCtrlr.HeartbeatInterval',
        component: 'OCPPCommCtrlr',
        variable: 'HeartbeatInterval',
        value: '60',
        status: 'rebootRequired',
      },
    ]);
  });

  it('reads the local list version', () => {
    expect(fromOcpp201({ command: 'getLocalListVersion' }, { versionNumber: 7 })).toEqual({
      status: 'accepted',
      listVersion: 7,
      raw: { versionNumber: 7 },
    });
  });

  it('returns the report request id and display message id it assigned', () => {
    expect(
      fromOcpp201(
        { command: 'getBaseReport', reportBase: 'fullInventory', requestId: 9 },
        { status: 'Accepted' },
      ).requestId,
    ).toBe(9);
    expect(
      fromOcpp201({ command: 'setDisplayMessage', message: 'x', id: 4 }, { status: 'Accepted' })
        .displayMessageId,
    ).toBe(4);
  });

  it('returns structured data of a data transfer answer as it came', () => {
    expect(
      fromOcpp201({ command: 'dataTransfer', vendorId: 'v' }, { status: 'Accepted', data: { a: [1] } }).data,
    ).toEqual({ a: [1] });
  });
});
