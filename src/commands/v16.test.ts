import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type Command } from './command.js';
import { assertValidRequest, isValidAnswer } from './translation.js';
import { fromOcpp16, toOcpp16 } from './v16.js';
import { NotSupported, ValidationFailed } from '../shared/errors.js';

/** Every command a 1.6 station understands, with the exact CALL it becomes. */
const requests: Array<[string, Command, string, Record<string, unknown>]> = [
  [
    'startSession',
    { command: 'startSession', evseId: 2, idTag: 'CARD-01', idTagType: 'ISO14443', remoteStartId: 7 },
    'RemoteStartTransaction',
    { connectorId: 2, idTag: 'CARD-01' },
  ],
  [
    'stopSession',
    { command: 'stopSession', transactionId: '4711' },
    'RemoteStopTransaction',
    { transactionId: 4711 },
  ],
  [
    'unlock',
    { command: 'unlock', evseId: 3, reason: 'Notentriegelung' },
    'UnlockConnector',
    { connectorId: 3 },
  ],
  ['soft reset', { command: 'reset', type: 'soft' }, 'Reset', { type: 'Soft' }],
  ['hard reset', { command: 'reset', type: 'hard' }, 'Reset', { type: 'Hard' }],
  [
    'changeAvailability of one connector',
    { command: 'changeAvailability', evseId: 1, operative: false },
    'ChangeAvailability',
    { connectorId: 1, type: 'Inoperative' },
  ],
  [
    'changeAvailability of the whole station',
    { command: 'changeAvailability', operative: true },
    'ChangeAvailability',
    { connectorId: 0, type: 'Operative' },
  ],
  ['getConfiguration of everything', { command: 'getConfiguration' }, 'GetConfiguration', {}],
  [
    'getConfiguration of keys and a well-known variable',
    {
      command: 'getConfiguration',
      keys: ['HeartbeatInterval'],
      variables: [{ component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }],
    },
    'GetConfiguration',
    { key: ['HeartbeatInterval', 'AuthorizeRemoteTxRequests'] },
  ],
  [
    'setConfiguration by key',
    { command: 'setConfiguration', key: 'HeartbeatInterval', value: '60' },
    'ChangeConfiguration',
    { key: 'HeartbeatInterval', value: '60' },
  ],
  [
    'setConfiguration by a well-known variable',
    {
      command: 'setConfiguration',
      variable: { component: 'ocppcommctrlr', variable: 'heartbeatinterval' },
      value: '60',
    },
    'ChangeConfiguration',
    { key: 'HeartbeatInterval', value: '60' },
  ],
  [
    'triggerMessage for a connector',
    { command: 'triggerMessage', message: 'statusNotification', evseId: 2 },
    'TriggerMessage',
    { requestedMessage: 'StatusNotification', connectorId: 2 },
  ],
  [
    'triggerMessage diagnostics',
    { command: 'triggerMessage', message: 'diagnosticsStatusNotification' },
    'TriggerMessage',
    { requestedMessage: 'DiagnosticsStatusNotification' },
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
        { idTag: 'BB22', status: 'blocked' },
      ],
    },
    'SendLocalList',
    {
      listVersion: 3,
      updateType: 'Full',
      localAuthorizationList: [
        { idTag: 'AA11', idTagInfo: { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z' } },
        { idTag: 'BB22', idTagInfo: { status: 'Blocked' } },
      ],
    },
  ],
  [
    'sendLocalList differential with a removal',
    {
      command: 'sendLocalList',
      version: 4,
      updateType: 'differential',
      entries: [
        { idTag: 'AA11', status: 'removed' },
        { idTag: 'CC33', status: 'expired' },
      ],
    },
    'SendLocalList',
    {
      listVersion: 4,
      updateType: 'Differential',
      localAuthorizationList: [{ idTag: 'AA11' }, { idTag: 'CC33', idTagInfo: { status: 'Expired' } }],
    },
  ],
  [
    'sendLocalList that empties the list',
    { command: 'sendLocalList', version: 5, updateType: 'full', entries: [] },
    'SendLocalList',
    { listVersion: 5, updateType: 'Full' },
  ],
  ['getLocalListVersion', { command: 'getLocalListVersion' }, 'GetLocalListVersion', {}],
  [
    'dataTransfer with text',
    { command: 'dataTransfer', vendorId: 'com.example', messageId: 'door', data: 'open' },
    'DataTransfer',
    { vendorId: 'com.example', messageId: 'door', data: 'open' },
  ],
  [
    'dataTransfer with structured data as JSON text',
    { command: 'dataTransfer', vendorId: 'com.example', data: { door: 3 } },
    'DataTransfer',
    { vendorId: 'com.example', data: '{"door":3}' },
  ],
];

