/**
 * Operations in the portal against a whole server with a simulated locker: the dashboard, the
 * station list, a compartment's emergency unlock, commands by role, another institution's
 * station, adding and adopting stations, locations and station groups.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { loginClient, type ApiClient } from '../http/api-client.js';
import { connectStation, type TestStation } from '../support/ocpp-client.js';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

let world: PortalWorld;
let admin: ApiClient;
let pendingStation: TestStation | undefined;
const PENDING_ID = 'OPS-PENDING-1';

beforeAll(async () => {
  world = await startPortalWorld();
  admin = await loginClient(world.server.baseUrl, world.people.admin.email, world.people.admin.password);
  // The institution keeps unknown stations as pending; one connects at its address.
  const db = world.server.database.db;
  const [institution] = await db
    .update(s.institutions)
    .set({ acceptUnknownStations: true })
    .where(eq(s.institutions.id, world.locker.institutionId))
    .returning();
  pendingStation = await connectStation({
    endpoint: `${world.server.ocppUrl}/${institution!.slug}`,
    identity: PENDING_ID,
    password: 'pending-password-1234',
  });
});

afterAll(async () => {
  await pendingStation?.close({ force: true });
  await world?.close();
});

const url = (path: string) => `${world.server.baseUrl}${path}`;
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const compartmentRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Zustand, Tür und Ladevorgang je Fach' })
    .getByRole('row')
    .filter({ hasText: name });
/** A page section by its heading (its table's scroll region carries the same name). */
const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true }).first();

