import ocppRpc from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import { classifyCallFailure } from './call-failure.js';
import { NotFound, StationOffline, StationRejected, StationTimeout } from '../shared/errors.js';

const { TimeoutError, createRPCError } = ocppRpc;

describe('classifyCallFailure', () => {
  it("reads ocpp-rpc's call timeout as a timeout", () => {
    expect(classifyCallFailure(new TimeoutError('Call timeout'))).toEqual({ kind: 'timeout' });
  });

  it('reads a CALLERROR with its code, description and details', () => {
    const error = createRPCError('NotImplemented', 'Unable to handle calls', { hint: 'x' });
    expect(classifyCallFailure(error)).toEqual({
      kind: 'rejected',
      errorCode: 'NotImplemented',
      errorDescription: 'Unable to handle calls',
      errorDetails: { hint: 'x' },
    });
  });

  it('reads an unknown CALLERROR code as the generic one it becomes', () => {
    const failure = classifyCallFailure(createRPCError('VendorSpecific', 'odd'));
    expect(failure).toMatchObject({ kind: 'rejected', errorCode: 'GenericError', errorDescription: 'odd' });
  });

  it('reads a pending call aborted by a disconnect as disconnected', () => {
    const error = new Error('Client disconnected');
    error.name = 'AbortError';
    expect(classifyCallFailure(error)).toEqual({ kind: 'disconnected', message: 'Client disconnected' });
  });

  it('passes typed station errors through', () => {
    expect(classifyCallFailure(new StationTimeout('s', 'Reset', 10))).toEqual({ kind: 'timeout' });
    expect(classifyCallFailure(new StationOffline('s')).kind).toBe('disconnected');
    expect(classifyCallFailure(new StationRejected('s', 'Reset', 'NotSupported: no'))).toMatchObject({
      kind: 'rejected',
      errorDescription: 'NotSupported: no',
    });
    expect(classifyCallFailure(new NotFound('station')).kind).toBe('unknown');
  });

  it('leaves anything else unknown', () => {
    expect(classifyCallFailure(new Error('boom'))).toEqual({ kind: 'unknown', message: 'boom' });
    expect(classifyCallFailure('text')).toEqual({ kind: 'unknown', message: 'text' });
  });
});
