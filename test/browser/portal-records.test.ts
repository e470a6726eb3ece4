/**
 * The records pages in a real browser: sessions (completed through the simulated locker by SMS and
 * by RFID card), charge records with totals, CSV and corrections, the SMS log with masked numbers
 * and a live test SMS, alerts and the audit log; what a service technician may not see.
 */
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { systemActor } from '../../src/shared/context.js';
import { answer, loadCompartment, text } from '../integration/sms-flow.support.js';
import { waitFor } from '../support/ocpp-client.js';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

const PHONE = '4917155500001';

let world: PortalWorld;
const db = () => world.server.database.db;

async function recordsOfInstitution() {
  return db()
    .select()
    .from(s.chargeRecords)
    .where(eq(s.chargeRecords.institutionId, world.locker.institutionId));
}

beforeAll(async () => {
  world = await startPortalWorld();
  const { server, locker } = world;
  // An SMS session at P20-01: started and ended by texting its name.
  await loadCompartment(server, locker, 1);
  const confirmation = await answer(server, locker, PHONE, 'P20-01');
  expect(confirmation.kind).toBe('confirmation');
  await waitFor(async () => {
    const [row] = await db()
      .select()
      .from(s.smsSessions)
      .where(eq(s.smsSessions.id, confirmation.smsSessionId!));
    return row?.state === 'active' && row.sessionId !== null;
  });
  await text(server, locker, PHONE, 'P20-01');
  // An RFID session at P20-02 with the driver's prepaid card.
  const sim = locker.sim!;
  sim.openDoor(2);
  sim.putItem(2);
  sim.closeDoor(2);
  expect((await sim.presentCard(2, world.driverCardValue)).result).toBe('started');
  sim.addEnergy(2, 1200);
  expect((await sim.presentCard(2, world.driverCardValue)).result).toBe('stopped');
  await sim.flush();
  await waitFor(async () => (await recordsOfInstitution()).length === 2, {
    timeoutMs: 15_000,
    what: 'two charge records',
  });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** 1234 → "12,34 €" as the portal writes it (de-DE, non-breaking space). */
const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}\u00a0€`;

async function sumOf(strategyKind?: string): Promise<number> {
  const rows = await recordsOfInstitution();
  return rows
    .filter((r) => strategyKind === undefined || r.strategyKind === strategyKind)
    .reduce((sum, r) => sum + r.totalCents, 0);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('sessions and charge records for the accountant', () => {
  let page: Page;

  beforeAll(async () => {
    page = await world.pageAs('accountant');
  });

  it('lists the completed sessions with their amounts, filtered by compartment', async () => {
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Ladevorgänge' })
      .click();
    await expect.poll(() => h1(page)).toBe('Ladevorgänge');
    const table = page.getByRole('table', { name: 'Ladevorgänge' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    expect(await table.getByRole('columnheader', { name: 'Betrag' }).count()).toBe(1);
    // The SMS session's amount, as its charge record has it.
    await expect
      .poll(() => table.getByRole('row').filter({ hasText: 'P20-01' }).textContent())
      .toContain(euros(await sumOf('carrier')));
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Ladefach (Kurzname)').fill('p20-02');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.textContent()).toContain(world.driverCardValue);
  });

  it('opens a session with its meter values and its charge record', async () => {
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await page.getByRole('link', { name: 'Ladevorgang P20-01 öffnen' }).click();
    await expect.poll(() => h1(page)).toBe('Ladevorgang P20-01');
    const record = page.getByRole('region', { name: 'Abrechnungsdatensatz' });
    await expect.poll(() => record.textContent()).toContain('Mobilfunk');
    expect(await record.textContent()).toContain(euros(await sumOf('carrier')));
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows exact totals of the filtered records and exports the same set as CSV', async () => {
    await page.goto(`${world.server.baseUrl}/charge-records`);
    await expect.poll(() => h1(page)).toBe('Abrechnungsdatensätze');
    const totals = page.getByTestId('charge-record-totals');
    // The sum of the stored records to the cent (a card session of under a second may cost nothing).
    await expect.poll(() => totals.textContent()).toContain(`${euros(await sumOf())}Brutto`);
    expect(await totals.textContent()).toMatch(/^2\s*Datensätze/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Abrechnungsart').selectOption('carrier');
    await page.getByRole('button', { name: 'Filtern' }).click();
    const carrierCents = await sumOf('carrier');
    expect(carrierCents).toBeGreaterThan(0);
    await expect.poll(() => totals.textContent()).toMatch(/^1\s*Datensätze/);
    expect(await totals.textContent()).toContain(`${euros(carrierCents)}Brutto`);
    const table = page.getByRole('table', { name: 'Abrechnungsdatensätze' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.textContent()).toContain('Mobilfunk');

    const href = await page.getByRole('link', { name: 'Als CSV exportieren' }).getAttribute('href');
    expect(href).toContain('strategyKind=carrier');
    const csv = await page.request.get(`${world.server.baseUrl}${href!}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('P20-01');
  });

  it('corrects a record only with a reason, through a dialog', async () => {
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    const table = page.getByRole('table', { name: 'Abrechnungsdatensätze' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await table
      .getByRole('row')
      .filter({ hasText: 'P20-01' })
      .getByRole('button', { name: 'Korrigieren' })
      .click();
    const dialog = page.getByRole('alertdialog');
    const before = await sumOf();
    const smsCents = await sumOf('carrier');
    await dialog.getByLabel('Neuer Betrag (brutto, €)').fill(euros(smsCents + 30).replace(/\s€$/, ''));
    const confirm = dialog.getByRole('button', { name: 'Korrektur buchen' });
    expect(await confirm.isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('Grund der Korrektur').fill('Tür klemmte, Kulanz');
    await confirm.click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    expect(await table.textContent()).toContain('Tür klemmte, Kulanz');
    const correction = table.getByRole('row').filter({ hasText: 'Tür klemmte, Kulanz' });
    expect(await correction.textContent()).toContain(euros(30));
    expect(await correction.textContent()).toContain('Korrektur');
    await expect
      .poll(() => page.getByTestId('charge-record-totals').textContent())
      .toContain(`${euros(before + 30)}Brutto`);
  });

  it('shows the unpriced sessions (none here) and an empty list accessibly', async () => {
    const unpriced = page.getByRole('region', { name: 'Nicht bepreiste Ladevorgänge' }).first();
    await expect.poll(() => unpriced.textContent()).toContain('Alle beendeten Ladevorgänge sind bepreist.');
    await page.getByLabel('Monat').fill('2020-01');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Abrechnungsdatensätze' }).textContent())
      .toContain('Keine Abrechnungsdatensätze für diese Filter.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('sees the SMS log with full numbers', async () => {
    await page.goto(`${world.server.baseUrl}/sms`);
    await expect.poll(() => h1(page)).toBe('SMS-Protokoll');
    const table = page.getByRole('table', { name: 'SMS-Nachrichten' });
    await expect.poll(() => table.textContent()).toContain(PHONE);
    expect(await table.textContent()).not.toContain('••••001');
  });
});

describe('a service technician', () => {
  let page: Page;

  beforeAll(async () => {
    page = await world.pageAs('technician');
  });

  it('sees sessions without money and no billing navigation', async () => {
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await nav.getByRole('heading', { name: 'Abrechnung' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Abrechnungsdatensätze' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Ladevorgänge' }).click();
    const table = page.getByRole('table', { name: 'Ladevorgänge' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    expect(await table.getByRole('columnheader', { name: 'Betrag' }).count()).toBe(0);
    expect(await table.textContent()).not.toContain('€');
    await table.getByRole('link', { name: 'Ladevorgang P20-02 öffnen' }).click();
    await expect.poll(() => h1(page)).toBe('Ladevorgang P20-02');
    expect(await page.getByRole('region', { name: 'Abrechnungsdatensatz' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('€');
  });

  it('gets "forbidden" on the money pages and 403 from the API', async () => {
    for (const path of [
      '/charge-records',
      '/documents',
      '/billing-runs',
      '/carrier-charges',
      '/billing-profile',
    ]) {
      await page.goto(`${world.server.baseUrl}${path}`);
      await expect.poll(() => h1(page)).toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    for (const path of ['/charge-records', '/charge-records/totals', '/documents', '/carrier-charges']) {
      expect((await page.request.get(`${world.server.baseUrl}/api/v1${path}`)).status(), path).toBe(403);
    }
  });

  it('sees the SMS log with masked phone numbers', async () => {
    await page.goto(`${world.server.baseUrl}/sms`);
    const table = page.getByRole('table', { name: 'SMS-Nachrichten' });
    await expect.poll(() => table.textContent()).toContain('P20-01');
    expect(await table.textContent()).toContain('••••001');
    expect(await table.textContent()).not.toContain(PHONE);
    expect(await page.getByRole('status').filter({ hasText: 'maskiert' }).count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Test-SMS' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'SMS-Ladevorgänge' }).click();
    const sessions = page.getByRole('table', { name: 'Per SMS gestartete Ladevorgänge' });
    await expect.poll(() => sessions.textContent()).toContain('Abgeschlossen');
    expect(await sessions.textContent()).not.toContain(PHONE);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the institution admin', () => {
  let page: Page;

  beforeAll(async () => {
    page = await world.pageAs('admin');
  });

  it('sends a test SMS from the portal and sees the answer arrive live', async () => {
    await page.goto(`${world.server.baseUrl}/sms`);
    await expect.poll(() => h1(page)).toBe('SMS-Protokoll');
    const form = page.getByRole('form', { name: 'Test-SMS' });
    await form.getByLabel('Absender (Telefonnummer)').fill('12');
    await form.getByLabel('Text').fill('HILFE');
    await expect.poll(() => form.textContent()).toContain('Bitte eine Telefonnummer');
    expect(await accessibilityViolations(page)).toEqual([]);
    await form.getByLabel('Absender (Telefonnummer)').fill('+49 171 5550002');
    await form.getByRole('button', { name: 'Test-SMS senden' }).click();
    const answer = page.locator('.test-sms-answer');
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toContain('Laden per SMS');
    // The log refreshed too, without a reload.
    await expect
      .poll(() => page.getByRole('table', { name: 'SMS-Nachrichten' }).textContent())
      .toContain('491715550002');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('sees an alert appear live and acknowledges it after confirming', async () => {
    await page.goto(`${world.server.baseUrl}/alerts`);
    await expect.poll(() => h1(page)).toBe('Meldungen');
    const table = page.getByRole('table', { name: 'Meldungen' });
    await expect.poll(() => table.textContent()).toContain('Keine offenen Meldungen.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await world.server.fachwerk.services.alerts.raise(
      { actor: systemActor('test'), now: () => new Date(), log: world.server.fachwerk.services.deps.log },
      {
        institutionId: world.locker.institutionId,
        stationId: world.locker.stationId,
        kind: 'keypad_locked',
        severity: 'warning',
        message: { de: 'Tastatur an P20-03 gesperrt', en: 'Keypad at P20-03 locked' },
      },
    );
    await expect.poll(() => table.textContent()).toContain('Tastatur an P20-03 gesperrt');
    await table.getByRole('button', { name: 'Als gesehen markieren' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Tastatur an P20-03 gesperrt');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Als gesehen markieren' }).click();
    await expect.poll(() => table.textContent()).toContain('Keine offenen Meldungen.');
    await page.getByLabel('Anzeigen').selectOption('all');
    await expect.poll(() => table.textContent()).toContain('Gesehen');
  });

  it('reads the audit log: who acknowledged what, filtered by action', async () => {
    await page.goto(`${world.server.baseUrl}/audit`);
    await expect.poll(() => h1(page)).toBe('Änderungsprotokoll');
    const table = page.getByRole('table', { name: 'Änderungen' });
    await expect.poll(() => table.textContent()).toContain('alert.acknowledged');
    const [admin] = await db()
      .select()
      .from(s.staff)
      .where(and(eq(s.staff.id, world.people.admin.id)));
    expect(await table.getByRole('row').filter({ hasText: 'alert.acknowledged' }).textContent()).toContain(
      admin!.name,
    );
    await page.getByLabel('Aktion').fill('kein gültiger Filter!');
    await expect.poll(() => page.locator('main').textContent()).toContain('Nur Kleinbuchstaben');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Aktion').fill('charge_record');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => table.textContent()).not.toContain('alert.acknowledged');
    // The accountant's correction, with its reason.
    expect(
      await table.getByRole('row').filter({ hasText: 'charge_record.corrected' }).textContent(),
    ).toContain('Tür klemmte, Kulanz');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
