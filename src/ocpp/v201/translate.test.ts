import { describe, expect, it } from 'vitest';
import {
  bootInput,
  doorReports,
  idTokenInfo,
  meterSamples,
  statusInput,
  transactionEventInput,
} from './translate.js';

describe('OCPP 2.0.1 translation', () => {
  it('reads a boot', () => {
    expect(
      bootInput({
        reason: 'PowerUp',
        chargingStation: { vendorName: 'V', model: 'M', serialNumber: 'S', firmwareVersion: '1' },
      }),
    ).toEqual({
      protocol: 'ocpp2.0.1',
      vendor: 'V',
      model: 'M',
      serialNumber: 'S',
      firmwareVersion: '1',
      reason: 'PowerUp',
    });
  });

  it('keeps one status per EVSE and notes a second connector', () => {
    expect(
      statusInput({
        timestamp: '2025-01-01T00:00:00Z',
        connectorStatus: 'Occupied',
        evseId: 3,
        connectorId: 1,
      }),
    ).toEqual({
      evseId: 3,
      status: 'Occupied',
      errorCode: null,
      info: null,
      reportedAt: new Date('2025-01-01T00:00:00Z'),
    });
    expect(
      statusInput({
        timestamp: '2025-01-01T00:00:00Z',
        connectorStatus: 'Faulted',
        evseId: 3,
        connectorId: 2,
      }).info,
    ).toBe('connector 2');
  });

  it('applies the unit multiplier and the defaults of sampled values', () => {
    const [energy, power] = meterSamples([
      {
        timestamp: '2025-01-01T00:00:00Z',
        sampledValue: [
          { value: 1.5, unitOfMeasure: { unit: 'kWh', multiplier: 1 } },
          { value: 7.4, measurand: 'Power.Active.Import', unitOfMeasure: { multiplier: 3 } },
        ],
      },
    ]);
    expect(energy).toMatchObject({ measurand: 'Energy.Active.Import.Register', unit: 'kWh', value: '15' });
    expect(power).toMatchObject({ measurand: 'Power.Active.Import', unit: null, value: '7400' });
  });

  it('reads a TransactionEvent', () => {
    const params = {
      eventType: 'Ended' as const,
      timestamp: '2025-01-01T01:00:00Z',
      triggerReason: 'EVCommunicationLost',
      seqNo: 7,
      offline: true,
      transactionInfo: { transactionId: 'T-1', stoppedReason: 'EVDisconnected', remoteStartId: 99 },
      idToken: { idToken: 'AB12', type: 'ISO14443' },
      evse: { id: 2, connectorId: 1 },
      meterValue: [
        { timestamp: '2025-01-01T01:00:00Z', sampledValue: [{ value: 5000, context: 'Transaction.End' }] },
      ],
    };
    expect(transactionEventInput(params)).toEqual({
      eventType: 'Ended',
      transactionId: 'T-1',
      seqNo: 7,
      timestamp: new Date('2025-01-01T01:00:00Z'),
      triggerReason: 'EVCommunicationLost',
      offline: true,
      evseId: 2,
      idToken: { value: 'AB12', type: 'ISO14443' },
      stoppedReason: 'EVDisconnected',
      remoteStartId: 99,
      samples: [
        {
          sampledAt: new Date('2025-01-01T01:00:00Z'),
          measurand: 'Energy.Active.Import.Register',
          phase: null,
          location: null,
          context: 'Transaction.End',
          unit: 'Wh',
          value: '5000',
        },
      ],
      payload: params,
    });
    const minimal = transactionEventInput({
      eventType: 'Updated',
      timestamp: '2025-01-01T01:00:00Z',
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      transactionInfo: { transactionId: 'T-2' },
    });
    expect(minimal).toMatchObject({
      offline: false,
      evseId: null,
      idToken: null,
      stoppedReason: null,
      remoteStartId: null,
      samples: [],
    });
  });

  it('answers decisions with their cache expiry', () => {
    expect(idTokenInfo({ status: 'NoCredit' })).toEqual({ status: 'NoCredit' });
    expect(idTokenInfo({ status: 'Accepted', expiresAt: new Date('2030-01-01T00:00:00Z') })).toEqual({
      status: 'Accepted',
      cacheExpiryDateTime: '2030-01-01T00:00:00.000Z',
    });
  });

  it('picks the door reports out of a NotifyEvent with their timestamps', () => {
    const base = { eventId: 1, trigger: 'Delta', eventNotificationType: 'HardWiredNotification' };
    expect(
      doorReports([
        {
          ...base,
          timestamp: '2025-01-01T00:00:00Z',
          actualValue: 'true',
          component: { name: 'Door', evse: { id: 1 } },
          variable: { name: 'Open' },
        },
        {
          ...base,
          timestamp: '2025-01-01T00:00:01Z',
          actualValue: '230',
          component: { name: 'ACElectricalFeed' },
          variable: { name: 'Voltage' },
        },
      ]),
    ).toEqual([{ evseId: 1, door: 'open', at: new Date('2025-01-01T00:00:00Z') }]);
  });
});
