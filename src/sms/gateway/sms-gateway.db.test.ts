import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import * as s from '../../db/schema.js';
import { LiveEvents, type LiveEvent } from '../../live/live-events.js';
import { systemActor, type Ctx } from '../../shared/context.js';
import { ValidationFailed } from '../../shared/errors.js';
import { createTestDatabase } from '../../../test/support/database.js';
import { makeInstitution } from '../../../test/support/factories.js';
import type { InboundSmsHandler, OutboundSms, StoredInboundSms } from '../sms.js';
import { PermanentSendError, type OutgoingSms, type SmsProvider } from './providers/provider.js';
import { SmsGateway, type SmsGatewayOptions } from './sms-gateway.service.js';

let database: Database;
let institutionId: string;
let serviceNumber: string;
const log = pino({ level: 'silent' });
const ctx: Ctx = { actor: systemActor('test'), now: () => new Date(), log };
const gateways: SmsGateway[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  institutionId = (await makeInstitution(database.db)).id;
  serviceNumber = String(80000 + Math.floor(Math.random() * 9999));
  await database.db.insert(s.smsNumbers).values({ institutionId, number: serviceNumber });
});
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await database?.close();
});

/** Records what it is handed; `gate` holds the handling until released. */
class RecordingHandler implements InboundSmsHandler {
  readonly seen: StoredInboundSms[] = [];
  fail: Error | undefined;
  gate: Promise<void> | undefined;
  async handleInbound(_ctx: Ctx, message: StoredInboundSms): Promise<void> {
    this.seen.push(message);
    await this.gate;
    if (this.fail !== undefined) throw this.fail;
  }
}

/** Fails the first `failures` sends of each message, then accepts; counts every call. */
class FlakyProvider implements SmsProvider {
  readonly name = 'flaky';
  readonly sends: OutgoingSms[] = [];
  readonly attemptsById = new Map<string, number>();
  constructor(
    private readonly failures: number,
    private readonly permanent = false,
  ) {}
  start(): void {}
  async send(message: OutgoingSms) {
    this.sends.push(message);
    const attempt = (this.attemptsById.get(message.id) ?? 0) + 1;
    this.attemptsById.set(message.id, attempt);
    // A little IO time, so concurrent rounds really overlap.
    await new Promise((resolve) => setImmediate(resolve));
    if (attempt <= this.failures) {
      throw this.permanent ? new PermanentSendError('number refused') : new Error('gateway unreachable');
    }
    return { providerMessageId: `flaky-${message.id}` };
  }
  async stop(): Promise<void> {}
}

function makeGateway(options: SmsGatewayOptions = {}, handler?: InboundSmsHandler): SmsGateway {
  const live = new LiveEvents();
  const gateway = new SmsGateway(
    { config: loadConfig({}), db: database.db, log, live, now: () => new Date() },
    { pollIntervalMs: 50, retryBaseMs: 10, retryMaxMs: 40, ...options },
  );
  if (handler !== undefined) gateway.setHandler(handler);
  gateways.push(gateway);
  return gateway;
}

const inbound = (overrides: Partial<Parameters<SmsGateway['receive']>[1]> = {}) => ({
  provider: 'test',
  providerMessageId: randomUUID(),
  from: '+49 171 1234567',
  to: serviceNumber,
  text: 'P20-07',
  ...overrides,
});

const outbound = (overrides: Partial<OutboundSms> = {}): OutboundSms => ({
  institutionId,
  from: serviceNumber,
  to: '491711234567',
  text: 'Ladefach P20-07 gestartet.',
  language: 'de',
  kind: 'reply',
  ...overrides,
});

