/** `fachwerk migrate`, `fachwerk station add`, `fachwerk admin add`: one service call each. */
import { createServices, type Services } from '../app/services.js';
import { LiveEvents } from '../live/live-events.js';
import { systemActor, type Ctx, type StaffRole } from '../shared/context.js';
import { randomSecret } from '../shared/passwords.js';
import { openFromEnv } from './open.js';

async function withServices(work: (services: Services, ctx: Ctx) => Promise<void>): Promise<void> {
  const { config, database, log } = await openFromEnv();
  const now = () => new Date();
  const services = createServices({ config, db: database.db, log, live: new LiveEvents(), now });
  try {
    await work(services, { actor: systemActor('command line'), now, log });
  } finally {
    await database.close();
  }
}

export async function migrateCommand(): Promise<void> {
  await withServices(async () => {
    process.stdout.write('Database is up to date.\n');
  });
}

async function institutionIdFor(services: Services, ctx: Ctx, slug: string | undefined): Promise<string> {
  if (slug !== undefined) {
    const institution = await services.institutions.findBySlug(ctx, slug);
    if (institution === undefined) throw new Error(`No institution with slug "${slug}"`);
    return institution.id;
  }
  const all = await services.institutions.listInstitutions(ctx);
  if (all.length === 1) return all[0]!.id;
  if (all.length === 0) {
    const created = await services.institutions.createInstitution(ctx, {
      slug: 'default',
      name: 'Default institution',
    });
    process.stdout.write('Created institution "default".\n');
    return created.id;
  }
  throw new Error(`There are ${all.length} institutions; name one with --institution <slug>`);
}

export async function stationAddCommand(options: {
  chargeBoxId: string;
  password: string;
  chargePoints: number;
  institution?: string;
  kind: 'locker' | 'charge_point';
  prefix?: string;
}): Promise<void> {
  await withServices(async (services, ctx) => {
    const institutionId = await institutionIdFor(services, ctx, options.institution);
    const { station } = await services.stations.createStation(ctx, {
      institutionId,
      chargeBoxId: options.chargeBoxId,
      password: options.password,
      kind: options.kind,
      chargePoints: options.chargePoints,
      ...(options.prefix === undefined ? {} : { shortNamePrefix: options.prefix }),
    });
    process.stdout.write(
      `Station ${station.chargeBoxId} added with ${station.chargePoints.length} charge point(s): ` +
        `${station.chargePoints.map((c) => c.shortName).join(', ')}\n` +
        `It connects to ws://HOST:PORT/ocpp/${station.chargeBoxId} with HTTP Basic auth.\n`,
    );
  });
}

export async function adminAddCommand(options: {
  email: string;
  password?: string;
  role: StaffRole;
  institution?: string;
}): Promise<void> {
  await withServices(async (services, ctx) => {
    const password = options.password ?? randomSecret(15);
    const institutionId =
      options.role === 'platform_admin'
        ? undefined
        : await institutionIdFor(services, ctx, options.institution);
    const row = await services.staff.createStaff(ctx, {
      email: options.email,
      role: options.role,
      password,
      ...(institutionId === undefined ? {} : { institutionId }),
    });
    process.stdout.write(`Staff account ${row.email} (${row.role}) created.\n`);
    if (options.password === undefined) process.stdout.write(`Its password: ${password}\n`);
  });
}
