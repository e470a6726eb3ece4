/**
 * Every role walks through every page its navigation offers: each page has its heading, none is
 * "forbidden" or "not found", and axe finds nothing. Then the borders between the roles: what each
 * navigation must and must not offer, and what a typed-in address shows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, startPortalWorld, type PortalWorld, type Who } from '../support/portal.js';

let world: PortalWorld;

beforeAll(async () => {
  world = await startPortalWorld();
});

afterAll(async () => {
  await world?.close();
});

async function navTargets(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link');
  const hrefs = await links.evaluateAll((elements) => elements.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs)];
}

/** The page's h1 once it is there (pages load their data after the shell). */
async function heading(page: Page): Promise<string> {
  const h1 = page.locator('main h1').first();
  await h1.waitFor();
  return (await h1.textContent()) ?? '';
}

const ROLES: Who[] = ['platformAdmin', 'admin', 'technician', 'accountant', 'driver', 'companyAdmin'];

/** Addresses the role must find in its navigation, and addresses it must not. */
const BORDERS: Record<Who, { has: string[]; hasNot: string[] }> = {
  platformAdmin: { has: ['/dashboard', '/stations', '/tariffs', '/documents', '/staff'], hasNot: ['/me'] },
  admin: { has: ['/dashboard', '/stations', '/tariffs', '/users', '/documents', '/audit'], hasNot: ['/me'] },
  technician: {
    has: ['/dashboard', '/stations', '/sessions'],
    hasNot: ['/tariffs', '/documents', '/charge-records', '/staff', '/billing-runs', '/me'],
  },
  accountant: { has: ['/sessions', '/charge-records', '/documents'], hasNot: ['/staff', '/me'] },
  driver: { has: ['/me'], hasNot: ['/dashboard', '/stations', '/tariffs', '/users', '/me/company'] },
  companyAdmin: { has: ['/me', '/me/company'], hasNot: ['/dashboard', '/stations', '/users'] },
};

describe.each(ROLES)('the portal as %s', (who) => {
  let page: Page;
  let targets: string[];

  beforeAll(async () => {
    page = await world.pageAs(who);
    targets = await navTargets(page);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('offers what the role may use and nothing it may not', () => {
    for (const path of BORDERS[who].has) expect(targets, path).toContain(path);
    for (const path of BORDERS[who].hasNot) expect(targets, path).not.toContain(path);
  });

  it('shows every page of its navigation with a heading and without accessibility violations', async () => {
    expect(targets.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const target of targets) {
      await page.goto(`${world.server.baseUrl}${target}`);
      const title = await heading(page);
      if (/Diese Seite gibt es nicht|Berechtigung/.test(title)) problems.push(`${target}: "${title}"`);
      // Let the page's data arrive, so the scan sees the page as people do.
      await page.waitForLoadState('networkidle');
      for (const violation of await accessibilityViolations(page)) problems.push(`${target}: ${violation}`);
    }
    expect(problems).toEqual([]);
    // A staff role's navigation has some twenty pages, each loaded and scanned.
  }, 300_000);

  it('shows "forbidden" for a typed-in address of another role', async () => {
    const foreign =
      who === 'driver' || who === 'companyAdmin'
        ? '/stations'
        : who === 'technician'
          ? '/tariffs'
          : undefined;
    if (foreign === undefined) return;
    await page.goto(`${world.server.baseUrl}${foreign}`);
    expect(await heading(page)).toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
  });
});

describe('the portal on a phone', () => {
  it('folds the navigation behind a menu button that works by keyboard', async () => {
    const page = await world.pageAs('technician');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${world.server.baseUrl}/dashboard`);
    await heading(page);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menü' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await nav.waitFor({ state: 'visible' });
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('starts every page with a skip link to the content', async () => {
    const page = await world.pageAs('admin');
    await page.goto(`${world.server.baseUrl}/dashboard`);
    await heading(page);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Zum Inhalt springen');
    await page.context().close();
  });
});