async function row(id: string) {
  const [found] = await database.db.select().from(s.smsMessages).where(eq(s.smsMessages.id, id));
  return found!;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('receiving', () => {
  it('stores an inbound SMS with normalised numbers, hands it to the flow and marks it handled', async () => {
    const handler = new RecordingHandler();
    const gateway = makeGateway({}, handler);
    const events: LiveEvent[] = [];
    gateway['deps'].live.subscribe((event) => events.push(event));
    const result = await gateway.receive(ctx, inbound());
    expect(result.duplicate).toBe(false);
    await gateway.idle();
    expect(handler.seen).toHaveLength(1);
    expect(handler.seen[0]).toMatchObject({
      id: result.id,
      institutionId,
      from: '491711234567',
      to: serviceNumber,
      text: 'P20-07',
    });
    const stored = await row(result.id);
    expect(stored).toMatchObject({ direction: 'inbound', status: 'handled', institutionId, error: null });
    expect(
      events.filter((e) => e.type === 'sms.message').map((e) => (e as { status: string }).status),
    ).toEqual(['received', 'handled']);
  });

  it('handles a repeated provider message id once and answers with the same id', async () => {
    const handler = new RecordingHandler();
    const gateway = makeGateway({}, handler);
    const message = inbound();
    const [first, second] = await Promise.all([gateway.receive(ctx, message), gateway.receive(ctx, message)]);
    const third = await gateway.receive(ctx, message);
    await gateway.idle();
    expect(new Set([first.id, second.id, third.id]).size).toBe(1);
    expect([first.duplicate, second.duplicate, third.duplicate].filter((d) => !d)).toHaveLength(1);
    expect(handler.seen).toHaveLength(1);
  });

  it('does not wait for the handler: the webhook answers while the station is still busy', async () => {
    const handler = new RecordingHandler();
    let release!: () => void;
    handler.gate = new Promise((resolve) => (release = resolve));
    const gateway = makeGateway({}, handler);
    const result = await gateway.receive(ctx, inbound());
    expect((await row(result.id)).status).toBe('received');
    release();
    await gateway.idle();
    expect((await row(result.id)).status).toBe('handled');
  });

  it('gives a message to a number nobody owns to the handler with institution null', async () => {
    const handler = new RecordingHandler();
    const gateway = makeGateway({}, handler);
    const result = await gateway.receive(ctx, inbound({ to: '4930999999999' }));
    await gateway.idle();
    expect(handler.seen[0]!.institutionId).toBeNull();
    expect(await row(result.id)).toMatchObject({ institutionId: null, status: 'handled' });
  });

  it('ignores a deactivated number', async () => {
    const handler = new RecordingHandler();
    const gateway = makeGateway({}, handler);
    const number = '4930111222333';
    await database.db.insert(s.smsNumbers).values({ institutionId, number, active: false });
    await gateway.receive(ctx, inbound({ to: number }));
    await gateway.idle();
    expect(handler.seen[0]!.institutionId).toBeNull();
  });

  it('marks a failed handling as failed with the error and never retries it', async () => {
    const handler = new RecordingHandler();
    handler.fail = new Error('station exploded');
    const gateway = makeGateway({}, handler);
    const result = await gateway.receive(ctx, inbound());
    await gateway.idle();
    expect(await row(result.id)).toMatchObject({ status: 'failed', error: 'station exploded' });
    // A start after a crash does not pick up failed messages either.
    const restarted = makeGateway({}, handler);
    restarted.start();
    await restarted.idle();
    await restarted.stop();
    expect(handler.seen.filter((m) => m.id === result.id)).toHaveLength(1);
  });

  it.each([
    [{ from: 'Vodafone' }, /sender/],
    [{ from: '12' }, /sender/],
    [{ to: '' }, /recipient/],
    [{ text: '   ' }, /empty/],
    [{ providerMessageId: '' }, /message id/],
  ])('refuses unusable input %o', async (overrides, message) => {
    const gateway = makeGateway({}, new RecordingHandler());
    const attempt = gateway.receive(ctx, inbound(overrides));
    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    await expect(attempt).rejects.toThrow(message);
  });

  it('handles messages a crash left as received once at start, not newer ones twice', async () => {
    const [left] = await database.db
      .insert(s.smsMessages)
      .values({
        institutionId,
        direction: 'inbound',
        provider: 'test',
        providerMessageId: randomUUID(),
        fromNumber: '491711234567',
        toNumber: serviceNumber,
        text: 'P20-08',
        status: 'received',
        receivedAt: new Date(Date.now() - 60_000),
        createdAt: new Date(Date.now() - 60_000),
      })
      .returning();
    const handler = new RecordingHandler();
    const gateway = makeGateway({}, handler);
    gateway.start();
    await gateway.idle();
    await gateway.stop();
    expect(handler.seen.filter((m) => m.id === left!.id)).toHaveLength(1);
    expect((await row(left!.id)).status).toBe('handled');
  });

  it('waits for handlings in flight when it stops', async () => {
    const handler = new RecordingHandler();
    let release!: () => void;
    handler.gate = new Promise((resolve) => (release = resolve));
    const gateway = makeGateway({}, handler);
    gateway.start();
    const result = await gateway.receive(ctx, inbound());
    let stopped = false;
    const stopping = gateway.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await row(result.id)).status).toBe('handled');
  });

  it('treats the same content within the redelivery window as a redelivery', async () => {
    const handler = new RecordingHandler();
    const gateway = makeGateway({}, handler);
    const hash = randomUUID();
    const at = new Date();
    const first = await gateway.receive(
      ctx,
      inbound({ provider: 'smpp', providerMessageId: `${hash}@${at.getTime()}`, receivedAt: at }),
      { redeliveryWindowS: 120 },
    );
    const again = await gateway.receive(
      ctx,
      inbound({
        provider: 'smpp',
        providerMessageId: `${hash}@${at.getTime() + 5_000}`,
        receivedAt: new Date(at.getTime() + 5_000),
      }),
      { redeliveryWindowS: 120 },
    );
    const later = await gateway.receive(
      ctx,
      inbound({
        provider: 'smpp',
        providerMessageId: `${hash}@${at.getTime() + 600_000}`,
        receivedAt: new Date(at.getTime() + 600_000),
      }),
      { redeliveryWindowS: 120 },
    );
    await gateway.idle();
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(later.duplicate).toBe(false);
    expect(handler.seen).toHaveLength(2);
  });
});

