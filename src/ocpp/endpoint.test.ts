import { describe, expect, it } from 'vitest';
import { parseOcppPath } from './endpoint.js';

describe('parseOcppPath', () => {
  it.each([
    ['/ocpp/ST-1', { chargeBoxId: 'ST-1', institutionSlug: undefined }],
    ['/ocpp/ST-1?x=1', { chargeBoxId: 'ST-1', institutionSlug: undefined }],
    ['/ocpp/stadtwerke/ST-1', { chargeBoxId: 'ST-1', institutionSlug: 'stadtwerke' }],
    ['/ocpp/A%20B', { chargeBoxId: 'A B', institutionSlug: undefined }],
  ])('reads %s', (path, endpoint) => {
    expect(parseOcppPath(path)).toEqual(endpoint);
  });

  it.each([
    '/',
    '/ocpp',
    '/ocpp/',
    '/ocpp/a/b/c',
    '/ocpp//x',
    '/ocpp/x/',
    '/api/v1/stations',
    '/ocpp/%E0%A4%A',
  ])('refuses %s', (path) => {
    expect(parseOcppPath(path)).toBeUndefined();
  });
});
