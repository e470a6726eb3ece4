/**
 * Prices in the portal: an admin changes the locker's tariff with a live preview and the next SMS
 * confirmation carries the new price; technicians see no prices at all; accountants read only.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, loadCompartment } from '../integration/sms-flow.support.js';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

let world: PortalWorld;

beforeAll(async () => {
  world = await startPortalWorld();
});

afterAll(async () => {
  await world?.close();
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'Hauptnavigation' });
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
/** Text with Intl's no-break spaces ("3,50\u00a0€") as plain spaces. */
const plain = async (text: Promise<string | null>) => ((await text) ?? '').replace(/\u00a0/g, ' ');
const status = (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) =>
      (
        await fetch(path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).status,
    { method, path, body },
  );

describe('an institution admin', { timeout: 60_000 }, () => {
  let page: Page;

  beforeAll(async () => {
    page = await world.pageAs('admin');
  });

  it('sees the locker tariff in plain language and where it is assigned', async () => {
    await nav(page).getByRole('link', { name: 'Tarife' }).click();
    await expect.poll(() => h1(page)).toBe('Tarife');
    const row = page.getByRole('row', { name: /Ladefach/ });
    await expect
      .poll(() => row.textContent())
      .toContain('0,50 € je angefangene 30 Minuten. Preise inkl. 19 % MwSt.');
    await expect.poll(() => row.textContent()).toMatch(/Institution /);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('changes 0,50 € to 0,80 € per started 30 minutes, the preview shows the new price and SMS text before saving', async () => {
    await page.getByRole('link', { name: 'Ladefach' }).click();
    await expect.poll(() => h1(page)).toBe('Tarif „Ladefach“ bearbeiten');
    const total = page.getByTestId('preview-total');
    await expect.poll(() => plain(total.textContent())).toBe('3 h 20 min kosten 3,50 €');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Preis je Einheit (€)').fill('0,80');
    await expect.poll(() => plain(total.textContent())).toBe('3 h 20 min kosten 5,60 €');
    await expect
      .poll(() => page.getByTestId('sms-de').textContent())
      .toBe('0,80 € je angefangene 30 Minuten. Preise inkl. 19 % MwSt.');
    expect(await page.getByTestId('sms-en').textContent()).toBe(
      '€0.80 per started 30 minutes. Prices incl. 19% VAT.',
    );
    // Another duration: 1 h 5 min are three started half hours.
    await page.getByLabel('Dauer: Stunden').fill('1');
    await page.getByLabel('Dauer: Minuten').fill('5');
    await expect.poll(() => plain(total.textContent())).toBe('1 h 5 min kosten 2,40 €');

    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Gespeichert' }).textContent())
      .toContain('Änderungsprotokoll');
  });

  it('gets the new price in the confirmation SMS of the next start from a phone', async () => {
    await loadCompartment(world.server, world.locker, 1);
    const confirmation = await answer(world.server, world.locker, '4917600000042', 'P20-01');
    expect(confirmation.kind).toBe('confirmation');
    expect(confirmation.text).toContain('Preis: 0,80 € je angefangene 30 Minuten');
  });

  it('sees refused fields at the field: unreadable money locally, the API rule from the server', async () => {
    await page.goto(`${world.server.baseUrl}/tariffs/new`);
    await expect.poll(() => h1(page)).toBe('Neuer Tarif');
    await page.getByLabel('Name', { exact: true }).fill('Nachttarif');
    await page.getByLabel('Preis je Einheit (€)').fill('0,505');
    await page.getByRole('button', { name: 'Tarif anlegen' }).click();
    await expect.poll(() => page.getByText('Bitte einen Betrag wie 0,50 eingeben').count()).toBe(1);
    expect(await page.getByLabel('Preis je Einheit (€)').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Preis je Einheit (€)').fill('0,20');
    await page.getByLabel('Mindestpreis je Vorgang (€)').fill('5');
    await page.getByLabel('Höchstpreis je Vorgang (€)').fill('1');
    await page.getByRole('button', { name: 'Tarif anlegen' }).click();
    await expect
      .poll(() => page.getByText('Vom Server abgelehnt: must not be above maximumCents').count())
      .toBe(1);
    expect(await page.getByLabel('Mindestpreis je Vorgang (€)').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Mindestpreis je Vorgang (€)').fill('');
    await page.getByRole('button', { name: 'Tarif anlegen' }).click();
    await expect.poll(() => h1(page)).toBe('Tarif „Nachttarif“ bearbeiten');
    await expect.poll(() => page.getByText('Gespeichert.').count()).toBeGreaterThan(0);
  });

  it('assigns the new tariff to one compartment and sees where each compartment gets its tariff', async () => {
    await page.goto(`${world.server.baseUrl}/tariffs/assignments`);
    await expect.poll(() => h1(page)).toBe('Tarifzuordnung');
    const p2 = page.getByRole('row', { name: /P20-02/ });
    await expect.poll(() => p2.textContent()).toMatch(/Ladefach.*\(von Institution /);
    await p2.getByLabel('Eigener Tarif für P20-02').selectOption({ label: 'Nachttarif' });
    await p2.getByRole('button', { name: 'Übernehmen (P20-02)' }).click();
    await expect.poll(() => p2.textContent()).toMatch(/Nachttarif.*\(eigener Tarif\)/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await p2.getByRole('button', { name: 'Entfernen (P20-02)' }).click();
    await expect.poll(() => p2.textContent()).toMatch(/Ladefach.*\(von Institution /);
  });

  it('cannot delete a tariff in use: the dialog shows the refusal', async () => {
    await page.goto(`${world.server.baseUrl}/tariffs`);
    await page.getByRole('link', { name: 'Ladefach' }).click();
    await page.getByRole('button', { name: 'Tarif löschen' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('Tarif „Ladefach“ löschen?');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Tarif löschen' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('in use');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  });

  it('creates an accounting strategy; a strategy in use is not deleted', async () => {
    await nav(page).getByRole('link', { name: 'Abrechnungsstrategien' }).click();
    await expect.poll(() => h1(page)).toBe('Abrechnungsstrategien');
    await page.getByRole('button', { name: 'Neue Strategie' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Mitarbeitende');
    await page.getByLabel('Art', { exact: true }).selectOption('postpaid');
    await page.getByLabel('Zahlungsziel (Tage)').fill('30');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const strategyRow = page.getByRole('row', { name: /Mitarbeitende/ });
    await expect.poll(() => strategyRow.textContent()).toContain('30 Tage');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The driver's prepaid strategy has an account: the API refuses, the dialog says so.
    const used = page.getByRole('row').filter({ hasText: 'Prepaid (Guthaben)' }).first();
    await used.getByRole('button', { name: 'Löschen' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Löschen' }).click();
    await expect.poll(() => dialog.getByRole('alert').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  });

  it('creates a discount of ten percent in that strategy for a station', async () => {
    await nav(page).getByRole('link', { name: 'Rabatte' }).click();
    await expect.poll(() => h1(page)).toBe('Rabatte');
    await page.getByRole('button', { name: 'Neuer Rabatt' }).click();
    await page
      .getByLabel('Abrechnungsstrategie', { exact: true })
      .first()
      .selectOption({ label: 'Mitarbeitende' });
    await page.getByLabel('Name', { exact: true }).fill('Zehn Prozent');
    await page.getByLabel('Rabatt (%)').fill('10');
    await page.getByLabel('Gilt für').selectOption('station');
    await page.getByLabel('Station', { exact: true }).selectOption({ index: 1 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const discountRow = page.getByRole('row', { name: /Zehn Prozent/ });
    await expect.poll(() => discountRow.textContent()).toContain('10 %');
    expect(await discountRow.textContent()).toContain('Mitarbeitende');
  });

  it('creates a price event with a checked date range and deletes it again', async () => {
    await nav(page).getByRole('link', { name: 'Events' }).click();
    await expect.poll(() => h1(page)).toBe('Events');
    await page.getByRole('button', { name: 'Neues Event' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Gratis-Ladetag');
    await page.getByLabel('Tarif', { exact: true }).selectOption({ label: 'Nachttarif' });
    await page.getByLabel('Gültig ab').fill('2026-12-24T00:00');
    await page.getByLabel('Gültig bis').fill('2026-12-23T00:00');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => page.getByText('Das Ende muss nach dem Beginn liegen.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Gültig bis').fill('2026-12-27T00:00');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const eventRow = page.getByRole('row', { name: /Gratis-Ladetag/ });
    await expect.poll(() => eventRow.textContent()).toContain('24.12.26, 00:00');
    expect(await eventRow.textContent()).toContain('Nachttarif');
    expect(await accessibilityViolations(page)).toEqual([]);
    await eventRow.getByRole('button', { name: 'Löschen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Löschen' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Gratis-Ladetag/ }).count()).toBe(0);
  });
});

describe('a service technician', { timeout: 60_000 }, () => {
  it('has no pricing navigation, sees forbidden at /tariffs, and the API refuses', async () => {
    const page = await world.pageAs('technician');
    expect(await nav(page).getByRole('heading', { name: 'Preise' }).count()).toBe(0);
    expect(await nav(page).getByRole('link', { name: 'Tarife' }).count()).toBe(0);
    await page.goto(`${world.server.baseUrl}/tariffs`);
    await expect.poll(() => h1(page)).toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await status(page, 'GET', '/api/v1/tariffs')).toBe(403);
    expect(await status(page, 'GET', '/api/v1/tariff-assignments')).toBe(403);
    expect(
      await status(page, 'POST', '/api/v1/tariffs/preview', {
        definition: { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] },
        durationMinutes: 60,
      }),
    ).toBe(403);
  });
});

describe('an accountant', { timeout: 60_000 }, () => {
  it('reads tariffs, strategies, events and discounts without any way to change them', async () => {
    const page = await world.pageAs('accountant');
    await nav(page).getByRole('link', { name: 'Tarife' }).click();
    await expect.poll(() => h1(page)).toBe('Tarife');
    expect(await page.getByRole('link', { name: 'Neuer Tarif' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ladefach' }).click();
    await expect.poll(() => h1(page)).toBe('Ladefach');
    await expect
      .poll(() => page.getByText('Sie können diesen Tarif ansehen, aber nicht ändern.').count())
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Änderungen speichern' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tarif löschen' }).count()).toBe(0);
    expect(await page.getByLabel('Preis je Einheit (€)').getAttribute('readonly')).not.toBeNull();
    // The preview still works for reading.
    await expect
      .poll(() => plain(page.getByTestId('preview-total').textContent()))
      .toBe('3 h 20 min kosten 5,60 €');
    expect(await accessibilityViolations(page)).toEqual([]);

    for (const [link, title] of [
      ['Abrechnungsstrategien', 'Abrechnungsstrategien'],
      ['Events', 'Events'],
      ['Rabatte', 'Rabatte'],
    ] as const) {
      await nav(page).getByRole('link', { name: link }).click();
      await expect.poll(() => h1(page)).toBe(title);
      await expect.poll(() => page.getByRole('table').count()).toBe(1);
      expect(await page.getByRole('button', { name: /^(Neue|Neuer|Neues) / }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Löschen' }).count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await page.goto(`${world.server.baseUrl}/tariffs/assignments`);
    await expect.poll(() => h1(page)).toBe('Tarifzuordnung');
    expect(await page.getByRole('button', { name: /^Übernehmen/ }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