describe('sending', () => {
  it('sends a queued message through the log provider after kick, with its segments', async () => {
    const gateway = makeGateway({ pollIntervalMs: 60_000 });
    gateway.start();
    const text = 'x'.repeat(161);
    const queued = await database.db.transaction((tx) => gateway.queue(tx, ctx, outbound({ text })));
    expect(await row(queued.id)).toMatchObject({ status: 'queued', segments: 2, provider: 'log' });
    gateway.kick();
    const sent = await until(async () => {
      const current = await row(queued.id);
      return current.status === 'sent' ? current : undefined;
    }, 'the send');
    expect(sent.providerMessageId).toMatch(/^log-/);
    expect(sent.sentAt).not.toBeNull();
    expect(sent.attempts).toBe(1);
    await gateway.stop();
  });

  it('sends nothing when the transaction that queued rolls back', async () => {
    const gateway = makeGateway();
    let id = '';
    await expect(
      database.db.transaction(async (tx) => {
        id = (await gateway.queue(tx, ctx, outbound())).id;
        throw new Error('stop failed');
      }),
    ).rejects.toThrow('stop failed');
    expect(await database.db.select().from(s.smsMessages).where(eq(s.smsMessages.id, id))).toHaveLength(0);
  });

  it('finds queued messages by polling without a kick', async () => {
    const provider = new FlakyProvider(0);
    const gateway = makeGateway({ provider, pollIntervalMs: 20 });
    gateway.start();
    const queued = await gateway.queue(database.db, ctx, outbound());
    await until(async () => ((await row(queued.id)).status === 'sent' ? true : undefined), 'the poll');
    await gateway.stop();
  });

  it('retries with backoff and records the attempts', async () => {
    const provider = new FlakyProvider(2);
    const gateway = makeGateway({ provider });
    gateway.start();
    const queued = await gateway.send(ctx, outbound());
    const sent = await until(async () => {
      const current = await row(queued.id);
      return current.status === 'sent' ? current : undefined;
    }, 'the retried send');
    expect(sent).toMatchObject({ attempts: 3, error: null, providerMessageId: `flaky-${queued.id}` });
    await gateway.stop();
  });

  it('gives up as failed after the last attempt', async () => {
    const provider = new FlakyProvider(99);
    const gateway = makeGateway({ provider, maxAttempts: 3 });
    gateway.start();
    const queued = await gateway.send(ctx, outbound());
    const failed = await until(async () => {
      const current = await row(queued.id);
      return current.status === 'failed' ? current : undefined;
    }, 'giving up');
    expect(failed).toMatchObject({ attempts: 3, error: 'gateway unreachable', nextAttemptAt: null });
    expect(provider.attemptsById.get(queued.id)).toBe(3);
    await gateway.stop();
  });

  it('does not retry a permanent refusal', async () => {
    const provider = new FlakyProvider(99, true);
    const gateway = makeGateway({ provider });
    gateway.start();
    const queued = await gateway.send(ctx, outbound());
    const failed = await until(async () => {
      const current = await row(queued.id);
      return current.status === 'failed' ? current : undefined;
    }, 'the refusal');
    expect(failed).toMatchObject({ attempts: 1, error: 'number refused' });
    await gateway.stop();
  });

  it('never sends a message twice from concurrent dispatchers', async () => {
    const provider = new FlakyProvider(0);
    const dispatchers = [1, 2, 3].map(() => makeGateway({ provider, batchSize: 5 }));
    const ids = await database.db.transaction(async (tx) => {
      const queued: string[] = [];
      for (let i = 0; i < 30; i++)
        queued.push((await dispatchers[0]!.queue(tx, ctx, outbound({ text: `n${i}` }))).id);
      return queued;
    });
    for (const gateway of dispatchers) gateway.start();
    for (let i = 0; i < 5; i++) for (const gateway of dispatchers) gateway.kick();
    await until(async () => {
      const rows = await Promise.all(ids.map(row));
      return rows.every((r) => r.status === 'sent') ? true : undefined;
    }, 'all sends');
    for (const gateway of dispatchers) await gateway.stop();
    for (const id of ids) expect(provider.attemptsById.get(id)).toBe(1);
  });

  it('records delivery receipts, also one that overtook its submit', async () => {
    const gateway = makeGateway({ provider: new FlakyProvider(0) });
    gateway.start();
    const queued = await gateway.send(ctx, outbound());
    await until(async () => ((await row(queued.id)).status === 'sent' ? true : undefined), 'the send');
    await gateway.receipt({
      providerMessageId: `flaky-${queued.id}`,
      delivered: true,
      state: 'DELIVRD',
      at: new Date(),
    });
    expect((await row(queued.id)).status).toBe('delivered');

    const other = await gateway.queue(database.db, ctx, outbound());
    await gateway.receipt({
      providerMessageId: `flaky-${other.id}`,
      delivered: false,
      state: 'UNDELIV',
      at: new Date(),
    });
    gateway.kick();
    const undeliverable = await until(async () => {
      const current = await row(other.id);
      return current.status === 'undeliverable' ? current : undefined;
    }, 'the early receipt');
    expect(undeliverable.error).toContain('UNDELIV');
    await gateway.stop();
  });

  it('refuses a message to no phone number', async () => {
    const gateway = makeGateway();
    await expect(gateway.queue(database.db, ctx, outbound({ to: 'nobody' }))).rejects.toBeInstanceOf(
      ValidationFailed,
    );
  });
});
