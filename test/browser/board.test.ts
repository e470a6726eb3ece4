import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedStation } from '../../src/simulator/simulated-station.js';
import { launchBrowser } from '../support/browser.js';
import { makeInstitution, makeStaff, makeStation } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let sim: SimulatedStation;
let technician: { email: string; password: string };

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const { password } = await makeStation(db, {
    institutionId: institution.id,
    chargeBoxId: 'BOARD-LOCKER',
    kind: 'locker',
    evses: 3,
    shortNamePrefix: 'B7',
  });
  technician = await makeStaff(db, 'service_technician', institution.id);
  sim = new SimulatedStation({
    url: server.ocppUrl,
    chargeBoxId: 'BOARD-LOCKER',
    password,
    version: 'ocpp1.6',
    kind: 'locker',
    evses: 3,
  });
  await sim.start();
  await sim.flush();
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await server?.close();
});

const row = (name: string) => page.getByRole('row', { name: new RegExp(`^${name}\\b`) });

describe('the live board at /', () => {
  it('logs a technician in and shows each compartment with its door, in German', async () => {
    await page.goto(server.baseUrl);
    expect(await new AxeBuilder({ page }).analyze().then((r) => r.violations)).toEqual([]);
    await page.getByLabel('E-Mail').fill(technician.email);
    await page.getByLabel('Passwort').fill(technician.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();

    await expect.poll(() => row('B7-02').textContent()).toContain('geschlossen');
    expect(await page.getByRole('table').locator('caption').textContent()).toContain('online');
    expect(await new AxeBuilder({ page }).analyze().then((r) => r.violations)).toEqual([]);
  });

  it('shows a door opened at the station without a reload', async () => {
    sim.openDoor(2);
    await expect.poll(() => row('B7-02').textContent(), { timeout: 10_000 }).toContain('offen');
    expect(await row('B7-01').textContent()).toContain('geschlossen');
  });

  it('says the station is offline when it disconnects', async () => {
    await sim.disconnect();
    await expect
      .poll(() => page.getByRole('table').locator('caption').textContent(), { timeout: 10_000 })
      .toContain('offline');
  });

  it('switches to English at a click', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Stations live');
    expect(await row('B7-02').textContent()).toContain('open');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('refuses a wrong password with a message, and keeps the board hidden', async () => {
    const other = await context.browser()!.newContext();
    const fresh = await other.newPage();
    await fresh.goto(server.baseUrl);
    await fresh.getByLabel('E-Mail').fill(technician.email);
    await fresh.getByLabel('Passwort').fill('wrong password');
    await fresh.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => fresh.getByRole('alert').textContent()).toBe('Anmeldung fehlgeschlagen');
    expect(await fresh.getByRole('table').count()).toBe(0);
    await other.close();
  });
});
