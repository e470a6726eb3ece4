/**
 * The public pages in Debian's Chromium: axe finds no accessibility violations on the receipt page,
 * the lookup form showing an error, and a compartment's page (axe itself needs JavaScript); the
 * form and the language switch also work with JavaScript off, as the pages have none.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { insertReceiptWorld, type ReceiptWorld } from '../support/receipt-world.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: ReceiptWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  world = await insertReceiptWorld(server.database.db);
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const violations = async () =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => ({
    id: v.id,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));

describe('public pages in a browser', () => {
  it('the receipt page has no accessibility violations, in German and in English', async () => {
    await page.goto(`${server.baseUrl}/r/${world.completed.receiptToken}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Quittung – Ladefach P20-01');
    expect(await violations()).toEqual([]);
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Receipt – compartment P20-01');
    expect(await violations()).toEqual([]);
  });

  it('the running session’s page has no violations', async () => {
    await page.goto(`${server.baseUrl}/r/${world.running.receiptToken}`);
    expect(await page.getByRole('status').textContent()).toContain('läuft seit');
    expect(await violations()).toEqual([]);
  });

  it('the lookup form, filled by its labels, shows an error without violations, then finds the receipt', async () => {
    await page.goto(`${server.baseUrl}/receipt`);
    expect(await violations()).toEqual([]);
    await page.getByLabel('Name des Ladefachs').fill('p20 01');
    await page.getByLabel('Quittungs-PIN').fill('000000');
    await page.getByRole('button', { name: 'Quittung anzeigen' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('keine Quittung');
    expect(await page.getByLabel('Quittungs-PIN').getAttribute('aria-invalid')).toBe('true');
    expect(await violations()).toEqual([]);

    await page.getByLabel('Quittungs-PIN').fill(world.completed.receiptPin);
    await page.getByRole('button', { name: 'Quittung anzeigen' }).click();
    expect(page.url()).toBe(`${server.baseUrl}/r/${world.completed.receiptToken}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Quittung – Ladefach P20-01');
  });

  it('the lookup form with field errors has no violations', async () => {
    await page.goto(`${server.baseUrl}/receipt?lang=en`);
    await page.getByRole('button', { name: 'Show receipt' }).click();
    expect(await page.locator('#name-error').textContent()).toBe('Please enter the compartment name.');
    expect(await violations()).toEqual([]);
  });

  it('a compartment’s page has no violations and links to start by SMS', async () => {
    await page.goto(`${server.baseUrl}/c/841122/p20-02`);
    expect(page.url()).toBe(`${server.baseUrl}/c/841122/P20-02`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ladefach P20-02');
    expect(await page.getByRole('link', { name: 'Per SMS starten' }).getAttribute('href')).toBe(
      'sms:841122?body=P20-02',
    );
    expect(await violations()).toEqual([]);
  });

  it('the not-found page has no violations', async () => {
    await page.goto(`${server.baseUrl}/c/841122/NOPE-1`);
    expect(await violations()).toEqual([]);
  });

  it('work with JavaScript off: the lookup form and the language switch', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const tab = await plain.newPage();
    await tab.goto(`${server.baseUrl}/receipt`);
    expect(await tab.locator('script').count()).toBe(0);
    await tab.getByRole('link', { name: 'English' }).click();
    await tab.getByLabel('Compartment name').fill('P2001');
    await tab.getByLabel('Receipt PIN').fill(world.completed.receiptPin);
    await tab.getByRole('button', { name: 'Show receipt' }).click();
    expect(tab.url()).toBe(`${server.baseUrl}/r/${world.completed.receiptToken}?lang=en`);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Receipt – compartment P20-01');
    await plain.close();
  });
});
