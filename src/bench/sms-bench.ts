/**
 * How long an SMS takes to become a start command at the locker (`npm run bench:sms`): from the
 * moment the gateway's webhook call leaves the load generator to the moment the simulated station
 * receives RemoteStartTransaction (1.6) / RequestStartTransaction (2.0.1) for that compartment.
 *
 * The baseline, in the same process and on the same server, is a staff member's remote start over the
 * REST API (POST /stations/{id}/commands) to another, equally idle compartment: the same command
 * path without the SMS parts (storing the message, parsing, checks, the SMS session, the PIN). The
 * ratio is the figure that means something on a noisy machine.
 *
 * Each phase starts `--sessions` sessions (default 1,000) on fresh compartments, either all at once
 * (burst) or at a steady `--rate` per second; at the end of an SMS phase that many SMS sessions run
 * at the same time. Server, database, 2×N simulated compartments and the load generator share one
 * process, as they share the machine in production-sized tests anyway.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createFachwerk, type Fachwerk } from '../app/fachwerk.js';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import * as s from '../db/schema.js';
import { DEMO } from '../demo/demo-data.js';
import { systemActor } from '../shared/context.js';
import { hashPassword } from '../shared/passwords.js';
import { SimulatedStation } from '../simulator/simulated-station.js';
import { createHistogram, record, summarize, type LatencySummary } from './histogram.js';

const PASSWORD = 'fachwerk-bench-station-pw';
const SERVICE_NUMBER = '841122';
const INBOUND_TOKEN = 'bench-inbound-token-0123456789';
const EVSES = 12;

interface Options {
  sessions: number;
  /** Requests per second; 0 sends all at once. */
  rate: number;
  databaseUrl: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sessions: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '0' },
    },
  });
  const sessions = Number(values.sessions);
  const rate = Number(values.rate);
  if (!Number.isInteger(sessions) || sessions < 1) throw new Error('--sessions must be a positive integer');
  if (!Number.isFinite(rate) || rate < 0) throw new Error('--rate must be 0 (burst) or requests per second');
  return { sessions, rate, databaseUrl: process.env.DATABASE_URL };
}

interface Compartment {
  station: SimulatedStation;
  stationId: string;
  evseId: number;
  shortName: string;
}

const lockerId = (phase: string, index: number) => `SMSB-${phase}-${String(index + 1).padStart(4, '0')}`;

/** Lockers of 12 compartments for one phase, written straight into the database (one argon2 hash). */
async function seedLockers(
  fachwerk: Fachwerk,
  institutionId: string,
  passwordHash: string,
  phase: string,
  compartments: number,
): Promise<{ chargeBoxId: string; stationId: string; shortNames: string[] }[]> {
  const db = fachwerk.services.deps.db;
  const lockers = Math.ceil(compartments / EVSES);
  const stations = await db
    .insert(s.stations)
    .values(
      Array.from({ length: lockers }, (_, i) => ({
        institutionId,
        chargeBoxId: lockerId(phase, i),
        name: `Bench locker ${phase} ${i + 1}`,
        passwordHash,
        registration: 'accepted' as const,
      })),
    )
    .returning({ id: s.stations.id, chargeBoxId: s.stations.chargeBoxId });
  const result = stations.map((station, i) => ({
    chargeBoxId: station.chargeBoxId,
    stationId: station.id,
    shortNames: Array.from({ length: EVSES }, (_, e) => `${phase}${i + 1}-${String(e + 1).padStart(2, '0')}`),
  }));
  await db.insert(s.chargePoints).values(
    result.flatMap((locker) =>
      locker.shortNames.map((shortName, e) => ({
        institutionId,
        stationId: locker.stationId,
        evseId: e + 1,
        shortName,
      })),
    ),
  );
  return result;
}

async function connectLockers(
  url: string,
  lockers: { chargeBoxId: string; stationId: string; shortNames: string[] }[],
  compartments: number,
): Promise<Compartment[]> {
  const result: Compartment[] = [];
  const sims = lockers.map(
    (locker, i) =>
      new SimulatedStation({
        url,
        chargeBoxId: locker.chargeBoxId,
        password: PASSWORD,
        version: i % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1',
        kind: 'locker',
        evses: EVSES,
        // No meter values during the measurement: only the starts are measured.
        meterIntervalMs: 3_600_000,
      }),
  );
  // One listener per compartment waits for its start command.
  for (const sim of sims) sim.setMaxListeners(EVSES + 10);
  await Promise.all(sims.map((sim) => sim.start()));
  // Round robin over the lockers: consecutive requests go to different stations, as people at
  // different lockers would send them (commands to one station are sent one at a time).
  for (let e = 0; e < EVSES; e++) {
    lockers.forEach((locker, i) =>
      result.push({
        station: sims[i]!,
        stationId: locker.stationId,
        evseId: e + 1,
        shortName: locker.shortNames[e]!,
      }),
    );
  }
  return result.slice(0, compartments);
}

