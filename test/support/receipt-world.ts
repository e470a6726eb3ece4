/**
 * A locker with SMS sessions in every state a receipt page shows, inserted as the SMS flow and
 * billing leave them (sms_sessions → sessions → charge_records), for the public pages' tests.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { makeInstitution, makeStation } from './factories.js';

type SmsSession = typeof s.smsSessions.$inferSelect;

export interface ReceiptWorld {
  institution: typeof s.institutions.$inferSelect;
  station: typeof s.stations.$inferSelect;
  chargePoints: (typeof s.chargePoints.$inferSelect)[];
  /** P20-01: ended and priced (1,50 €, carrier billed). */
  completed: SmsSession;
  /** P20-02: charging since 15.01.2026 13:00 Berlin. */
  running: SmsSession;
  /** P20-03: the start failed. */
  failed: SmsSession;
  /** P20-04: ended, not priced yet. */
  unpriced: SmsSession;
  /** P20-06: one PIN used twice; the newer session's token. */
  reusedPin: { pin: string; newerToken: string };
  /** P20-06: 100 days old. */
  old: SmsSession;
}

const DAY = 86_400_000;
const token = () => randomBytes(16).toString('base64url');

export async function insertReceiptWorld(db: Db): Promise<ReceiptWorld> {
  const institution = await makeInstitution(db, {
    name: 'Stadtwerke',
    legalName: 'Stadtwerke Musterstadt GmbH',
    street: 'Hauptstraße 5',
    postalCode: '12345',
    city: 'Musterstadt',
    vatId: 'DE123456789',
  });
  const other = await makeInstitution(db);
  await makeStation(db, { institutionId: other.id, evses: 1, shortNamePrefix: 'Q1' });
  const [location] = await db
    .insert(s.locations)
    .values({
      institutionId: institution.id,
      name: 'Parkhaus P20',
      street: 'Am Markt 1',
      postalCode: '12345',
      city: 'Musterstadt',
    })
    .returning();
  const { station, chargePoints } = await makeStation(db, {
    institutionId: institution.id,
    chargeBoxId: 'P20-LOCKER',
    kind: 'locker',
    evses: 6,
    shortNamePrefix: 'P20',
    locationId: location!.id,
  });
  await db
    .update(s.stations)
    .set({ connectedNode: 'node-test', connectedAt: new Date(), ocppVersion: 'ocpp1.6' })
    .where(eq(s.stations.id, station.id));
  const states: [string, s.DoorState][] = [
    ['Available', 'closed'],
    ['Charging', 'locked'],
    ['Available', 'open'],
    ['Faulted', 'closed'],
    ['Preparing', 'closed'],
    ['Available', 'closed'],
  ];
  for (const [i, [status, door]] of states.entries()) {
    await db.update(s.chargePoints).set({ status, door }).where(eq(s.chargePoints.id, chargePoints[i]!.id));
  }
  const [tariff] = await db
    .insert(s.tariffs)
    .values({
      institutionId: institution.id,
      name: 'Ladefach',
      definition: { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] },
    })
    .returning();
  await db.insert(s.tariffAssignments).values({
    institutionId: institution.id,
    targetKind: 'institution',
    targetId: institution.id,
    tariffId: tariff!.id,
  });
  await db.insert(s.smsNumbers).values([
    { institutionId: institution.id, number: '841122', createdAt: new Date('2026-01-01T00:00:00Z') },
    { institutionId: institution.id, number: '4915112345678' },
    { institutionId: institution.id, number: '999000', active: false },
    { institutionId: other.id, number: '700700' },
  ]);

  let transaction = 100;
  const smsSession = async (
    n: number,
    values: Partial<typeof s.smsSessions.$inferInsert> & Pick<typeof s.smsSessions.$inferInsert, 'state'>,
    session?: Partial<typeof s.sessions.$inferInsert>,
  ): Promise<{ sms: SmsSession; session: typeof s.sessions.$inferSelect | undefined }> => {
    const cp = chargePoints[n - 1]!;
    let sessionRow: typeof s.sessions.$inferSelect | undefined;
    if (session !== undefined) {
      [sessionRow] = await db
        .insert(s.sessions)
        .values({
          institutionId: institution.id,
          stationId: station.id,
          chargePointId: cp.id,
          evseId: cp.evseId,
          transactionId: String(transaction++),
          ocppVersion: 'ocpp1.6',
          idTagType: 'Central',
          startedAt: new Date('2026-01-15T09:00:00Z'),
          ...session,
        })
        .returning();
    }
    const [sms] = await db
      .insert(s.smsSessions)
      .values({
        institutionId: institution.id,
        stationId: station.id,
        chargePointId: cp.id,
        evseId: cp.evseId,
        serviceNumber: '841122',
        phone: '491719876543',
        language: 'de',
        receiptPin: String(100000 + Math.floor(Math.random() * 900000)),
        receiptToken: token(),
        sessionId: sessionRow?.id,
        ...values,
      })
      .returning();
    if (sessionRow !== undefined)
      await db.update(s.sessions).set({ smsSessionId: sms!.id }).where(eq(s.sessions.id, sessionRow.id));
    return { sms: sms!, session: sessionRow };
  };

  const started = new Date('2026-01-15T09:00:00Z');
  const stopped = new Date('2026-01-15T10:30:00Z');
  const completed = await smsSession(
    1,
    { state: 'completed', startedAt: started, endedAt: stopped },
    { status: 'completed', startedAt: started, stoppedAt: stopped, energyWh: 420 },
  );
  await db.insert(s.chargeRecords).values({
    institutionId: institution.id,
    sessionId: completed.session!.id,
    stationId: station.id,
    chargePointId: chargePoints[0]!.id,
    evseId: 1,
    chargePointName: 'P20-01',
    idTag: completed.sms.receiptPin,
    strategyKind: 'carrier',
    startedAt: started,
    stoppedAt: stopped,
    durationSeconds: 5400,
    energyWh: 420,
    tariffId: tariff!.id,
    lines: [
      {
        kind: 'time',
        description: { de: 'Je angefangene 30 min', en: 'Per started 30 min' },
        quantity: 3,
        unit: 'unit',
        unitPriceCents: 50,
        amountCents: 150,
      },
    ],
    totalCents: 150,
    vatRateBp: 1900,
    netCents: 126,
    vatCents: 24,
    booking: 'carrier',
    createdBy: 'test',
    createdAt: new Date('2026-01-15T10:31:00Z'),
  });
  const runningStart = new Date('2026-01-15T12:00:00Z');
  const running = await smsSession(
    2,
    { state: 'active', startedAt: runningStart },
    { status: 'active', startedAt: runningStart },
  );
  const failed = await smsSession(3, { state: 'failed', failureReason: 'station_offline' });
  const unpriced = await smsSession(
    4,
    { state: 'completed', startedAt: started, endedAt: stopped },
    { status: 'completed', startedAt: started, stoppedAt: stopped },
  );
  const now = Date.now();
  const pin = '246810';
  await smsSession(6, { state: 'completed', receiptPin: pin, createdAt: new Date(now - 2 * DAY) });
  const newer = await smsSession(6, { state: 'completed', receiptPin: pin, createdAt: new Date(now - DAY) });
  const old = await smsSession(6, {
    state: 'completed',
    receiptPin: '135799',
    createdAt: new Date(now - 100 * DAY),
  });
  return {
    institution,
    station,
    chargePoints,
    completed: completed.sms,
    running: running.sms,
    failed: failed.sms,
    unpriced: unpriced.sms,
    reusedPin: { pin, newerToken: newer.sms.receiptToken },
    old: old.sms,
  };
}
