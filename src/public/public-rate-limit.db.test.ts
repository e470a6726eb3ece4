/**
 * Guessing receipts is rate limited per client address: name + PIN lookups (every attempt counts)
 * and receipt links with unknown tokens (only misses count), RECEIPT_LOOKUPS_PER_MINUTE each.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { insertReceiptWorld, type ReceiptWorld } from '../../test/support/receipt-world.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

const LIMIT = 4;
let server: TestServer;
let world: ReceiptWorld;

beforeAll(async () => {
  server = await startTestServer({ sms: { ...loadConfig({}).sms, receiptLookupsPerMinute: LIMIT } });
  world = await insertReceiptWorld(server.database.db);
});

afterAll(async () => {
  await server?.close();
});

const lookup = (pin: string, lang = '') =>
  fetch(`${server.baseUrl}/receipt${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'P20-01', pin }).toString(),
    redirect: 'manual',
  });

describe('rate limits against guessing', () => {
  it(`answers 429 to the ${LIMIT + 1}th lookup within a minute, even with the right PIN, in the asked language`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT - 1; i++) statuses.push((await lookup(String(100000 + i))).status);
    statuses.push((await lookup(world.completed.receiptPin)).status);
    expect(statuses).toEqual([422, 422, 422, 303]);

    const refused = await lookup(world.completed.receiptPin, '?lang=en');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const html = await refused.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Too many attempts');
    expect(html).not.toContain(world.completed.receiptToken);

    const german = await lookup('111111');
    expect(german.status).toBe(429);
    expect(await german.text()).toContain('Zu viele Versuche');
  });

  it('counts unknown receipt tokens, and then refuses even a real one; real links alone never count', async () => {
    for (let i = 0; i < LIMIT + 2; i++) {
      const real = await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}`);
      expect(real.status).toBe(200);
    }
    for (let i = 0; i < LIMIT; i++) {
      const guess = await fetch(`${server.baseUrl}/r/${randomBytes(16).toString('base64url')}`);
      expect(guess.status).toBe(404);
    }
    const refused = await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}`);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Zu viele Versuche');
    const pdf = await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}/receipt.pdf?lang=en`);
    expect(pdf.status).toBe(429);
    expect(await pdf.text()).toContain('Too many attempts');
  });

  it('leaves the compartment pages alone', async () => {
    expect((await fetch(`${server.baseUrl}/c/841122/P20-01`)).status).toBe(200);
  });
});
