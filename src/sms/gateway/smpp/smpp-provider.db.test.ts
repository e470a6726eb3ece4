/**
 * The SMPP transceiver against a real SMPP server on loopback (test/support/smsc.ts), with the
 * gateway and a real database behind it.
 */
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.js';
import type { Database } from '../../../db/database.js';
import * as s from '../../../db/schema.js';
import { LiveEvents } from '../../../live/live-events.js';
import { systemActor, type Ctx } from '../../../shared/context.js';
import { createTestDatabase } from '../../../../test/support/database.js';
import { makeInstitution } from '../../../../test/support/factories.js';
import { TestSmsc, type Submitted } from '../../../../test/support/smsc.js';
import type { InboundSmsHandler, OutboundSms, StoredInboundSms } from '../../sms.js';
import { concatHeader, encodeGsm7, encodeUcs2 } from '../encoding.js';
import { SmsGateway } from '../sms-gateway.service.js';
import { SmppProvider, type SmppProviderOptions } from './smpp-provider.js';

const log = pino({ level: 'silent' });
const ctx: Ctx = { actor: systemActor('test'), now: () => new Date(), log };
const CREDENTIALS = { systemId: 'fachwerk', password: 'secret12' };
const SHORT_CODE = '841122';
const PHONE = '491711234567';

let database: Database;
let institutionId: string;
let smsc: TestSmsc;
let provider: SmppProvider;
let gateway: SmsGateway;
const handled: StoredInboundSms[] = [];

const providerOptions = (overrides: Partial<SmppProviderOptions> = {}): SmppProviderOptions => ({
  host: '127.0.0.1',
  port: smsc.port,
  ...CREDENTIALS,
  systemType: '',
  enquireLinkS: 0.2,
  log,
  reconnectBaseMs: 50,
  reconnectMaxMs: 400,
  bindWaitMs: 5_000,
  responseTimeoutMs: 2_000,
  ...overrides,
});

beforeAll(async () => {
  database = await createTestDatabase();
  institutionId = (await makeInstitution(database.db)).id;
  await database.db.insert(s.smsNumbers).values({ institutionId, number: SHORT_CODE });
  smsc = new TestSmsc(CREDENTIALS);
  await smsc.start();
  provider = new SmppProvider(providerOptions());
  gateway = new SmsGateway(
    { config: loadConfig({}), db: database.db, log, live: new LiveEvents(), now: () => new Date() },
    { provider, pollIntervalMs: 100, retryBaseMs: 50, retryMaxMs: 200 },
  );
  const handler: InboundSmsHandler = {
    async handleInbound(_ctx, message) {
      handled.push(message);
    },
  };
  gateway.setHandler(handler);
  gateway.start();
  await smsc.until(() => smsc.bound.size === 1, 'the bind');
  await until(async () => (provider.bound ? true : undefined), 'the bind answer');
});
afterAll(async () => {
  await gateway?.stop();
  await smsc?.close();
  await database?.close();
});

const outbound = (text: string): OutboundSms => ({
  institutionId,
  from: SHORT_CODE,
  to: PHONE,
  text,
  language: 'de',
  kind: 'reply',
});

