/**
 * QR codes and label sheets over real HTTP: the PNG decodes to the exact `sms:` URI, the SVG is a
 * vector drawing, the A4 sheet has one label per compartment on as many pages as needed, and staff
 * of another institution see none of it.
 */
import { fileURLToPath } from 'node:url';
import jsqr from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { staffClients, type StaffClients } from '../../test/support/staff-clients.js';

const FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

let server: TestServer;
let a: StaffClients;
let b: StaffClients;
let noNumber: StaffClients;
let locker: Awaited<ReturnType<typeof makeStation>>;
let lockerB: Awaited<ReturnType<typeof makeStation>>;
let stationWithoutNumber: Awaited<ReturnType<typeof makeStation>>;
let badName: typeof s.chargePoints.$inferSelect;

beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'https://laden.example.test' });
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const other = await makeInstitution(db);
  const bare = await makeInstitution(db);
  locker = await makeStation(db, {
    institutionId: institution.id,
    chargeBoxId: 'P20-LOCKER',
    kind: 'locker',
    evses: 12,
    shortNamePrefix: 'P20',
  });
  lockerB = await makeStation(db, {
    institutionId: other.id,
    kind: 'locker',
    evses: 2,
    shortNamePrefix: 'B1',
  });
  stationWithoutNumber = await makeStation(db, { institutionId: bare.id, evses: 1, shortNamePrefix: 'N1' });
  // A charge point of A whose short name no person could type (rows from before names were checked).
  const [oddStation] = await db
    .insert(s.stations)
    .values({ institutionId: institution.id, chargeBoxId: 'ODD-ONE' })
    .returning();
  const [odd] = await db
    .insert(s.chargePoints)
    .values({ institutionId: institution.id, stationId: oddStation!.id, evseId: 1, shortName: 'not valid' })
    .returning();
  badName = odd!;
  await db.insert(s.smsNumbers).values([
    { institutionId: institution.id, number: '841122', createdAt: new Date('2026-01-01T00:00:00Z') },
    { institutionId: institution.id, number: '4915112345678', createdAt: new Date('2026-01-02T00:00:00Z') },
    { institutionId: institution.id, number: '999000', active: false },
    { institutionId: other.id, number: '700700' },
  ]);
  a = await staffClients(server, institution.id);
  b = await staffClients(server, other.id);
  noNumber = await staffClients(server, bare.id);
});

afterAll(async () => {
  await server?.close();
});

async function fetchAs(client: { cookie: string | undefined }, path: string) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { cookie: client.cookie! } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS: its function is the module's `default` property.
  return jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

async function pdfPages(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    standardFontDataUrl: FONTS,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return pages;
}

const cp = (n: number) => locker.chargePoints[n - 1]!;

