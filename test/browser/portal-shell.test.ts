import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

let world: PortalWorld;

beforeAll(async () => {
  world = await startPortalWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('the portal shell', () => {
  let page: Page;

  it('shows the log-in page in German at any address, and nothing behind it', async () => {
    page = await world.anonymousPage();
    await page.goto(`${world.server.baseUrl}/stations`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Anmelden');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('refuses a wrong password with a message and keeps the person on the log-in page', async () => {
    await page.getByLabel('E-Mail').fill(world.people.technician.email);
    await page.getByLabel('Passwort', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong e-mail or password');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('answers unknown API addresses with problem+json, not the portal page', async () => {
    const response = await fetch(`${world.server.baseUrl}/api/v1/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sends the portal script compressed to browsers that accept it, and cacheable for good', async () => {
    const html = await (await fetch(`${world.server.baseUrl}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const plain = await fetch(`${world.server.baseUrl}${script}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const brotli = await fetch(`${world.server.baseUrl}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('cache-control')).toContain('immutable');
    // fetch decodes it: the same script either way.
    expect(await brotli.text()).toBe(await plain.text());
  });

  it('serves the portal with a content security policy', async () => {
    const response = await fetch(`${world.server.baseUrl}/dashboard`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
