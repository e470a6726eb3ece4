import { describe, expect, it } from 'vitest';
import { OCPP_VALIDATORS, correctedCode } from './validators.js';

const codeOf = (protocol: string, action: string, params: unknown): string | undefined => {
  const validator = OCPP_VALIDATORS.find((v) => v.subprotocol === protocol)!;
  try {
    validator.validate(`urn:${action}.req`, params);
    return undefined;
  } catch (error) {
    return (error as { rpcErrorCode?: string }).rpcErrorCode;
  }
};

describe('strict-mode error codes', () => {
  it.each([
    [
      'ocpp1.6',
      'StatusNotification',
      { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' },
      'PropertyConstraintViolation',
    ],
    ['ocpp1.6', 'BootNotification', { chargePointVendor: 'V' }, 'OccurenceConstraintViolation'],
    [
      'ocpp1.6',
      'BootNotification',
      { chargePointVendor: 1, chargePointModel: 'M' },
      'TypeConstraintViolation',
    ],
    ['ocpp2.0.1', 'BootNotification', { reason: 'PowerUp' }, 'OccurrenceConstraintViolation'],
    [
      'ocpp2.0.1',
      'BootNotification',
      { reason: 'Bored', chargingStation: { model: 'M', vendorName: 'V' } },
      'PropertyConstraintViolation',
    ],
    ['ocpp2.0.1', 'Heartbeat', { unexpected: 1 }, 'PropertyConstraintViolation'],
    ['ocpp2.0.1', 'Heartbeat', {}, undefined],
  ])('%s %s %j → %s', (protocol, action, params, code) => {
    expect(codeOf(protocol, action, params)).toBe(code);
  });

  it('leaves other codes alone', () => {
    expect(
      correctedCode(
        'ocpp1.6',
        Object.assign(new Error('x'), { rpcErrorCode: 'OccurenceConstraintViolation' }),
      ),
    ).toBeUndefined();
    expect(
      correctedCode('ocpp2.0.1', Object.assign(new Error('x'), { rpcErrorCode: 'TypeConstraintViolation' })),
    ).toBeUndefined();
  });
});
