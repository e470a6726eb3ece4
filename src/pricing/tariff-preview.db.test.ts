import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient } from '../../test/http/api-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const HALF_HOUR_50 = { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] };

async function world() {
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const [location] = await db
    .insert(s.locations)
    .values({ institutionId: institution.id, name: 'Parkhaus P20' })
    .returning();
  const { station, chargePoints } = await makeStation(db, {
    institutionId: institution.id,
    evses: 2,
    locationId: location!.id,
  });
  const login = async (role: Parameters<typeof makeStaff>[1]) => {
    const made = await makeStaff(db, role, institution.id);
    return loginClient(server.baseUrl, made.email, made.password);
  };
  return {
    institution,
    location: location!,
    station,
    chargePoints,
    admin: await login('institution_admin'),
    accountant: await login('accountant'),
    technician: await login('service_technician'),
  };
}

describe('POST /tariffs/preview', () => {
  it('prices a draft for a duration and energy and gives the SMS texts, storing nothing', async () => {
    const w = await world();
    const response = await w.accountant.post('/api/v1/tariffs/preview', {
      definition: {
        elements: [{ time: { priceCents: 80, stepMinutes: 30 }, energy: { centsPerKwh: 40 } }],
      },
      durationMinutes: 200,
      energyWh: 2500,
      startAt: '2026-06-01T10:00:00+02:00',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      startedAt: '2026-06-01T08:00:00.000Z',
      stoppedAt: '2026-06-01T11:20:00.000Z',
      currency: 'EUR',
      vatRateBp: 1900,
      totalCents: 7 * 80 + 100,
      lines: [
        { kind: 'time', quantity: 7, amountCents: 560 },
        { kind: 'energy', quantity: 2500, amountCents: 100 },
      ],
    });
    expect(response.body.priceText.de.sms).toBe(
      '0,80 € je angefangene 30 Minuten + 0,40 € je kWh. Preise inkl. 19 % MwSt.',
    );
    expect(response.body.priceText.en.sms).toBe(
      '€0.80 per started 30 minutes + €0.40 per kWh. Prices incl. 19% VAT.',
    );
    expect((await w.admin.get('/api/v1/tariffs')).body).toEqual([]);
  });

  it('uses the given currency and VAT rate', async () => {
    const w = await world();
    const response = await w.admin.post('/api/v1/tariffs/preview', {
      definition: HALF_HOUR_50,
      vatRateBp: 700,
      durationMinutes: 30,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalCents: 50, vatRateBp: 700, vatCents: 3, netCents: 47 });
    expect(response.body.priceText.de.text).toContain('inkl. 7 % MwSt.');
  });

  it('answers 422 naming the bad field of the definition', async () => {
    const w = await world();
    const response = await w.admin.post('/api/v1/tariffs/preview', {
      definition: {
        minimumCents: 500,
        maximumCents: 100,
        elements: [{ time: { priceCents: 50, stepMinutes: 30 } }],
      },
      durationMinutes: 60,
    });
    expect(response.status).toBe(422);
    expect(response.body.details.field).toBe('definition.minimumCents');
    const tooLong = await w.admin.post('/api/v1/tariffs/preview', {
      definition: HALF_HOUR_50,
      durationMinutes: 31 * 24 * 60 + 1,
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.details.field).toBe('durationMinutes');
  });

  it('is refused to service technicians, who see no prices', async () => {
    const w = await world();
    const response = await w.technician.post('/api/v1/tariffs/preview', {
      definition: HALF_HOUR_50,
      durationMinutes: 60,
    });
    expect(response.status).toBe(403);
  });
});

describe('GET /tariff-assignments', () => {
  it('lists where each tariff is assigned with the target names, filtered by tariff', async () => {
    const w = await world();
    const create = async (name: string) =>
      (await w.admin.post('/api/v1/tariffs', { name, definition: HALF_HOUR_50 })).body as { id: string };
    const usual = await create('Ladefach');
    const special = await create('Sonderpreis');
    const cp = w.chargePoints[0]!;
    expect(
      (await w.admin.put(`/api/v1/institutions/${w.institution.id}/tariff`, { tariffId: usual.id })).status,
    ).toBe(200);
    expect(
      (await w.admin.put(`/api/v1/locations/${w.location.id}/tariff`, { tariffId: special.id })).status,
    ).toBe(200);
    expect(
      (await w.admin.put(`/api/v1/charge-points/${cp.id}/tariff`, { tariffId: special.id })).status,
    ).toBe(200);

    const all = await w.accountant.get('/api/v1/tariff-assignments');
    expect(all.status).toBe(200);
    expect(
      (all.body as { targetKind: string; targetName: string; tariffId: string }[])
        .map((a) => [a.targetKind, a.targetName, a.tariffId])
        .sort(),
    ).toEqual(
      [
        ['charge_point', cp.shortName, special.id],
        ['institution', w.institution.name, usual.id],
        ['location', 'Parkhaus P20', special.id],
      ].sort(),
    );
    const ofUsual = await w.admin.get(`/api/v1/tariff-assignments?tariffId=${usual.id}`);
    expect(ofUsual.body).toHaveLength(1);
    expect(ofUsual.body[0]).toMatchObject({ targetKind: 'institution', targetId: w.institution.id });
  });

  it('shows nothing of another institution and nothing to technicians', async () => {
    const w = await world();
    const other = await world();
    const tariff = (await w.admin.post('/api/v1/tariffs', { name: 'A', definition: HALF_HOUR_50 })).body;
    await w.admin.put(`/api/v1/stations/${w.station.id}/tariff`, { tariffId: tariff.id });
    expect((await other.admin.get('/api/v1/tariff-assignments')).body).toEqual([]);
    expect((await w.technician.get('/api/v1/tariff-assignments')).status).toBe(403);
  });
});
