/**
 * The http carrier-billing adapter against a real HTTP server on loopback: what it sends, and how
 * each kind of answer (2xx, 4xx, 5xx, none) becomes an outcome.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierChargeRequest } from './carrier-billing-adapter.js';
import { HttpCarrierBillingAdapter, referenceOf } from './http-adapter.js';

interface Seen {
  key: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let server: Server;
let url: string;
const seen: Seen[] = [];
/** Answers by request, in order; an entry of 'hang' never answers. */
let script: ({ status: number; body?: unknown } | 'hang')[] = [];
const booked = new Set<string>();
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const key = request.headers['idempotency-key'] as string | undefined;
      seen.push({
        key,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: JSON.parse(text),
      });
      const next = script.shift() ?? { status: 201, body: { reference: `agg-${key}` } };
      if (next === 'hang') {
        hanging.push(response);
        return;
      }
      if (next.status < 300 && key !== undefined) booked.add(key);
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(next.body === undefined ? '' : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charges`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  script = [];
});

const request = (key: string): CarrierChargeRequest => ({
  idempotencyKey: key,
  phone: '4917112345678',
  amountCents: 150,
  currency: 'EUR',
  description: 'Laden P20-07 31.10.2026 14:05',
  institutionId: '00000000-0000-4000-8000-000000000001',
});

describe('the http carrier-billing adapter', () => {
  it('posts the charge as JSON with the bearer token and the idempotency key, and keeps the reference', async () => {
    const adapter = new HttpCarrierBillingAdapter({ url, token: 'secret-token' });
    const outcome = await adapter.charge(request('key-1'));
    expect(outcome).toEqual({ kind: 'charged', reference: 'agg-key-1' });
    expect(seen).toEqual([
      {
        key: 'key-1',
        authorization: 'Bearer secret-token',
        contentType: 'application/json',
        body: request('key-1'),
      },
    ]);
  });

  it('answers a 500 as retryable, and the retry with the same key is booked once', async () => {
    const adapter = new HttpCarrierBillingAdapter({ url, token: 'secret-token' });
    script = [{ status: 500, body: { error: 'down' } }];
    const first = await adapter.charge(request('key-500'));
    expect(first).toEqual({ kind: 'failed', retryable: true, error: 'HTTP 500: {"error":"down"}' });
    const second = await adapter.charge(request('key-500'));
    expect(second).toEqual({ kind: 'charged', reference: 'agg-key-500' });
    expect(seen.map((s) => s.key)).toEqual(['key-500', 'key-500']);
    expect([...booked].filter((k) => k === 'key-500')).toHaveLength(1);
  });

  it('answers a 400 as refused for good', async () => {
    const adapter = new HttpCarrierBillingAdapter({ url, token: undefined });
    script = [{ status: 400, body: { error: 'premium SMS barred for this number' } }];
    const outcome = await adapter.charge(request('key-400'));
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(outcome.kind === 'failed' && outcome.error).toContain('HTTP 400');
    expect(seen[0]!.authorization).toBeUndefined();
  });

  it.each([408, 429, 503])('retries a %i', async (status) => {
    const adapter = new HttpCarrierBillingAdapter({ url, token: 't' });
    script = [{ status }];
    expect(await adapter.charge(request(`key-${status}`))).toEqual({
      kind: 'failed',
      retryable: true,
      error: `HTTP ${status}`,
    });
  });

  it('gives up an attempt that gets no answer in time, as retryable', async () => {
    const adapter = new HttpCarrierBillingAdapter({ url, token: 't', timeoutMs: 200 });
    script = ['hang'];
    const started = Date.now();
    const outcome = await adapter.charge(request('key-timeout'));
    expect(outcome).toEqual({ kind: 'failed', retryable: true, error: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('treats an unreachable aggregator as a network error, retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const adapter = new HttpCarrierBillingAdapter({ url: `http://127.0.0.1:${port}/`, token: 't' });
    const outcome = await adapter.charge(request('key-net'));
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true });
    expect(outcome.kind === 'failed' && outcome.error).toMatch(/^network error/);
  });

  it('reads the reference from { reference } or { id }, null otherwise', () => {
    expect(referenceOf('{"reference":"r1"}')).toBe('r1');
    expect(referenceOf('{"id":42}')).toBe('42');
    expect(referenceOf('{}')).toBeNull();
    expect(referenceOf('not json')).toBeNull();
  });
});
