import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { emails } from '../db/schema.js';
import { createTestDatabase } from '../../test/support/database.js';
import { startLoopbackSmtp, type LoopbackSmtp } from '../../test/support/smtp.js';
import { MailService, type MailServiceOptions } from './mail.service.js';
import { mailText } from './mail-texts.js';

let database: Database;
let smtp: LoopbackSmtp;
const log = pino({ level: 'silent' });
const FAST = { pollIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 200, leaseMs: 60_000 };

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startLoopbackSmtp();
});
afterAll(async () => {
  await smtp?.stop();
  await database?.close();
});

const service = (smtpUrl: string | undefined, options: MailServiceOptions = FAST) =>
  new MailService(
    {
      config: { mail: { smtpUrl, from: 'Fachwerk <noreply@fachwerk.test>' } },
      db: database.db,
      log,
      now: () => new Date(),
    },
    options,
  );

const rowOf = async (id: string) => (await database.db.select().from(emails).where(eq(emails.id, id)))[0]!;

describe('the mail outbox over a real SMTP server on loopback', () => {
  it('stores a mail first, then sends it: subject, body and link arrive', async () => {
    const mail = service(smtp.url);
    mail.start();
    try {
      const link = 'http://portal.test/set-password/abcDEF123_-xyz';
      const text = mailText('de', { kind: 'password_reset', name: 'Ada Lovelace', link, validHours: 1 });
      const row = await mail.queue(database.db, {
        institutionId: null,
        to: 'ada@example.test',
        ...text,
        purpose: 'password_reset',
      });
      expect(row.status).toBe('queued');
      mail.kick();
      await expect.poll(async () => (await rowOf(row.id)).status).toBe('sent');
      const arrived = smtp.received.filter((m) => m.to.includes('ada@example.test'));
      expect(arrived).toHaveLength(1);
      expect(arrived[0]!.subject).toBe('Passwort zurücksetzen');
      expect(arrived[0]!.from).toBe('noreply@fachwerk.test');
      expect(arrived[0]!.text).toContain(link);
      expect(arrived[0]!.text).toContain('Guten Tag Ada Lovelace,');
      expect(arrived[0]!.headers.get('x-fachwerk-mail-id')).toBe(row.id);
      expect((await rowOf(row.id)).sentAt).not.toBeNull();
    } finally {
      await mail.stop();
    }
  });

  it('retries while the SMTP server is down, sends once it is back, and never twice', async () => {
    await smtp.stop();
    const mail = service(smtp.url);
    mail.start();
    try {
      const row = await mail.queue(database.db, {
        institutionId: null,
        to: 'outage@example.test',
        subject: 'During an outage',
        text: 'Hello',
        purpose: 'test',
      });
      mail.kick();
      await expect
        .poll(async () => (await rowOf(row.id)).attempts, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(2);
      const waiting = await rowOf(row.id);
      expect(waiting.status).toBe('queued');
      expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);

      await smtp.start();
      await expect.poll(async () => (await rowOf(row.id)).status, { timeout: 10_000 }).toBe('sent');
      // More rounds after the send find nothing due: the mail stays sent and arrives once.
      for (let i = 0; i < 3; i++) {
        mail.kick();
        await mail.idle();
      }
      expect(smtp.received.filter((m) => m.to.includes('outage@example.test'))).toHaveLength(1);
    } finally {
      await mail.stop();
    }
  });

  it('gives up at once on a permanent refusal (550) and records why', async () => {
    smtp.refuse.add('nobody@example.test');
    const mail = service(smtp.url);
    mail.start();
    try {
      const row = await mail.queue(database.db, {
        institutionId: null,
        to: 'nobody@example.test',
        subject: 'x',
        text: 'x',
        purpose: 'test',
      });
      mail.kick();
      await expect.poll(async () => (await rowOf(row.id)).status).toBe('failed');
      const failed = await rowOf(row.id);
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toMatch(/550/);
    } finally {
      await mail.stop();
    }
  });

  it('gives up after the last attempt when the server stays away', async () => {
    const mail = service('smtp://127.0.0.1:1', { ...FAST, maxAttempts: 2 });
    mail.start();
    try {
      const row = await mail.queue(database.db, {
        institutionId: null,
        to: 'x@example.test',
        subject: 'x',
        text: 'x',
        purpose: 'test',
      });
      mail.kick();
      await expect.poll(async () => (await rowOf(row.id)).status, { timeout: 10_000 }).toBe('failed');
      expect((await rowOf(row.id)).attempts).toBe(2);
    } finally {
      await mail.stop();
    }
  });

  it('without SMTP_URL keeps the mail as logged and sends nothing', async () => {
    const before = smtp.received.length;
    const mail = service(undefined);
    mail.start();
    const row = await mail.queue(database.db, {
      institutionId: null,
      to: 'log@example.test',
      subject: 'x',
      text: 'x',
      purpose: 'test',
    });
    mail.kick();
    await mail.stop();
    expect(row.status).toBe('logged');
    expect((await rowOf(row.id)).status).toBe('logged');
    expect(smtp.received.length).toBe(before);
  });
});