describe('OCPP 1.6 requests', () => {
  it.each(requests)('translates %s', (_name, command, action, params) => {
    const request = toOcpp16(command);
    expect(request).toEqual({ action, params });
    // Each one passes the official schema the station validates against.
    expect(() => assertValidRequest('ocpp1.6', request)).not.toThrow();
  });

  it('covers every command that exists in 1.6', () => {
    const covered = new Set(requests.map(([, command]) => command.command));
    expect(COMMAND_NAMES.filter((name) => !covered.has(name))).toEqual([
      'getBaseReport',
      'setDisplayMessage',
    ]);
  });

  it.each<Command>([
    { command: 'getBaseReport', reportBase: 'fullInventory', requestId: 1 },
    { command: 'setDisplayMessage', message: 'Bitte Fach schließen', id: 1 },
    { command: 'triggerMessage', message: 'transactionEvent' },
    { command: 'triggerMessage', message: 'signChargingStationCertificate' },
  ])('refuses $command that 1.6 lacks as NotSupported', (command) => {
    expect(() => toOcpp16(command)).toThrow(NotSupported);
  });

  it.each(['abc', '12.5', '', '99999999999', 'tx-1'])(
    'refuses the non-integer transaction id "%s"',
    (transactionId) => {
      expect(() => toOcpp16({ command: 'stopSession', transactionId })).toThrow(ValidationFailed);
    },
  );

  it('refuses to remove an entry in a full list', () => {
    expect(() =>
      toOcpp16({
        command: 'sendLocalList',
        version: 1,
        updateType: 'full',
        entries: [{ idTag: 'X', status: 'removed' }],
      }),
    ).toThrow(ValidationFailed);
  });

  it('refuses a 2.0.1-only variable it cannot name as a key', () => {
    expect(() =>
      toOcpp16({
        command: 'getConfiguration',
        variables: [{ component: 'DisplayMessageCtrlr', variable: 'Enabled' }],
      }),
    ).toThrow(ValidationFailed);
  });

  it('refuses a setConfiguration without key or variable', () => {
    expect(() => toOcpp16({ command: 'setConfiguration', value: '1' })).toThrow(ValidationFailed);
  });

  it('lets the schema catch an idTag longer than 1.6 allows', () => {
    const request = toOcpp16({ command: 'startSession', evseId: 1, idTag: 'X'.repeat(21) });
    expect(() => assertValidRequest('ocpp1.6', request)).toThrow(ValidationFailed);
  });
});

