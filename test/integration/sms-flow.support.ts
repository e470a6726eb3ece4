/**
 * The SMS locker flow end to end: SMS arrive through the real webhook, answers are read from the SMS
 * log (sms_messages, provider `log`), the locker is the simulator over a real WebSocket.
 */
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { SimulatedStation } from '../../src/simulator/simulated-station.js';
import type { OcppVersion } from '../../src/simulator/types.js';
import { makeInstitution, makeStation } from '../support/factories.js';
import { waitFor } from '../support/ocpp-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

export const WEBHOOK_TOKEN = 'a-token-of-16-chars-or-more';
export const HALF_HOUR_CENTS = 50;

export async function startSmsServer(sms: Partial<Config['sms']> = {}, overrides: Partial<Config> = {}) {
  return startTestServer({
    sms: { ...loadConfig({}).sms, inboundTokens: new Map([['test', WEBHOOK_TOKEN]]), ...sms },
    ...overrides,
  });
}

let numberSeq = 0;
let messageSeq = 0;

/** A short code no other test file uses (sms_numbers.number is unique platform-wide). */
export function freshNumber(): string {
  numberSeq += 1;
  return `7${String(process.pid % 1000).padStart(3, '0')}${String(numberSeq).padStart(3, '0')}`;
}

export interface Locker {
  institutionId: string;
  number: string;
  stationId: string;
  chargeBoxId: string;
  password: string;
  chargePoints: Array<typeof s.chargePoints.$inferSelect>;
  sim: SimulatedStation | undefined;
}

/** An institution with a locker tariff (0,50 € per started 30 minutes), a number, and a locker P20-01... */
export async function makeLocker(
  server: TestServer,
  options: { version?: OcppVersion; evses?: number; simulate?: boolean; prefix?: string } = {},
): Promise<Locker> {
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const [tariff] = await db
    .insert(s.tariffs)
    .values({
      institutionId: institution.id,
      name: 'Ladefach',
      definition: { elements: [{ time: { priceCents: HALF_HOUR_CENTS, stepMinutes: 30 } }] },
    })
    .returning();
  await db.insert(s.tariffAssignments).values({
    institutionId: institution.id,
    targetKind: 'institution',
    targetId: institution.id,
    tariffId: tariff!.id,
  });
  const number = freshNumber();
  await db.insert(s.smsNumbers).values({ institutionId: institution.id, number });
  const evses = options.evses ?? 4;
  const { station, chargePoints, password } = await makeStation(db, {
    institutionId: institution.id,
    kind: 'locker',
    evses,
    shortNamePrefix: options.prefix ?? 'P20',
  });
  let sim: SimulatedStation | undefined;
  if (options.simulate !== false) {
    sim = new SimulatedStation({
      url: server.ocppUrl,
      chargeBoxId: station.chargeBoxId,
      password,
      version: options.version ?? 'ocpp1.6',
      kind: 'locker',
      evses,
      meterIntervalMs: 60_000,
      reconnect: false,
    });
    expect(await sim.start()).toBe('Accepted');
  }
  return {
    institutionId: institution.id,
    number,
    stationId: station.id,
    chargeBoxId: station.chargeBoxId,
    password,
    chargePoints,
    sim,
  };
}