describe('QR codes of a compartment', () => {
  it('PNG: decodes to sms:<first active number>?body=<short name>', async () => {
    const response = await fetchAs(a.technician, `/charge-points/${cp(7).id}/qr.png`);
    expect(response.status).toBe(200);
    expect(response.type).toBe('image/png');
    expect(decodeQr(response.bytes)).toBe('sms:841122?body=P20-07');
  });

  it('PNG: another number of the institution, in any spelling, gets a dialable +49 URI', async () => {
    const response = await fetchAs(
      a.admin,
      `/charge-points/${cp(1).id}/qr.png?number=${encodeURIComponent('+49 151 12345678')}`,
    );
    expect(response.status).toBe(200);
    expect(decodeQr(response.bytes)).toBe('sms:+4915112345678?body=P20-01');
  });

  it('PNG: target=page encodes the public compartment page', async () => {
    const response = await fetchAs(a.accountant, `/charge-points/${cp(12).id}/qr.png?target=page`);
    expect(response.status).toBe(200);
    expect(decodeQr(response.bytes)).toBe('https://laden.example.test/c/841122/P20-12');
  });

  it('SVG: a vector drawing of the same code', async () => {
    const response = await fetchAs(a.admin, `/charge-points/${cp(7).id}/qr.svg`);
    expect(response.status).toBe(200);
    expect(response.type).toMatch(/^image\/svg\+xml/);
    const svg = response.bytes.toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 33 33"/);
    expect(svg).toMatch(/<path[^>]* d="M[^"]{100,}"/);
  });

  it('refuses an inactive number, another institution’s number and a non-number', async () => {
    expect((await fetchAs(a.admin, `/charge-points/${cp(1).id}/qr.png?number=999000`)).status).toBe(404);
    expect((await fetchAs(a.admin, `/charge-points/${cp(1).id}/qr.png?number=700700`)).status).toBe(404);
    const bad = await fetchAs(a.admin, `/charge-points/${cp(1).id}/qr.png?number=abc`);
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.bytes.toString()).code).toBe('validation_failed');
  });

  it('answers 409 with a clear message for a charge point without a usable short name', async () => {
    const response = await fetchAs(a.admin, `/charge-points/${badName.id}/qr.png`);
    expect(response.status).toBe(409);
    const problem = JSON.parse(response.bytes.toString());
    expect(problem).toMatchObject({ code: 'conflict', details: { reason: 'no_short_name' } });
    expect(problem.detail).toContain('short name');
  });

  it('answers 409 when the institution has no active SMS number', async () => {
    const response = await fetchAs(
      noNumber.admin,
      `/charge-points/${stationWithoutNumber.chargePoints[0]!.id}/qr.svg`,
    );
    expect(response.status).toBe(409);
    expect(JSON.parse(response.bytes.toString())).toMatchObject({ details: { reason: 'no_sms_number' } });
    const sheet = await fetchAs(noNumber.admin, `/stations/${stationWithoutNumber.station.id}/labels.pdf`);
    expect(sheet.status).toBe(409);
  });

  it('shows another institution’s codes and sheets to nobody else', async () => {
    for (const client of [b.admin, b.technician, b.accountant]) {
      for (const path of [
        `/charge-points/${cp(7).id}/qr.png`,
        `/charge-points/${cp(7).id}/qr.svg`,
        `/stations/${locker.station.id}/labels.pdf`,
        `/stations/P20-LOCKER/labels.pdf`,
      ]) {
        const response = await fetchAs(client, path);
        expect(response.status, path).toBe(404);
        expect(response.bytes.toString()).not.toMatch(/P20-\d\d|841122/);
      }
    }
    // B's own code works, with B's number.
    const own = await fetchAs(b.technician, `/charge-points/${lockerB.chargePoints[0]!.id}/qr.png`);
    expect(decodeQr(own.bytes)).toBe('sms:700700?body=B1-01');
  });

  it('needs a log-in', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/charge-points/${cp(7).id}/qr.png`);
    expect(response.status).toBe(401);
  });
});

describe('the label sheet of a locker', () => {
  it('has one label per compartment, 8 a page: 12 compartments on two A4 pages', async () => {
    const response = await fetchAs(a.technician, `/stations/P20-LOCKER/labels.pdf`);
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /filename="Etiketten-P20-LOCKER-\d{4}-\d{2}-\d{2}\.pdf"/,
    );
    const pages = await pdfPages(response.bytes);
    expect(pages).toHaveLength(2);
    const names = (text: string) => [...text.matchAll(/Fach \/ Compartment: (P20-\d\d)/g)].map((m) => m[1]);
    expect(names(pages[0]!)).toEqual([
      'P20-01',
      'P20-02',
      'P20-03',
      'P20-04',
      'P20-05',
      'P20-06',
      'P20-07',
      'P20-08',
    ]);
    expect(names(pages[1]!)).toEqual(['P20-09', 'P20-10', 'P20-11', 'P20-12']);
    const all = pages.join(' ');
    for (let n = 1; n <= 12; n++) {
      const name = `P20-${String(n).padStart(2, '0')}`;
      expect(all).toContain(`2. SMS mit „${name}“ an 841122.`);
      expect(all).toContain(`2. Text “${name}” to 841122.`);
    }
    expect(all.match(/1\. Fach öffnen, Akku\/Ladegerät einlegen, Tür schließen\./g)).toHaveLength(12);
    expect(all.match(/3\. Ende: gleiche SMS nochmal oder Quittungs-PIN eingeben\./g)).toHaveLength(12);
    expect(all.match(/1\. Open the compartment, put in battery\/charger, close the door\./g)).toHaveLength(
      12,
    );
    expect(all.match(/3\. To end: send the same text again or type your receipt PIN\./g)).toHaveLength(12);
  });

  it('shows the chosen number on every label', async () => {
    const response = await fetchAs(a.admin, `/stations/${locker.station.id}/labels.pdf?number=4915112345678`);
    expect(response.status).toBe(200);
    const all = (await pdfPages(response.bytes)).join(' ');
    expect(all.match(/\+49 151 12345678/g)!.length).toBeGreaterThanOrEqual(24);
    expect(all).not.toContain('841122');
  });

  it('answers 404 for an unknown station', async () => {
    expect((await fetchAs(a.admin, `/stations/NO-SUCH-LOCKER/labels.pdf`)).status).toBe(404);
  });
});