describe('OCPP 1.6 answers', () => {
  const unlock: Command = { command: 'unlock', evseId: 1, reason: 'stuck door' };

  it.each<[string, Command, string, unknown, string]>([
    [
      'startSession',
      { command: 'startSession', evseId: 1, idTag: 'A' },
      'RemoteStartTransaction',
      { status: 'Accepted' },
      'accepted',
    ],
    [
      'stopSession',
      { command: 'stopSession', transactionId: '1' },
      'RemoteStopTransaction',
      { status: 'Rejected' },
      'rejected',
    ],
    ['unlock', unlock, 'UnlockConnector', { status: 'Unlocked' }, 'unlocked'],
    ['unlock failing', unlock, 'UnlockConnector', { status: 'UnlockFailed' }, 'unlockFailed'],
    ['unlock unsupported', unlock, 'UnlockConnector', { status: 'NotSupported' }, 'notSupported'],
    ['reset', { command: 'reset', type: 'hard' }, 'Reset', { status: 'Accepted' }, 'accepted'],
    [
      'changeAvailability',
      { command: 'changeAvailability', operative: false },
      'ChangeAvailability',
      { status: 'Scheduled' },
      'scheduled',
    ],
    [
      'setConfiguration',
      { command: 'setConfiguration', key: 'X', value: '1' },
      'ChangeConfiguration',
      { status: 'RebootRequired' },
      'rebootRequired',
    ],
    [
      'triggerMessage',
      { command: 'triggerMessage', message: 'heartbeat' },
      'TriggerMessage',
      { status: 'NotImplemented' },
      'notImplemented',
    ],
    ['clearCache', { command: 'clearCache' }, 'ClearCache', { status: 'Accepted' }, 'accepted'],
    [
      'sendLocalList',
      { command: 'sendLocalList', version: 1, updateType: 'full', entries: [] },
      'SendLocalList',
      { status: 'VersionMismatch' },
      'versionMismatch',
    ],
    [
      'dataTransfer',
      { command: 'dataTransfer', vendorId: 'v' },
      'DataTransfer',
      { status: 'UnknownVendorId' },
      'unknownVendorId',
    ],
  ])('keeps the station status of %s', (_name, command, action, payload, status) => {
    expect(isValidAnswer('ocpp1.6', action, payload)).toBe(true);
    const result = fromOcpp16(command, payload);
    expect(result.status).toBe(status);
    expect(result.raw).toBe(payload);
  });

  it('lists configuration values and unknown keys', () => {
    const payload = {
      configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: '300' },
        { key: 'NumberOfConnectors', readonly: true, value: '12' },
      ],
      unknownKey: ['Nope'],
    };
    const result = fromOcpp16(
      { command: 'getConfiguration', keys: ['HeartbeatInterval', 'NumberOfConnectors', 'Nope'] },
      payload,
    );
    expect(result).toEqual({
      status: 'partial',
      values: [
        { key: 'HeartbeatInterval', value: '300', readonly: false, status: 'accepted' },
        { key: 'NumberOfConnectors', value: '12', readonly: true, status: 'accepted' },
        { key: 'Nope', status: 'unknownKey' },
      ],
      raw: payload,
    });
  });

  it('reports only unknown keys as unknownKey', () => {
    const result = fromOcpp16({ command: 'getConfiguration', keys: ['Nope'] }, { unknownKey: ['Nope'] });
    expect(result.status).toBe('unknownKey');
  });

  it('accepts an empty full configuration', () => {
    expect(fromOcpp16({ command: 'getConfiguration' }, {}).status).toBe('accepted');
  });

  it('reports the written value of setConfiguration', () => {
    const result = fromOcpp16(
      { command: 'setConfiguration', key: 'HeartbeatInterval', value: '60' },
      { status: 'Accepted' },
    );
    expect(result.values).toEqual([{ key: 'HeartbeatInterval', value: '60', status: 'accepted' }]);
  });

  it.each([
    [3, 'accepted'],
    [0, 'accepted'],
    [-1, 'notSupported'],
  ])('reads local list version %i as %s', (listVersion, status) => {
    expect(fromOcpp16({ command: 'getLocalListVersion' }, { listVersion })).toEqual({
      status,
      listVersion,
      raw: { listVersion },
    });
  });

  it('returns the data of a data transfer answer', () => {
    expect(
      fromOcpp16({ command: 'dataTransfer', vendorId: 'v' }, { status: 'Accepted', data: 'ok' }).data,
    ).toBe('ok');
  });
});
