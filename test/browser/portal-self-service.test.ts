/**
 * The drivers' own area end to end: a driver charges at the simulated locker with their RFID card,
 * watches the cost in the portal, reports the card lost, and the locker then refuses it. The company
 * admin sees the company's cards and collective bill; a plain driver does not; staff pages and the
 * staff API stay closed to drivers. axe on every page (German, once English, a dialog open), and a
 * phone-sized screen.
 */
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { berlinParts } from '../../src/shared/berlin-time.js';
import { systemActor, type Ctx } from '../../src/shared/context.js';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

const MINUTE = 60_000;

let world: PortalWorld;
let memberCard: string;
let masterCard: string;
let invoiceNumber: string;

/** The page's h1 once it is there (pages load their data after the shell). */
async function heading(page: Page): Promise<string> {
  const h1 = page.locator('main h1').first();
  await h1.waitFor();
  return (await h1.textContent()) ?? '';
}

/** Text as people read it: Intl puts no-break spaces before the € sign. */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
}

async function open(page: Page, path: string): Promise<string> {
  await page.goto(`${world.server.baseUrl}${path}`);
  const title = await heading(page);
  await page.waitForLoadState('networkidle');
  return title;
}

async function navTargets(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link');
  return links.evaluateAll((elements) => elements.map((a) => a.getAttribute('href') ?? ''));
}

/** The company of the world's company admin: a master card, a member with a card, last month's invoice. */
async function companyWithBill(): Promise<void> {
  const db = world.server.database.db;
  const services = world.server.fachwerk.services;
  const institutionId = world.locker.institutionId;
  const ctx: Ctx = { actor: systemActor('browser test'), now: () => new Date(), log: services.deps.log };
  await services.billing.updateBillingProfile(ctx, institutionId, {
    legalName: 'Stadtwerke Test GmbH',
    street: 'Teststraße 1',
    postalCode: '80331',
    city: 'München',
    vatId: 'DE999999999',
  });
  masterCard = `MA${Math.floor(Math.random() * 1e8)}`;
  memberCard = `ME${Math.floor(Math.random() * 1e8)}`;
  const [master] = await db
    .insert(s.authTokens)
    .values({ institutionId, value: masterCard, companyId: world.companyId, label: 'Masterkarte' })
    .returning();
  await db
    .update(s.companies)
    .set({ masterTokenId: master!.id, street: 'Firmenweg 5', postalCode: '80333', city: 'München' })
    .where(eq(s.companies.id, world.companyId));
  const [member] = await db
    .insert(s.users)
    .values({ institutionId, name: 'Moritz Mitglied', companyId: world.companyId })
    .returning();
  await db
    .insert(s.authTokens)
    .values({ institutionId, value: memberCard, userId: member!.id, label: 'Moritz' });
  // A session last month at compartment 4, through the station path, so the monthly run bills it.
  const ref = { stationId: world.locker.stationId, institutionId, chargeBoxId: world.locker.chargeBoxId };
  const startedAt = new Date(Date.now() - 40 * 24 * 60 * MINUTE);
  const stoppedAt = new Date(startedAt.getTime() + 60 * MINUTE);
  const idToken = { value: memberCard, type: 'ISO14443' };
  const started = await services.sessions.startTransaction({ ...ctx, now: () => startedAt }, ref, {
    evseId: 4,
    idToken,
    meterStartWh: 0,
    startedAt,
    reservationId: null,
  });
  await services.sessions.stopTransaction({ ...ctx, now: () => stoppedAt }, ref, {
    transactionId: started.transactionId,
    meterStopWh: 250,
    stoppedAt,
    idToken,
    reason: 'Local',
    samples: [],
    payload: null,
  });
  const month = berlinParts(startedAt.getTime()).date.slice(0, 7);
  const run = await services.billing.runInvoices(ctx, { month, institutionId });
  invoiceNumber = run.created.find((doc) => doc.grossCents === 100)!.number;
}

beforeAll(async () => {
  world = await startPortalWorld();
  await companyWithBill();
});

afterAll(async () => {
  await world?.close();
});

