/** `fachwerk serve`: migrate, make sure a platform admin exists, listen; with --demo also seed and simulate. */
import { createFachwerk } from '../app/fachwerk.js';
import { DEMO } from '../demo/demo-data.js';
import { readDemoCredentials, seedDemo } from '../demo/seed-demo.js';
import { SmsPeople } from '../demo/sms-people.js';
import { randomSecret } from '../shared/passwords.js';
import { runSimulation, type Simulation } from '../simulator/fleet.js';
import { openFromEnv } from './open.js';

export async function serve(options: { demo: boolean }): Promise<void> {
  const opened = await openFromEnv();
  const { database, log } = opened;
  let config = opened.config;
  // The demo's SMS webhook takes a provider `demo` with a token of its own (kept in demo.json),
  // unless SMS_INBOUND_TOKENS names the providers.
  let smsInboundToken: string | undefined;
  if (options.demo && config.sms.inboundTokens.size === 0) {
    smsInboundToken = (await readDemoCredentials(config.dataDir))?.smsInboundToken ?? randomSecret(24);
    config = { ...config, sms: { ...config.sms, inboundTokens: new Map([['demo', smsInboundToken]]) } };
  }
  // Credit notes need the platform's address; the demo uses a fictitious one unless PLATFORM_* is set.
  if (options.demo && config.platform.street === undefined) {
    config = { ...config, platform: { ...config.platform, ...DEMO.platform } };
  }
  const fachwerk = await createFachwerk({ config, database, log });
  const { staff } = fachwerk.services;

  if (config.adminEmail !== undefined && config.adminPassword !== undefined) {
    const { created } = await staff.ensurePlatformAdmin(config.adminEmail, config.adminPassword);
    if (created) log.info({ email: config.adminEmail }, 'platform admin created from ADMIN_EMAIL');
  } else {
    const generated = await staff.ensureAnyPlatformAdmin(config.adminEmail);
    if (generated.created) {
      // Shown once, on stdout only: the password is not logged and not stored anywhere in plain text.
      process.stdout.write(
        `\nFirst start: platform admin ${generated.email} with password ${generated.password}\n` +
          'Write it down now; it is not shown again. (Set ADMIN_EMAIL and ADMIN_PASSWORD to choose it.)\n\n',
      );
    }
  }

  const demo = options.demo
    ? await seedDemo(
        fachwerk.services,
        config.dataDir,
        smsInboundToken === undefined ? {} : { smsInboundToken },
      )
    : undefined;
  const port = await fachwerk.listen();
  const base = `http://localhost:${port}`;
  log.info({ port, database: database.kind, nodeId: config.nodeId }, 'Fachwerk is listening');

  let simulation: Simulation | undefined;
  let smsPeople: SmsPeople | undefined;
  if (demo !== undefined) {
    const scheme = config.tlsCertFile === undefined ? 'ws' : 'wss';
    simulation = runSimulation({
      url: `${scheme}://127.0.0.1:${port}/ocpp`,
      stations: demo.credentials.stations,
      autoCharge: true,
      log: log.child({ component: 'simulator' }),
    });
    const locker = DEMO.stations.find((station) => station.kind === 'locker')!;
    const lockerSim = simulation.station(locker.chargeBoxId);
    if (lockerSim !== undefined) {
      smsPeople = new SmsPeople(fachwerk.services, lockerSim, {
        serviceNumber: DEMO.sms.number,
        shortNames: locker.shortNames,
        phones: DEMO.sms.phones,
        keepLoaded: locker.shortNames.length,
      });
      smsPeople.start();
    }
    const token = smsInboundToken ?? '<a token from SMS_INBOUND_TOKENS>';
    process.stdout.write(
      [
        '',
        `Fachwerk demo is running at ${base}`,
        `  API docs:  ${base}/api/docs`,
        `  Stations:  ${demo.credentials.stations.map((s) => s.chargeBoxId).join(', ')} (simulated, live)`,
        `  Log-ins (the portal at ${base}/, or POST /api/v1/auth/login):`,
        ...demo.credentials.staff.map((s) => `    ${s.role.padEnd(20)} ${s.email}  ${s.password}`),
        ...(demo.credentials.drivers ?? []).map((d) => `    ${d.role.padEnd(20)} ${d.email}  ${d.password}`),
        `  (also in ${config.dataDir}/demo.json)`,
        `  Charge by SMS: ${locker.shortNames.at(-1)} always has a battery inside; text its name to ${DEMO.sms.number}`,
        '    (twice to end it); the answers are in GET /api/v1/sms/messages:',
        `    curl -H 'authorization: Bearer ${token}' -H 'content-type: application/json' ${base}/api/v1/sms/inbound \\`,
        `      -d '{"id":"try-1","from":"+4915112345678","to":"${DEMO.sms.number}","text":"${locker.shortNames.at(-1)}"}'`,
        '',
      ].join('\n') + '\n',
    );
  }

  const shutdown = async (signal: string): Promise<void> => {
    log.info({ signal }, 'shutting down');
    await smsPeople?.stop();
    await simulation?.stop();
    await fachwerk.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
