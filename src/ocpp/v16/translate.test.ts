import { describe, expect, it } from 'vitest';
import { bootInput, idTagInfo, meterSamples, statusInput } from './translate.js';

describe('OCPP 1.6 translation', () => {
  it('reads a boot with either serial number', () => {
    expect(
      bootInput({
        chargePointVendor: 'V',
        chargePointModel: 'M',
        chargeBoxSerialNumber: 'B',
        firmwareVersion: '2',
      }),
    ).toEqual({
      protocol: 'ocpp1.6',
      vendor: 'V',
      model: 'M',
      serialNumber: 'B',
      firmwareVersion: '2',
      reason: null,
    });
    expect(
      bootInput({
        chargePointVendor: 'V',
        chargePointModel: 'M',
        chargePointSerialNumber: 'P',
        chargeBoxSerialNumber: 'B',
      }).serialNumber,
    ).toBe('P');
  });

  it('reads a status: NoError is no error, the vendor codes go to info, no timestamp means now', () => {
    const now = new Date('2025-01-01T10:00:00Z');
    expect(statusInput({ connectorId: 2, errorCode: 'NoError', status: 'Available' }, now)).toEqual({
      evseId: 2,
      status: 'Available',
      errorCode: null,
      info: null,
      reportedAt: now,
    });
    expect(
      statusInput(
        {
          connectorId: 1,
          errorCode: 'OtherError',
          status: 'Faulted',
          info: 'door jammed',
          vendorErrorCode: 'E42',
          timestamp: '2025-01-01T09:00:00Z',
        },
        now,
      ),
    ).toEqual({
      evseId: 1,
      status: 'Faulted',
      errorCode: 'OtherError',
      info: 'door jammed / E42',
      reportedAt: new Date('2025-01-01T09:00:00Z'),
    });
  });

  it('reads sampled values with the 1.6 defaults (register, Wh)', () => {
    const samples = meterSamples([
      {
        timestamp: '2025-01-01T10:00:00Z',
        sampledValue: [
          { value: '1234' },
          {
            value: '3.2',
            measurand: 'Current.Import',
            phase: 'L1',
            unit: 'A',
            context: 'Sample.Periodic',
            location: 'Outlet',
          },
        ],
      },
    ]);
    expect(samples).toEqual([
      {
        sampledAt: new Date('2025-01-01T10:00:00Z'),
        measurand: 'Energy.Active.Import.Register',
        phase: null,
        location: null,
        context: null,
        unit: null,
        value: '1234',
      },
      {
        sampledAt: new Date('2025-01-01T10:00:00Z'),
        measurand: 'Current.Import',
        phase: 'L1',
        location: 'Outlet',
        context: 'Sample.Periodic',
        unit: 'A',
        value: '3.2',
      },
    ]);
  });

  it.each([
    ['Accepted', 'Accepted'],
    ['Blocked', 'Blocked'],
    ['Expired', 'Expired'],
    ['ConcurrentTx', 'ConcurrentTx'],
    ['NoCredit', 'Invalid'],
    ['NotAtThisTime', 'Invalid'],
    ['Unknown', 'Invalid'],
  ] as const)('tells a 1.6 station %s as %s', (status, status16) => {
    expect(idTagInfo({ status })).toEqual({ status: status16 });
  });

  it('passes the expiry date on', () => {
    expect(idTagInfo({ status: 'Accepted', expiresAt: new Date('2030-01-01T00:00:00Z') })).toEqual({
      status: 'Accepted',
      expiryDate: '2030-01-01T00:00:00.000Z',
    });
  });
});