/** POST /api/v1/sms/inbound as the provider `test` does. */
export async function postSms(
  server: TestServer,
  body: { from: string; to: string; text: string; id?: string },
): Promise<Response> {
  messageSeq += 1;
  return fetch(`${server.baseUrl}/api/v1/sms/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: body.id ?? `msg-${process.pid}-${messageSeq}`, ...body }),
  });
}

export type MessageRow = typeof s.smsMessages.$inferSelect;

/** Texts `text` and returns the answers once the flow handled it (nothing sleeps: the gateway says when). */
export async function text(
  server: TestServer,
  locker: Locker,
  phone: string,
  message: string,
  id?: string,
): Promise<{ inboundId: string; replies: MessageRow[] }> {
  const response = await postSms(server, {
    from: `+${phone}`,
    to: locker.number,
    text: message,
    ...(id === undefined ? {} : { id }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { id: inboundId } = (await response.json()) as { id: string };
  const db = server.database.db;
  await waitFor(
    async () => {
      const [row] = await db.select().from(s.smsMessages).where(eq(s.smsMessages.id, inboundId));
      return row !== undefined && row.status !== 'received';
    },
    { timeoutMs: 15_000, what: `inbound SMS ${inboundId} handled` },
  );
  return { inboundId, replies: await repliesTo(db, inboundId) };
}

/** The one answer to a text. */
export async function answer(
  server: TestServer,
  locker: Locker,
  phone: string,
  message: string,
): Promise<MessageRow> {
  const { replies } = await text(server, locker, phone, message);
  expect(replies.map((r) => r.text)).toHaveLength(1);
  return replies[0]!;
}

export async function repliesTo(db: Db, inboundId: string): Promise<MessageRow[]> {
  return db
    .select()
    .from(s.smsMessages)
    .where(and(eq(s.smsMessages.direction, 'outbound'), eq(s.smsMessages.inReplyToId, inboundId)))
    .orderBy(asc(s.smsMessages.createdAt));
}

/** Waits for an SMS of `kind` to the phone (e.g. the closing SMS, which answers no inbound message). */
export async function nextSms(
  db: Db,
  phone: string,
  kind: s.SmsKind,
  smsSessionId: string,
  timeoutMs = 10_000,
): Promise<MessageRow> {
  return waitFor(
    async () => {
      const [row] = await db
        .select()
        .from(s.smsMessages)
        .where(
          and(
            eq(s.smsMessages.direction, 'outbound'),
            eq(s.smsMessages.toNumber, phone),
            eq(s.smsMessages.kind, kind),
            eq(s.smsMessages.smsSessionId, smsSessionId),
          ),
        );
      return row;
    },
    { timeoutMs, what: `${kind} SMS to ${phone}` },
  );
}

export async function smsSessionsAt(db: Db, chargePointId: string) {
  return db
    .select()
    .from(s.smsSessions)
    .where(eq(s.smsSessions.chargePointId, chargePointId))
    .orderBy(asc(s.smsSessions.createdAt));
}

/** The SMS session a confirmation belongs to. */
export async function sessionOf(db: Db, message: MessageRow) {
  expect(message.smsSessionId).not.toBeNull();
  const [row] = await db.select().from(s.smsSessions).where(eq(s.smsSessions.id, message.smsSessionId!));
  return row!;
}

/** Opens the door, puts a battery in, closes it, and waits until the server knows (status and door). */
export async function loadCompartment(server: TestServer, locker: Locker, evseId: number): Promise<void> {
  const sim = locker.sim!;
  sim.openDoor(evseId);
  sim.putItem(evseId);
  sim.closeDoor(evseId);
  await compartmentIs(server, locker, evseId, (cp) => cp.door === 'closed' && cp.status !== 'Available');
}

export async function compartmentIs(
  server: TestServer,
  locker: Locker,
  evseId: number,
  check: (cp: typeof s.chargePoints.$inferSelect) => boolean,
): Promise<void> {
  await locker.sim?.flush();
  await waitFor(
    async () => {
      const [cp] = await server.database.db
        .select()
        .from(s.chargePoints)
        .where(and(eq(s.chargePoints.stationId, locker.stationId), eq(s.chargePoints.evseId, evseId)));
      return cp !== undefined && check(cp);
    },
    { what: `compartment ${evseId} state` },
  );
}

/** The PIN in a confirmation SMS. */
export function pinIn(message: MessageRow): string {
  const match = /PIN (\d{6})/.exec(message.text);
  expect(match, message.text).not.toBeNull();
  return match![1]!;
}
