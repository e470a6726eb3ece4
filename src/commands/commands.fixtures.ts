/**
 * One sample of every command with the answer a well-behaved station gives, per OCPP version: the
 * integration tests send each through a real connection and check what comes back.
 */
import type { OcppVersion } from '../db/schema.js';
import type { Command } from './command.js';

export interface CommandSample {
  command: Command;
  action: string;
  /** What the station answers (valid against the official `.conf` schema). */
  answer: Record<string, unknown>;
  /** The neutral status the caller gets back. */
  status: string;
}

export const SAMPLES_16: readonly CommandSample[] = [
  {
    command: { command: 'startSession', evseId: 1, idTag: 'CARD-01' },
    action: 'RemoteStartTransaction',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'stopSession', transactionId: '17' },
    action: 'RemoteStopTransaction',
    answer: { status: 'Rejected' },
    status: 'rejected',
  },
  {
    command: { command: 'unlock', evseId: 2, reason: 'Akku klemmt, Kunde vor Ort' },
    action: 'UnlockConnector',
    answer: { status: 'Unlocked' },
    status: 'unlocked',
  },
  {
    command: { command: 'reset', type: 'soft' },
    action: 'Reset',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'changeAvailability', evseId: 2, operative: false },
    action: 'ChangeAvailability',
    answer: { status: 'Scheduled' },
    status: 'scheduled',
  },
  {
    command: { command: 'getConfiguration', keys: ['HeartbeatInterval'] },
    action: 'GetConfiguration',
    answer: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
    status: 'accepted',
  },
  {
    command: { command: 'setConfiguration', key: 'HeartbeatInterval', value: '60' },
    action: 'ChangeConfiguration',
    answer: { status: 'RebootRequired' },
    status: 'rebootRequired',
  },
  {
    command: { command: 'triggerMessage', message: 'statusNotification', evseId: 1 },
    action: 'TriggerMessage',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'clearCache' },
    action: 'ClearCache',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: {
      command: 'sendLocalList',
      version: 2,
      updateType: 'full',
      entries: [{ idTag: 'AABBCCDD', status: 'accepted' }],
    },
    action: 'SendLocalList',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'getLocalListVersion' },
    action: 'GetLocalListVersion',
    answer: { listVersion: 2 },
    status: 'accepted',
  },
  {
    command: { command: 'dataTransfer', vendorId: 'com.example', messageId: 'ping', data: 'x' },
    action: 'DataTransfer',
    answer: { status: 'Accepted', data: 'pong' },
    status: 'accepted',
  },
];

export const SAMPLES_201: readonly CommandSample[] = [
  {
    command: { command: 'startSession', evseId: 1, idTag: 'CARD-01', idTagType: 'ISO14443' },
    action: 'RequestStartTransaction',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'stopSession', transactionId: 'tx-17' },
    action: 'RequestStopTransaction',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'unlock', evseId: 2, reason: 'Akku klemmt, Kunde vor Ort' },
    action: 'UnlockConnector',
    answer: { status: 'OngoingAuthorizedTransaction' },
    status: 'ongoingAuthorizedTransaction',
  },
  {
    command: { command: 'reset', type: 'hard' },
    action: 'Reset',
    answer: { status: 'Scheduled' },
    status: 'scheduled',
  },
  {
    command: { command: 'changeAvailability', operative: true },
    action: 'ChangeAvailability',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'getConfiguration', keys: ['HeartbeatInterval'] },
    action: 'GetVariables',
    answer: {
      getVariableResult: [
        {
          attributeStatus: 'Accepted',
          attributeValue: '300',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    status: 'accepted',
  },
  {
    command: { command: 'setConfiguration', key: 'HeartbeatInterval', value: '60' },
    action: 'SetVariables',
    answer: {
      setVariableResult: [
        {
          attributeStatus: 'Accepted',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    status: 'accepted',
  },
  {
    command: { command: 'triggerMessage', message: 'heartbeat' },
    action: 'TriggerMessage',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'clearCache' },
    action: 'ClearCache',
    answer: { status: 'Rejected' },
    status: 'rejected',
  },
  {
    command: {
      command: 'sendLocalList',
      version: 2,
      updateType: 'differential',
      entries: [{ idTag: 'AABBCCDD', status: 'blocked' }],
    },
    action: 'SendLocalList',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'getLocalListVersion' },
    action: 'GetLocalListVersion',
    answer: { versionNumber: 2 },
    status: 'accepted',
  },
  {
    command: { command: 'getBaseReport', reportBase: 'summaryInventory' },
    action: 'GetBaseReport',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'setDisplayMessage', message: 'Fach 2 außer Betrieb', language: 'de' },
    action: 'SetDisplayMessage',
    answer: { status: 'Accepted' },
    status: 'accepted',
  },
  {
    command: { command: 'dataTransfer', vendorId: 'com.example', messageId: 'ping', data: { n: 1 } },
    action: 'DataTransfer',
    answer: { status: 'Accepted', data: { pong: true } },
    status: 'accepted',
  },
];

export const SAMPLES: Record<OcppVersion, readonly CommandSample[]> = {
  'ocpp1.6': SAMPLES_16,
  'ocpp2.0.1': SAMPLES_201,
};

/** The answer a well-behaved station gives to `action`, for a station built from the samples. */
export function sampleAnswer(protocol: OcppVersion, action: string): Record<string, unknown> | undefined {
  return SAMPLES[protocol].find((sample) => sample.action === action)?.answer;
}
