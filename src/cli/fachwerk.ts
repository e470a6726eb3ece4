/**
 * The `fachwerk` command line. Each command parses its options and calls one function; the work is
 * done in the contexts (app/start.ts, simulator/, bench/ ...), never here.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function buildCli(): Command {
  const program = new Command('fachwerk')
    .description('Fachwerk: charging-station management for lockers and charge points (OCPP 1.6J and 2.0.1)')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server (HTTP API, portal and OCPP on PORT); migrations run at start')
    .option('--demo', 'seed demo data on an empty database and keep its stations alive with the simulator')
    .action(async (options: { demo?: boolean }) => {
      const { serve } = await import('./serve.js');
      await serve({ demo: options.demo === true });
    });

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const { migrateCommand } = await import('./admin-commands.js');
      await migrateCommand();
    });

  const station = program.command('station').description('manage stations');
  station
    .command('add <chargeBoxId>')
    .description('register a station so it can connect at /ocpp/<chargeBoxId> with HTTP Basic auth')
    .requiredOption(
      '--password <password>',
      'the station password (16 to 40 characters, OCPP security profile 1)',
    )
    .option('--charge-points <n>', 'number of connectors / EVSEs / compartments', positiveInt, 1)
    .option('--institution <slug>', 'institution slug (default: the only institution)')
    .addOption(
      new Option('--kind <kind>', 'station kind').choices(['locker', 'charge_point']).default('charge_point'),
    )
    .option('--prefix <prefix>', 'short-name prefix for the charge points, e.g. P20 gives P20-01 ...')
    .action(async (chargeBoxId: string, options) => {
      const { stationAddCommand } = await import('./admin-commands.js');
      await stationAddCommand({ chargeBoxId, ...options });
    });

  const admin = program.command('admin').description('manage staff accounts');
  admin
    .command('add')
    .description('create a staff account (default: a platform admin)')
    .requiredOption('--email <email>', 'log-in email')
    .option('--password <password>', 'password (generated and printed once when omitted)')
    .addOption(
      new Option('--role <role>', 'role')
        .choices(['platform_admin', 'institution_admin', 'service_technician', 'accountant'])
        .default('platform_admin'),
    )
    .option('--institution <slug>', 'institution slug (required for roles other than platform_admin)')
    .action(async (options) => {
      const { adminAddCommand } = await import('./admin-commands.js');
      await adminAddCommand(options);
    });

  program
    .command('simulate')
    .description('run simulated stations (a locker and a charge point) against a Fachwerk server over OCPP')
    .option('--url <url>', 'OCPP endpoint', `ws://127.0.0.1:${process.env.PORT ?? 8080}/ocpp`)
    .option(
      '--station <spec...>',
      'chargeBoxId:password[:ocpp1.6|ocpp2.0.1[:locker|charge_point[:evses]]], repeatable; default: the demo stations',
    )
    .option('--auto-charge', 'let the simulated compartments charge by themselves now and then')
    .action(async (options: { url: string; station?: string[]; autoCharge?: boolean }) => {
      const { simulateFromCli } = await import('./simulate.js');
      await simulateFromCli(options);
    });

  program
    .command('bench')
    .description('OCPP load benchmark against Fachwerk (embedded and PostgreSQL) and a bare ocpp-rpc server')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]', 'benchmark options, see docs/benchmarks.md (e.g. --stations 10000 --quick)')
    .action(async (args: string[]) => {
      const { benchFromCli } = await import('../bench/main.js');
      await benchFromCli(args);
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
