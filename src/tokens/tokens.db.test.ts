import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeStaff } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient } from '../../test/http/api-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function adminOfNewInstitution() {
  const institution = await makeInstitution(server.database.db);
  const staff = await makeStaff(server.database.db, 'institution_admin', institution.id);
  return { institution, admin: await loginClient(server.baseUrl, staff.email, staff.password) };
}

describe('auth tokens (id tags)', () => {
  it('stores RFID UIDs as upper-case hex, so the same card cannot be added twice', async () => {
    const { institution, admin } = await adminOfNewInstitution();
    const created = await admin.post('/api/v1/auth-tokens', { value: '04:a1:b2:c3', label: 'Card of Anna' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      value: '04A1B2C3',
      type: 'ISO14443',
      status: 'accepted',
      institutionId: institution.id,
      expiresAt: null,
    });
    const again = await admin.post('/api/v1/auth-tokens', { value: '04 A1 B2 C3' });
    expect(again.status).toBe(409);
    const bad = await admin.post('/api/v1/auth-tokens', { value: 'not-hex!' });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual({ field: 'value' });
    const pin = await admin.post('/api/v1/auth-tokens', { value: '4711', type: 'KeyCode' });
    expect(pin.status).toBe(201);
  });

  it('blocks, relabels, expires, searches and deletes a token', async () => {
    const { admin } = await adminOfNewInstitution();
    const { body: token } = await admin.post('/api/v1/auth-tokens', {
      value: 'deadbeef',
      label: 'Lost card',
    });
    const patched = await admin.patch(`/api/v1/auth-tokens/${token.id}`, {
      status: 'blocked',
      expiresAt: '2027-01-01T00:00:00+01:00',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      status: 'blocked',
      expiresAt: '2026-12-31T23:00:00.000Z',
      label: 'Lost card',
    });
    expect(
      (await admin.get('/api/v1/auth-tokens?status=blocked')).body.map((t: { id: string }) => t.id),
    ).toEqual([token.id]);
    expect((await admin.get('/api/v1/auth-tokens?q=lost')).body).toHaveLength(1);
    expect((await admin.get('/api/v1/auth-tokens?q=nothing')).body).toHaveLength(0);
    expect((await admin.delete(`/api/v1/auth-tokens/${token.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/auth-tokens/${token.id}`)).status).toBe(404);
  });
});

describe('locations and station groups', () => {
  it('creates, changes and deletes a location with address and coordinates', async () => {
    const { admin } = await adminOfNewInstitution();
    const created = await admin.post('/api/v1/locations', {
      name: 'Parkhaus P20',
      street: 'Hauptstraße 1',
      postalCode: '50667',
      city: 'Köln',
      country: 'de',
      latitude: 50.9375,
      longitude: 6.9603,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ country: 'DE', latitude: 50.9375, longitude: 6.9603 });
    const moved = await admin.patch(`/api/v1/locations/${created.body.id}`, {
      latitude: null,
      longitude: null,
    });
    expect(moved.body).toMatchObject({ latitude: null, longitude: null, city: 'Köln' });
    expect((await admin.get('/api/v1/locations?q=köln')).body).toHaveLength(1);
    expect((await admin.delete(`/api/v1/locations/${created.body.id}`)).status).toBe(204);
    expect((await admin.get('/api/v1/locations')).body).toEqual([]);
  });

  it('renames a group and refuses a second group of the same name', async () => {
    const { admin } = await adminOfNewInstitution();
    const group = await admin.post('/api/v1/station-groups', { name: 'Garage' });
    await admin.post('/api/v1/station-groups', { name: 'Campus' });
    expect((await admin.patch(`/api/v1/station-groups/${group.body.id}`, { name: 'Campus' })).status).toBe(
      409,
    );
    expect(
      (await admin.patch(`/api/v1/station-groups/${group.body.id}`, { name: 'Garage P20' })).body.name,
    ).toBe('Garage P20');
    expect((await admin.get('/api/v1/station-groups')).body.map((g: { name: string }) => g.name)).toEqual([
      'Campus',
      'Garage P20',
    ]);
  });
});

describe('the card list', () => {
  it('filters by holder kind and names the holder', async () => {
    const { admin } = await adminOfNewInstitution();
    const { body: strategy } = await admin.post('/api/v1/accounting-strategies', {
      name: 'Post',
      kind: 'postpaid',
    });
    const { body: company } = await admin.post('/api/v1/companies', {
      name: 'Acme GmbH',
      strategyId: strategy.id,
    });
    const { body: user } = await admin.post('/api/v1/users', { name: 'Ute User' });
    await admin.post('/api/v1/auth-tokens', { value: 'AA000001', userId: user.id });
    await admin.post('/api/v1/auth-tokens', { value: 'AA000002', companyId: company.id });
    await admin.post('/api/v1/auth-tokens', { value: 'AA000003' });

    const holders = async (holder?: string) =>
      (
        (await admin.get(`/api/v1/auth-tokens${holder === undefined ? '' : `?holder=${holder}`}`)).body as {
          value: string;
          holderName: string | null;
        }[]
      ).map((card) => [card.value, card.holderName]);
    expect(await holders()).toEqual([
      ['AA000001', 'Ute User'],
      ['AA000002', 'Acme GmbH'],
      ['AA000003', null],
    ]);
    expect(await holders('user')).toEqual([['AA000001', 'Ute User']]);
    expect(await holders('company')).toEqual([['AA000002', 'Acme GmbH']]);
    expect(await holders('none')).toEqual([['AA000003', null]]);
    expect((await admin.get('/api/v1/auth-tokens?holder=somebody')).status).toBe(400);
  });
});
