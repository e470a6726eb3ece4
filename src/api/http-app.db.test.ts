import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeStaff } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { apiClient, loginClient, type ApiClient } from '../../test/http/api-client.js';

let server: TestServer;
let admin: ApiClient;
let institutionId: string;
beforeAll(async () => {
  server = await startTestServer();
  const institution = await makeInstitution(server.database.db);
  institutionId = institution.id;
  const staff = await makeStaff(server.database.db, 'institution_admin', institution.id);
  admin = await loginClient(server.baseUrl, staff.email, staff.password);
});
afterAll(async () => {
  await server?.close();
});

const PROBLEM_KEYS = ['code', 'detail', 'status', 'title', 'type'];

describe('problem+json answers', () => {
  it('answers an unknown route with 404 problem+json, also without log-in', async () => {
    for (const client of [apiClient(server.baseUrl), admin]) {
      const response = await client.get('/api/v1/no-such-thing?x=1');
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Object.keys(response.body).sort()).toEqual(PROBLEM_KEYS);
      expect(response.body).toMatchObject({
        code: 'not_found',
        detail: 'No route GET /api/v1/no-such-thing',
      });
    }
  });

  it('names every failing field of a schema violation with 400', async () => {
    const response = await admin.post('/api/v1/locations', { latitude: 'north' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      type: 'urn:fachwerk:problem:validation_failed',
      code: 'validation_failed',
      status: 400,
      details: { errors: [expect.objectContaining({ field: expect.stringMatching(/^body\./) })] },
    });
    const params = await admin.get('/api/v1/locations/not-a-uuid');
    expect(params.status).toBe(400);
    expect(params.body.details.errors[0].field).toBe('params.locationId');
    const query = await admin.get('/api/v1/stations?limit=0');
    expect(query.status).toBe(400);
    expect(query.body.details.errors[0].field).toBe('querystring.limit');
  });

  it('answers broken JSON and unsupported media types with a 4xx problem', async () => {
    const broken = await fetch(`${server.baseUrl}/api/v1/locations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie! },
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const form = await fetch(`${server.baseUrl}/api/v1/locations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie! },
      body: 'name=x',
    });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { code: string }).code).toBe('validation_failed');
  });

  it('answers a domain rule violation with 422 and a typed conflict with 409', async () => {
    const onlyLatitude = await admin.post('/api/v1/locations', { name: 'Half', latitude: 50 });
    expect(onlyLatitude.status).toBe(422);
    expect(onlyLatitude.body.details).toEqual({ field: 'longitude' });
    expect((await admin.post('/api/v1/locations', { name: 'Twice' })).status).toBe(201);
    const twice = await admin.post('/api/v1/locations', { name: 'Twice' });
    expect(twice.status).toBe(409);
    expect(twice.body.title).toBe('Conflict');
  });

  it('never shows a stack trace or internal message', async () => {
    // An institution id that passes the schema but whose row is missing exercises the 404 path, not a crash.
    const missing = await admin.get(`/api/v1/locations/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).not.toMatch(/at .*\.ts|stack/);
  });
});

describe('public endpoints', () => {
  it('serves health, the OpenAPI document and the docs without log-in', async () => {
    const anonymous = apiClient(server.baseUrl);
    expect((await anonymous.get('/health')).body).toEqual({ status: 'ok' });
    const document = await anonymous.get('/api/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(document.body.paths['/api/v1/stations/{stationId}/adopt']).toBeDefined();
    const docs = await fetch(`${server.baseUrl}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });
});

describe('live events', () => {
  it('streams the events of the own institution only', async () => {
    const other = await makeInstitution(server.database.db);
    const controller = new AbortController();
    const response = await fetch(`${server.baseUrl}/api/v1/events`, {
      headers: { cookie: admin.cookie! },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5_000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(': connected');
    const live = server.fachwerk.services.deps.live;
    live.publish({
      type: 'station.connected',
      institutionId: other.id,
      stationId: 'theirs',
      chargeBoxId: 'THEIRS',
    });
    live.publish({ type: 'station.connected', institutionId, stationId: 'ours', chargeBoxId: 'OURS' });
    await readUntil('"OURS"');
    expect(text).toContain('event: station.connected\ndata: {');
    expect(text).not.toContain('THEIRS');
    controller.abort();
  });
});
