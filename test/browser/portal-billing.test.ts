/**
 * The accountant's billing pages in a real browser: the billing profile, a monthly invoice run (a
 * month not over refused in words), documents with their PDF and Storno, carrier charges; and that
 * a service technician sees none of it.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import * as s from '../../src/db/schema.js';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

let world: PortalWorld;
let page: Page;
const db = () => world.server.database.db;
const h1 = () => page.getByRole('heading', { level: 1 }).textContent();
/** The Berlin month before this one, as YYYY-MM (what the run page proposes). */
function previousBerlinMonth(now: Date): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
const lastMonth = previousBerlinMonth(new Date());
const thisMonth = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
}).format(new Date());

beforeAll(async () => {
  world = await startPortalWorld({
    platform: {
      ...loadConfig({}).platform,
      street: 'Plattformweg 1',
      postalCode: '10115',
      city: 'Berlin',
      vatId: 'DE999999999',
    },
  });
  // Last month, the company charged once at P20-04 (postpaid): the invoice run has something to bill.
  const [company] = await db().select().from(s.companies).where(eq(s.companies.id, world.companyId));
  await db()
    .update(s.companies)
    .set({ name: 'Carsharing Süd GmbH', street: 'Ladeweg 7', postalCode: '80331', city: 'München' })
    .where(eq(s.companies.id, world.companyId));
  const [year, month] = lastMonth.split('-').map(Number) as [number, number];
  const startedAt = new Date(Date.UTC(year, month - 1, 10, 9, 0));
  const stoppedAt = new Date(startedAt.getTime() + 45 * 60_000);
  const chargePoint = world.locker.chargePoints[3]!;
  const [session] = await db()
    .insert(s.sessions)
    .values({
      institutionId: world.locker.institutionId,
      stationId: world.locker.stationId,
      chargePointId: chargePoint.id,
      evseId: 4,
      transactionId: 'T-last-month',
      ocppVersion: 'ocpp1.6',
      idTag: 'COMPANYCARD',
      status: 'completed',
      startedAt,
      stoppedAt,
      meterStartWh: 0,
      meterStopWh: 900,
      energyWh: 900,
    })
    .returning();
  await db()
    .insert(s.chargeRecords)
    .values({
      institutionId: world.locker.institutionId,
      sessionId: session!.id,
      stationId: world.locker.stationId,
      chargePointId: chargePoint.id,
      evseId: 4,
      chargePointName: chargePoint.shortName,
      idTag: 'COMPANYCARD',
      companyId: world.companyId,
      accountId: company!.accountId,
      strategyKind: 'postpaid',
      startedAt,
      stoppedAt,
      durationSeconds: 45 * 60,
      energyWh: 900,
      lines: [],
      totalCents: 100,
      vatRateBp: 1900,
      netCents: 84,
      vatCents: 16,
      booking: 'invoice',
      createdBy: 'test',
    });
  page = await world.pageAs('accountant');
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('the accountant', () => {
  it('completes the billing profile, seeing what documents still need', async () => {
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Rechnungsangaben' })
      .click();
    await expect.poll(() => h1()).toBe('Rechnungsangaben');
    await expect.poll(() => page.locator('main').textContent()).toContain('Für Belege fehlt noch');
    expect(await accessibilityViolations(page)).toEqual([]);
    const form = page.getByRole('form', { name: 'Rechnungsangaben' });
    await form.getByLabel('Firmenname').fill('Stadtwerke Musterstadt GmbH');
    await form.getByLabel('Straße und Hausnummer').fill('Hauptstraße 1');
    await form.getByLabel('PLZ').fill('12345');
    await form.getByLabel('Ort').fill('Musterstadt');
    await form.getByLabel('USt-IdNr.').fill('DE123456789');
    await form.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('Alle Pflichtangaben für Belege sind vorhanden.');
    expect(await form.getByLabel('IBAN').inputValue()).toBe('DE89370400440532013000');
  });

  it('is refused a month that is not over, in words, and issues last month’s invoice', async () => {
    await page.goto(`${world.server.baseUrl}/billing-runs`);
    await expect.poll(() => h1()).toBe('Abrechnungsläufe');
    expect(await page.getByLabel('Abrechnungsmonat').inputValue()).toBe(lastMonth);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Abrechnungsmonat').fill(thisMonth);
    await page.getByRole('button', { name: 'Rechnungen ausstellen' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Rechnungen ausstellen' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain(`Der Monat ${thisMonth} ist noch nicht vorbei`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();

    await page.getByLabel('Abrechnungsmonat').fill(lastMonth);
    await page.getByRole('button', { name: 'Rechnungen ausstellen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Rechnungen ausstellen' }).click();
    const result = page.getByRole('region', { name: /Ergebnis/ });
    await expect.poll(() => result.textContent()).toContain('Carsharing Süd GmbH');
    expect(await result.textContent()).toMatch(/RE-\d{4}-000001/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Running it again issues nothing twice.
    await page.getByRole('button', { name: 'Rechnungen ausstellen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Rechnungen ausstellen' }).click();
    await expect.poll(() => result.textContent()).toContain('Nichts neu ausgestellt.');
    expect(await result.textContent()).toContain('Schon vorhanden');

    // Credit notes: no carrier charges were settled last month, so none is issued.
    await page.getByRole('button', { name: 'Gutschriften ausstellen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Gutschriften ausstellen' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: /Gutschriften: Ergebnis/ }).textContent())
      .toContain('Nichts neu ausgestellt.');
  });

  it('finds the invoice among the documents and downloads its PDF', async () => {
    await page.goto(`${world.server.baseUrl}/documents`);
    await expect.poll(() => h1()).toBe('Belege');
    const table = page.getByRole('table', { name: 'Belege' });
    await expect.poll(() => table.textContent()).toContain('Carsharing Süd GmbH');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Nummer oder Empfänger').fill('carsharing');
    await page.getByLabel('Art').selectOption('invoice');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    const pdfLink = table.getByRole('link', { name: /^PDF von RE-/ });
    const href = await pdfLink.getAttribute('href');
    const pdf = await page.request.get(`${world.server.baseUrl}${href!}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByLabel('Nummer oder Empfänger').fill('gibt es nicht');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => table.textContent()).toContain('Keine Belege für diese Filter.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('cancels the invoice (Storno) only with a reason, after confirming', async () => {
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    const table = page.getByRole('table', { name: 'Belege' });
    await expect.poll(() => table.textContent()).toContain('Carsharing Süd GmbH');
    await table.getByRole('button', { name: 'Stornieren' }).click();
    const dialog = page.getByRole('alertdialog');
    const confirm = dialog.getByRole('button', { name: 'Stornorechnung ausstellen' });
    expect(await confirm.isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('Grund des Stornos').fill('Falscher Empfänger');
    await confirm.click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Stornorechnung ST-/ })
          .count(),
      )
      .toBe(1);
    await expect.poll(() => table.textContent()).toContain('Storniert');
    expect(await table.getByRole('button', { name: 'Stornieren' }).count()).toBe(0);
    const cancellation = await page.request.get(`${world.server.baseUrl}/api/v1/documents?kind=cancellation`);
    expect(((await cancellation.json()) as unknown[]).length).toBe(1);
  });

  it('sees the carrier charges (none yet) on an accessible page', async () => {
    await page.goto(`${world.server.baseUrl}/carrier-charges`);
    await expect.poll(() => h1()).toBe('Mobilfunk-Abbuchungen');
    await expect
      .poll(() => page.getByRole('table', { name: 'Mobilfunk-Abbuchungen' }).textContent())
      .toContain('Keine Abbuchungen für diese Filter.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('a service technician', () => {
  it('has no billing navigation; the billing pages say forbidden and the API answers 403', async () => {
    const technician = await world.pageAs('technician');
    const nav = technician.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await nav.getByRole('link', { name: 'Belege' }).count()).toBe(0);
    expect(await nav.getByRole('heading', { name: 'Abrechnung' }).count()).toBe(0);
    await technician.goto(`${world.server.baseUrl}/documents`);
    await expect
      .poll(() => technician.getByRole('heading', { level: 1 }).textContent())
      .toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
    for (const [method, path] of [
      ['GET', '/documents'],
      ['GET', '/carrier-charges'],
      ['GET', `/institutions/${world.locker.institutionId}/billing-profile`],
      ['POST', '/invoices/run'],
    ] as const) {
      const response =
        method === 'GET'
          ? await technician.request.get(`${world.server.baseUrl}/api/v1${path}`)
          : await technician.request.post(`${world.server.baseUrl}/api/v1${path}`, {
              data: { month: lastMonth },
            });
      expect(response.status(), path).toBe(403);
    }
  });
});
