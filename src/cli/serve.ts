/** `fachwerk serve`: migrate, make sure a platform admin exists, listen; with --demo also seed and simulate. */
import { createFachwerk } from '../app/fachwerk.js';
import { seedDemo } from '../demo/seed-demo.js';
import { runSimulation, type Simulation } from '../simulator/fleet.js';
import { openFromEnv } from './open.js';

export async function serve(options: { demo: boolean }): Promise<void> {
  const { config, database, log } = await openFromEnv();
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

  const demo = options.demo ? await seedDemo(fachwerk.services, config.dataDir) : undefined;
  const port = await fachwerk.listen();
  const base = `http://localhost:${port}`;
  log.info({ port, database: database.kind, nodeId: config.nodeId }, 'Fachwerk is listening');

  let simulation: Simulation | undefined;
  if (demo !== undefined) {
    const scheme = config.tlsCertFile === undefined ? 'ws' : 'wss';
    simulation = runSimulation({
      url: `${scheme}://127.0.0.1:${port}/ocpp`,
      stations: demo.credentials.stations,
      autoCharge: true,
      log: log.child({ component: 'simulator' }),
    });
    process.stdout.write(
      [
        '',
        `Fachwerk demo is running at ${base}`,
        `  API docs:  ${base}/api/docs`,
        `  Stations:  ${demo.credentials.stations.map((s) => s.chargeBoxId).join(', ')} (simulated, live)`,
        '  Log-ins (POST /api/v1/auth/login):',
        ...demo.credentials.staff.map((s) => `    ${s.role.padEnd(20)} ${s.email}  ${s.password}`),
        `  (also in ${config.dataDir}/demo.json)`,
        '',
      ].join('\n') + '\n',
    );
  }

  const shutdown = async (signal: string): Promise<void> => {
    log.info({ signal }, 'shutting down');
    await simulation?.stop();
    await fachwerk.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