describe('a driver in their own area', () => {
  let page: Page;

  beforeAll(async () => {
    // The driver is charging at compartment 1 with their card right now.
    const outcome = await world.locker.sim!.presentCard(1, world.driverCardValue);
    expect(outcome.result).toBe('started');
    page = await world.pageAs('driver');
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('starts on the overview: the running session with its cost so far, and the balance', async () => {
    expect(await heading(page)).toBe('Hallo Dora Driver');
    expect(new URL(page.url()).pathname).toBe('/me');
    const running = page.getByRole('region', { name: 'Laufender Ladevorgang' });
    await expect.poll(() => text(running)).toContain('P20-01');
    expect(await text(running)).toContain('0,50 €');
    expect(await text(running)).toContain(world.driverCardValue);
    const balance = page.getByRole('region', { name: 'Guthaben' });
    await expect.poll(() => text(balance)).toContain('20,00 €');
    await page.waitForLoadState('networkidle');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('offers only the own area in the navigation', async () => {
    const targets = await navTargets(page);
    for (const path of ['/me', '/me/sessions', '/me/cards', '/me/balance', '/me/invoices'])
      expect(targets).toContain(path);
    expect(targets).not.toContain('/me/company');
    expect(targets.filter((path) => !path.startsWith('/me') && path !== '/account')).toEqual([]);
  });

  it('lists the running session with its cost so far, then as booked once the card ends it', async () => {
    expect(await open(page, '/me/sessions')).toBe('Meine Ladevorgänge');
    const table = page.getByRole('table', { name: 'Ladevorgänge, neueste zuerst' });
    await expect.poll(() => text(table)).toContain('0,50 € bisher');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await world.locker.sim!.presentCard(1, world.driverCardValue)).result).toBe('stopped');
    await world.locker.sim!.flush();
    await page.reload();
    await expect.poll(() => text(table)).toContain('beendet');
    expect(await text(table)).not.toContain('bisher');
  });

  it('shows the balance after the session and its history', async () => {
    expect(await open(page, '/me/balance')).toBe('Guthaben');
    const main = page.getByRole('main');
    await expect.poll(() => text(main)).toContain('19,50 €');
    const history = page.getByRole('table', { name: 'Buchungen, neueste zuerst' });
    expect(await history.getByRole('row').count()).toBe(3);
    expect(await text(history)).toContain('-0,50 €');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows an empty list of invoices', async () => {
    expect(await open(page, '/me/invoices')).toBe('Rechnungen & Belege');
    expect(await text(page.getByRole('table'))).toContain('Noch keine Rechnungen oder Belege.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('blocks the lost card after a confirmation that says only the operator can unblock it', async () => {
    expect(await open(page, '/me/cards')).toBe('Meine Karten');
    expect(await text(page.getByRole('main'))).toContain(world.driverCardValue);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Karte sperren' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await text(dialog)).toContain('nur der Betreiber');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Ja, Karte sperren' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain(`Karte ${world.driverCardValue} ist gesperrt.`);
    await expect.poll(() => text(page.getByRole('main'))).toContain('gesperrt');
    expect(await page.getByRole('button', { name: 'Karte sperren' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('is refused at the locker once blocked', async () => {
    const outcome = await world.locker.sim!.presentCard(2, world.driverCardValue);
    expect(outcome.result).toBe('refused');
    expect(['Blocked', 'Invalid']).toContain(outcome.status);
    expect(world.locker.sim!.compartment(2).transaction).toBeUndefined();
  });

  it('shows "forbidden" for staff pages and the company page, and the staff API answers 403', async () => {
    expect(await open(page, '/stations')).toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
    expect(await open(page, '/me/company')).toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
    const statuses = await page.evaluate(async () =>
      Promise.all(['/api/v1/stations', '/api/v1/me/company'].map(async (url) => (await fetch(url)).status)),
    );
    expect(statuses).toEqual([403, 403]);
  });

  it('reads the same in English', async () => {
    await open(page, '/me/cards');
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => heading(page)).toBe('My cards');
    expect(await text(page.getByRole('main'))).toContain('Blocked. Ask the operator to unblock it.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('de');
    await expect.poll(() => heading(page)).toBe('Meine Karten');
  });

  it('keeps the language chosen on the account page for the mails sent to the driver', async () => {
    const locale = async () => {
      const [row] = await world.server.database.db
        .select({ locale: s.users.locale })
        .from(s.users)
        .where(eq(s.users.id, world.people.driver.id));
      return row?.locale;
    };
    expect(await open(page, '/account')).toBe('Mein Konto');
    await page.getByLabel('Sprache des Portals').selectOption('en');
    await expect.poll(locale).toBe('en');
    await page.getByLabel('Portal language').selectOption('de');
    await expect.poll(locale).toBe('de');
  });
});

describe('a company admin', () => {
  let page: Page;

  beforeAll(async () => {
    page = await world.pageAs('companyAdmin');
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('finds the company in the navigation and sees its cards and collective bill', async () => {
    expect(await navTargets(page)).toContain('/me/company');
    expect(await open(page, '/me/company')).toBe('Mein Unternehmen');
    const cards = page.getByRole('region', { name: 'Karten des Unternehmens' });
    await expect.poll(() => text(cards)).toContain(memberCard);
    expect(await text(cards)).toContain(masterCard);
    expect(await text(cards)).toContain('Moritz Mitglied');
    expect(await text(cards)).toContain('Masterkarte');
    const bill = page.getByRole('table', { name: 'Rechnungen an das Unternehmen, neueste zuerst' });
    expect(await text(bill)).toContain(invoiceNumber);
    expect(await text(bill)).toContain('1,00 €');
    const sessions = page.getByRole('region', { name: 'Ladevorgänge des Unternehmens' });
    expect(await text(sessions)).toContain('Moritz Mitglied');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('downloads the collective bill as PDF', async () => {
    const link = page.getByRole('link', { name: `${invoiceNumber} als PDF herunterladen` });
    const href = await link.getAttribute('href');
    const response = await page.request.get(`${world.server.baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("blocks a member's card from the company page", async () => {
    const cards = page.getByRole('region', { name: 'Karten des Unternehmens' });
    const memberPanel = cards.getByRole('listitem').filter({ hasText: memberCard });
    await memberPanel.getByRole('button', { name: 'Karte sperren' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Ja, Karte sperren' }).click();
    await expect.poll(() => text(memberPanel)).toContain('gesperrt');
    const [row] = await world.server.database.db
      .select()
      .from(s.authTokens)
      .where(eq(s.authTokens.value, memberCard));
    expect(row!.status).toBe('blocked');
  });
});

describe('the own area on a phone', () => {
  it('fits a 390 px wide screen without sideways scrolling, menu folded', async () => {
    const page = await world.pageAs('companyAdmin');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/me', '/me/company']) {
      await open(page, path);
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      expect(width, path).toBeLessThanOrEqual(390);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menü' }).click();
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Meine Karten' })
      .click();
    expect(await heading(page)).toBe('Meine Karten');
    await page.context().close();
  });
});