/** The start command for a compartment, as the station saw it arrive. */
function startArrived(compartment: Compartment): Promise<number> {
  return new Promise((resolve) => {
    const listener = (command: { action: string; params: unknown }) => {
      const params = command.params as { connectorId?: number; evseId?: number };
      const isStart =
        command.action === 'RemoteStartTransaction' || command.action === 'RequestStartTransaction';
      if (!isStart || (params.connectorId ?? params.evseId) !== compartment.evseId) return;
      compartment.station.off('command', listener);
      resolve(performance.now());
    };
    compartment.station.on('command', listener);
  });
}

async function runPhase(
  compartments: Compartment[],
  rate: number,
  send: (compartment: Compartment, index: number) => Promise<Response>,
): Promise<{ latency: LatencySummary; failed: number; seconds: number }> {
  const histogram = createHistogram();
  let failed = 0;
  const began = performance.now();
  await Promise.all(
    compartments.map(async (compartment, index) => {
      if (rate > 0) {
        const due = began + (index * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const arrived = startArrived(compartment);
      const sentAt = performance.now();
      const response = await send(compartment, index);
      if (!response.ok) {
        failed += 1;
        return;
      }
      const at = await Promise.race([
        arrived,
        new Promise<undefined>((resolve) => setTimeout(resolve, 60_000, undefined)),
      ]);
      if (at === undefined) failed += 1;
      else record(histogram, Math.round((at - sentAt) * 1000));
    }),
  );
  return { latency: summarize(histogram), failed, seconds: (performance.now() - began) / 1000 };
}

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fachwerk-sms-bench-'));
  const database = await openDatabase({ url: options.databaseUrl, dataDir });
  await database.migrate();
  const base = loadConfig({ ...process.env, PORT: '0' });
  const config = {
    ...base,
    host: '127.0.0.1',
    logLevel: 'silent',
    sms: { ...base.sms, provider: 'log' as const, inboundTokens: new Map([['bench', INBOUND_TOKEN]]) },
  };
  const fachwerk = await createFachwerk({ config, database, log: pino({ level: 'silent' }) });
  const port = await fachwerk.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx = { actor: systemActor('sms bench'), now: () => new Date(), log: pino({ level: 'silent' }) };
  const sims: SimulatedStation[] = [];
  try {
    const db = fachwerk.services.deps.db;
    const [institution] = await db
      .insert(s.institutions)
      .values({ slug: 'sms-bench', name: 'SMS benchmark' })
      .returning({ id: s.institutions.id });
    const institutionId = institution!.id;
    await db.insert(s.smsNumbers).values({ institutionId, number: SERVICE_NUMBER });
    const [tariff] = await db
      .insert(s.tariffs)
      .values({ institutionId, name: 'Bench locker tariff', definition: DEMO.tariffs.locker.definition })
      .returning({ id: s.tariffs.id });
    await db
      .insert(s.tariffAssignments)
      .values({ institutionId, targetKind: 'institution', targetId: institutionId, tariffId: tariff!.id });
    const staff = await fachwerk.services.staff.createStaff(ctx, {
      email: 'bench-admin@example.test',
      name: 'Bench admin',
      role: 'institution_admin',
      institutionId,
      password: 'bench-admin-password-123',
    });
    const apiToken = await fachwerk.services.staff.createApiToken(
      { ...ctx, actor: { kind: 'staff', staffId: staff.id, role: 'institution_admin', institutionId } },
      'bench',
    );

    const passwordHash = await hashPassword(PASSWORD);
    const ocppUrl = `ws://127.0.0.1:${port}/ocpp`;
    const apiLockers = await seedLockers(fachwerk, institutionId, passwordHash, 'A', options.sessions);
    const smsLockers = await seedLockers(fachwerk, institutionId, passwordHash, 'S', options.sessions);
    const apiCompartments = await connectLockers(ocppUrl, apiLockers, options.sessions);
    const smsCompartments = await connectLockers(ocppUrl, smsLockers, options.sessions);
    sims.push(...new Set([...apiCompartments, ...smsCompartments].map((c) => c.station)));

    const baseline = await runPhase(apiCompartments, options.rate, (compartment, index) =>
      fetch(`${baseUrl}/api/v1/stations/${compartment.stationId}/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ command: 'startSession', evseId: compartment.evseId, idTag: `B${index}` }),
      }),
    );
    const sms = await runPhase(smsCompartments, options.rate, (compartment, index) =>
      fetch(`${baseUrl}/api/v1/sms/inbound`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INBOUND_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `bench-${index}`,
          from: `+49171${String(1_000_000 + index)}`,
          to: SERVICE_NUMBER,
          text: compartment.shortName.toLowerCase().replace('-', ' '),
        }),
      }),
    );
    const open = await fachwerk.services.deps.db.$count(s.smsSessions);
    const report = {
      database: database.kind,
      sessions: options.sessions,
      mode: options.rate === 0 ? 'burst' : `${options.rate}/s`,
      apiRemoteStart: baseline,
      smsToStartCommand: sms,
      smsSessions: open,
      ratioP50: Math.round((sms.latency.p50 / baseline.latency.p50) * 100) / 100,
      ratioP99: Math.round((sms.latency.p99 / baseline.latency.p99) * 100) / 100,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await Promise.all(sims.map((sim) => sim.stop()));
    await fachwerk.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