async function row(id: string) {
  const [found] = await database.db.select().from(s.smsMessages).where(eq(s.smsMessages.id, id));
  return found!;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends through the gateway and returns the SMSC's record of every part. */
async function sendAndCapture(text: string): Promise<{ id: string; parts: Submitted[] }> {
  const before = smsc.submits.length;
  const { id } = await gateway.send(ctx, outbound(text));
  const sent = await until(async () => {
    const current = await row(id);
    return current.status === 'sent' ? current : undefined;
  }, 'the send');
  const parts = smsc.submits.slice(before);
  expect(sent.providerMessageId).toBe(parts[0]!.messageId);
  return { id, parts };
}

describe('SMPP transceiver', () => {
  it('binds as transceiver with the configured credentials', () => {
    expect(smsc.bindAttempts.filter((a) => a.accepted).map((a) => a.systemId)).toContain('fachwerk');
    expect(provider.bound).toBe(true);
  });

  it('fails a bind with a wrong password clearly and keeps retrying with backoff', async () => {
    const wrong = new SmppProvider(providerOptions({ systemId: 'intruder', password: 'wrong' }));
    wrong.start({ inbound: async () => undefined, receipt: async () => undefined, ready: () => undefined });
    try {
      await smsc.until(
        () => smsc.bindAttempts.filter((a) => a.systemId === 'intruder').length >= 3,
        'three refused binds',
      );
      expect(smsc.bindAttempts.filter((a) => a.systemId === 'intruder').every((a) => !a.accepted)).toBe(true);
      expect(wrong.lastBindError).toBe('ESME_RINVPASWD');
      expect(wrong.bound).toBe(false);
      await expect(
        new SmppProvider(providerOptions({ password: 'wrong', bindWaitMs: 50 })).send({
          id: 'x',
          from: SHORT_CODE,
          to: PHONE,
          text: 'x',
        }),
      ).rejects.toThrow(/not bound/);
    } finally {
      await wrong.stop();
    }
  });

  it('submits a GSM text with data_coding 0, € through the extension table, asking for a receipt', async () => {
    const text = 'Ladefach P20-07 gestartet. 1,50 € je Std. [PIN 4711] Ende: P20-07 senden.';
    const { parts } = await sendAndCapture(text);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ text, dataCoding: 0, esmClass: 0 });
    expect(parts[0]!.pdu).toMatchObject({
      source_addr: SHORT_CODE,
      destination_addr: PHONE,
      dest_addr_ton: 1,
      registered_delivery: 1,
    });
  });

  it('submits a text outside GSM as UCS-2 (data_coding 8)', async () => {
    const text = 'Ładowanie rozpoczęte 🔋 Schließfach P20-07';
    const { parts } = await sendAndCapture(text);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ text, dataCoding: 8 });
  });

  it('sends a 300-character text as two parts with matching UDH', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `Teil${String(i).padStart(5, '0')} `).join('');
    expect(text).toHaveLength(300);
    const { id, parts } = await sendAndCapture(text);
    expect(parts).toHaveLength(2);
    const headers = parts.map((p) => p.udh[0]!);
    for (const [index, header] of headers.entries()) {
      expect(header[0]).toBe(0x00); // concatenation, 8-bit reference
      expect(header[1]).toBe(3);
      expect(header[2]).toBe(headers[0]![2]); // the same reference
      expect(header[3]).toBe(2); // two parts
      expect(header[4]).toBe(index + 1);
    }
    expect(parts.every((p) => (p.esmClass & 0x40) === 0x40 && p.dataCoding === 0)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts[0]!.text).toHaveLength(153);
    expect((await row(id)).segments).toBe(2);
  });

  it('marks the message delivered on a delivery receipt, undeliverable on a failed one', async () => {
    const delivered = await sendAndCapture('Zustellung 1');
    expect(await smsc.deliverReceipt(delivered.parts[0]!, 'ENROUTE')).toBe(0);
    expect((await row(delivered.id)).status).toBe('sent');
    expect(await smsc.deliverReceipt(delivered.parts[0]!, 'DELIVRD')).toBe(0);
    expect(await row(delivered.id)).toMatchObject({ status: 'delivered' });
    expect((await row(delivered.id)).deliveredAt).not.toBeNull();

    const failed = await sendAndCapture('Zustellung 2');
    expect(await smsc.deliverReceipt(failed.parts[0]!, 'UNDELIV', true)).toBe(0);
    expect(await row(failed.id)).toMatchObject({ status: 'undeliverable' });
  });

  it('stores an MO deliver_sm before answering it and hands it over once, even when delivered twice', async () => {
    const mo = { from: PHONE, to: SHORT_CODE, shortMessage: encodeGsm7('P20-07 Grüße') };
    expect(await smsc.deliverMo(mo)).toBe(0);
    // Answered only after it was stored: the row is there now.
    const stored = await database.db
      .select()
      .from(s.smsMessages)
      .where(eq(s.smsMessages.text, 'P20-07 Grüße'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      provider: 'smpp',
      institutionId,
      fromNumber: PHONE,
      toNumber: SHORT_CODE,
    });
    // The SMSC did not see our answer and delivers again.
    expect(await smsc.deliverMo(mo)).toBe(0);
    await gateway.idle();
    expect(handled.filter((m) => m.text === 'P20-07 Grüße')).toHaveLength(1);
  });

  it('uses the SMSC’s id when it sends one', async () => {
    const mo = {
      from: PHONE,
      to: SHORT_CODE,
      shortMessage: encodeGsm7('STATUS P20-07'),
      tlvs: { receipted_message_id: 'SMSC-MO-77' },
    };
    expect(await smsc.deliverMo(mo)).toBe(0);
    expect(await smsc.deliverMo(mo)).toBe(0);
    await gateway.idle();
    const rows = await database.db
      .select()
      .from(s.smsMessages)
      .where(eq(s.smsMessages.providerMessageId, 'smsc:SMSC-MO-77'));
    expect(rows).toHaveLength(1);
  });

  it('reassembles a concatenated MO (UCS-2) before handing it over', async () => {
    const first = 'Hallo, wie beende ich das Laden? 🙂 ';
    const second = 'Danke!';
    const part = (sequence: number, text: string) => ({
      from: PHONE,
      to: SHORT_CODE,
      dataCoding: 8,
      esmClass: 0x40,
      shortMessage: Buffer.concat([concatHeader(42, 2, sequence), encodeUcs2(text)]),
    });
    expect(await smsc.deliverMo(part(2, second))).toBe(0);
    expect(await smsc.deliverMo(part(1, first))).toBe(0);
    await gateway.idle();
    expect(handled.filter((m) => m.text === first + second)).toHaveLength(1);
  });

  it('answers the SMSC’s enquire_link and sends its own', async () => {
    expect(await smsc.enquireLink()).toBe(0);
    const seen = smsc.enquireLinksReceived;
    await smsc.until(() => smsc.enquireLinksReceived >= seen + 2, 'two enquire_links');
  });

  it('rebinds after the SMSC drops the connection and then sends what was queued', async () => {
    const bindsBefore = smsc.bindAttempts.filter((a) => a.accepted).length;
    smsc.dropConnections();
    const { id } = await gateway.send(ctx, outbound('Nach dem Verbindungsabbruch'));
    await smsc.until(() => smsc.bound.size === 1, 'the rebind');
    expect(smsc.bindAttempts.filter((a) => a.accepted).length).toBe(bindsBefore + 1);
    const sent = await until(async () => {
      const current = await row(id);
      return current.status === 'sent' ? current : undefined;
    }, 'the queued message after the rebind');
    expect(smsc.submits.at(-1)!.text).toBe('Nach dem Verbindungsabbruch');
    expect(sent.providerMessageId).toBe(smsc.submits.at(-1)!.messageId);
  });
});