describe('a service technician at the locker', () => {
  let page: Page;

  it('finds the locker in the station list with its states in words', async () => {
    page = await world.pageAs('technician');
    await page.goto(url('/stations'));
    await expect.poll(() => heading(page)).toBe('Stationen');
    const link = page.getByRole('link', { name: world.locker.chargeBoxId });
    await link.waitFor();
    const row = page.getByRole('row').filter({ has: link });
    await expect.poll(() => row.textContent()).toContain('online');
    await expect.poll(() => row.textContent()).toContain('4 × frei');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Search by compartment name; another institution's station is not found.
    await page.getByLabel('Suche').fill('P20-03');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => link.count()).toBe(1);
    await page.getByLabel('Suche').fill(world.otherStationChargeBoxId);
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => page.getByText('Keine Station passt zu diesen Filtern.').count()).toBe(1);
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await link.click();
    await expect.poll(() => heading(page)).toBe(world.locker.chargeBoxId);
  });

  it('emergency-unlocks P20-02 with a reason: the station opens the door and the page shows it live', async () => {
    const sim = world.locker.sim!;
    const row = compartmentRow(page, 'P20-02');
    await expect.poll(() => row.textContent()).toContain('Tür zu');
    expect(await accessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Notentriegelung' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Fach P20-02 wird sofort entriegelt');
    const confirm = dialog.getByRole('button', { name: 'Fach P20-02 jetzt entriegeln' });
    // No reason, no unlock.
    expect(await confirm.isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('Grund').fill('Kunde am Telefon, Akku vergessen, Ausweis geprüft');
    await confirm.click();

    await sim.waitUntil(() => sim.compartment(2).door === 'open', 10_000, 'door of EVSE 2 open');
    expect(sim.receivedCommands.map((c) => c.action)).toContain('UnlockConnector');
    expect(sim.receivedCommands.find((c) => c.action === 'UnlockConnector')!.params).toMatchObject({
      connectorId: 2,
    });
    await expect.poll(() => row.textContent()).toContain('Tür offen');
    await expect
      .poll(() => page.getByText('Notentriegelung P20-02:').locator('..').textContent())
      .toContain('ausgeführt (entriegelt)');
    // The command list names the reason too.
    await expect.poll(() => section(page, 'Letzte Befehle').textContent()).toContain('Ausweis geprüft');

    const audit = await admin.get('/api/v1/audit-log');
    const entry = audit.body.find((e: { action: string }) => e.action === 'station.command.unlock');
    expect(entry.details).toMatchObject({
      evseId: 2,
      reason: 'Kunde am Telefon, Akku vergessen, Ausweis geprüft',
    });
  });

  it('shows the station’s OCPP messages with their payloads', async () => {
    const log = section(page, 'OCPP-Nachrichten');
    // Newest first, 20 a page: the card list sent to the locker may have pushed the unlock further down.
    const more = log.getByRole('button', { name: 'Mehr laden' });
    await expect
      .poll(async () => {
        const text = (await log.textContent()) ?? '';
        if (!text.includes('UnlockConnector') && (await more.count()) > 0) await more.click();
        return text;
      })
      .toContain('UnlockConnector');
    await log.getByText('Anzeigen').first().click();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('offers QR codes and the label sheet as downloads', async () => {
    const png = await page.getByRole('link', { name: 'QR-Code P20-02 als PNG' }).getAttribute('href');
    const pdf = await page.getByRole('link', { name: 'Etikettenbogen (PDF)' }).getAttribute('href');
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const fetched = async (href: string | null) => fetch(url(href!), { headers: { cookie } });
    const pngResponse = await fetched(png);
    expect(pngResponse.status).toBe(200);
    expect(pngResponse.headers.get('content-type')).toContain('image/png');
    const pdfResponse = await fetched(pdf);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toContain('application/pdf');
  });

  it('sees another institution’s station as not found', async () => {
    await page.goto(url(`/stations/${world.otherStationChargeBoxId}`));
    await expect.poll(() => heading(page)).toBe('Station nicht gefunden');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('an accountant', () => {
  it('sees the compartments but no command buttons, and a command sent anyway is refused', async () => {
    const page = await world.pageAs('accountant');
    await page.goto(url(`/stations/${world.locker.stationId}`));
    await compartmentRow(page, 'P20-01').waitFor();
    expect(await page.getByRole('button', { name: 'Notentriegelung' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Neu starten' }).count()).toBe(0);
    const accountant = await loginClient(
      world.server.baseUrl,
      world.people.accountant.email,
      world.people.accountant.password,
    );
    const refused = await accountant.post(`/api/v1/stations/${world.locker.stationId}/commands`, {
      command: 'unlock',
      evseId: 1,
      reason: 'test',
    });
    expect(refused.status).toBe(403);
    expect(world.locker.sim!.compartment(1).door).not.toBe('open');
  });
});

describe('an institution admin', () => {
  let page: Page;

  it('adds a locker and sees its generated password once', async () => {
    page = await world.pageAs('admin');
    await page.goto(url('/stations'));
    await page.getByRole('button', { name: 'Station hinzufügen' }).click();
    await page.getByLabel('Charge-Box-ID').fill('OPS-NEW-1');
    await page.getByLabel('Name', { exact: true }).fill('Schrank Bahnhof');
    await page.getByLabel('Anzahl Fächer').fill('3');
    await page.getByLabel('Präfix der Kurznamen').fill('b7');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Station anlegen' }).click();
    const password = page.getByLabel('Stationspasswort');
    await password.waitFor();
    expect((await password.textContent())!.length).toBe(32);
    expect(await page.getByText('nur dieses eine Mal angezeigt').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Station öffnen' }).click();
    await expect.poll(() => heading(page)).toBe('Schrank Bahnhof');
    for (const name of ['B7-01', 'B7-02', 'B7-03']) await compartmentRow(page, name).waitFor();
  });

  it('adopts the station that connected unknown', async () => {
    await page.goto(url('/stations'));
    const adopt = page.getByRole('button', { name: `${PENDING_ID} übernehmen` });
    await adopt.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Übernehmen' }).click();
    await expect.poll(() => page.getByText(`Station ${PENDING_ID} wurde übernommen.`).count()).toBe(1);
    const station = await admin.get(`/api/v1/stations/${PENDING_ID}`);
    expect(station.body.registration).toBe('accepted');
    expect(await adopt.count()).toBe(0);
  });

  it('creates a location and a group, places the locker there, and may not delete them while used', async () => {
    await page.goto(url('/locations'));
    await expect.poll(() => heading(page)).toBe('Standorte');
    await page.getByRole('textbox', { name: 'Name' }).fill('Parkhaus P20');
    await page.getByRole('textbox', { name: 'Ort' }).fill('Musterstadt');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('row').filter({ hasText: 'Parkhaus P20' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(url('/station-groups'));
    await expect.poll(() => heading(page)).toBe('Gerätegruppen');
    await page.getByRole('textbox', { name: 'Name' }).fill('Garagen Nord');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('row').filter({ hasText: 'Garagen Nord' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(url(`/stations/${world.locker.stationId}`));
    const edit = section(page, 'Station bearbeiten');
    await edit.getByLabel('Standort').selectOption({ label: 'Parkhaus P20' });
    await edit.getByLabel('Gerätegruppe').selectOption({ label: 'Garagen Nord' });
    await edit.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => edit.getByText('Gespeichert.').count()).toBe(1);

    await page.goto(url('/stations'));
    await expect
      .poll(() => page.getByRole('table', { name: 'Parkhaus P20' }).textContent())
      .toContain(world.locker.chargeBoxId);
    await page.getByLabel('Gerätegruppe', { exact: true }).first().waitFor();
    await page.getByRole('radio', { name: 'Gerätegruppe' }).check();
    await expect
      .poll(() => page.getByRole('table', { name: 'Garagen Nord' }).textContent())
      .toContain(world.locker.chargeBoxId);

    await page.goto(url('/locations'));
    await page.getByRole('button', { name: 'Parkhaus P20 löschen' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Löschen' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('1 Station steht noch an diesem Standort');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the dashboard', () => {
  it('counts by itself when the locker goes offline, without a reload', async () => {
    const page = await world.pageAs('technician');
    await page.goto(url('/dashboard'));
    await expect.poll(() => heading(page)).toBe('Übersicht');
    const tiles = page.getByRole('list', { name: 'Stationen' });
    await expect.poll(() => tiles.textContent()).toContain('Station offline');
    // The unlocked door of P20-02 is on the attention list.
    const attention = section(page, 'Braucht Aufmerksamkeit');
    await expect.poll(() => attention.textContent()).toContain('P20-02');
    expect(await accessibilityViolations(page)).toEqual([]);
    const online = () => tiles.getByRole('listitem').filter({ hasText: 'online' }).textContent();
    const before = await online();
    // A mark on the page's global object survives only if the page is not reloaded.
    await page.evaluate("globalThis.fachwerkMarker = 'no reload'");

    await world.locker.sim!.stop();

    await expect.poll(online).not.toBe(before);
    const lockerRow = attention.getByRole('row').filter({ hasText: world.locker.chargeBoxId });
    await expect.poll(() => lockerRow.textContent()).toContain('offline');
    expect(await page.evaluate('globalThis.fachwerkMarker')).toBe('no reload');
  });
});
