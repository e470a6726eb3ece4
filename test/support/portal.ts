/**
 * The portal end to end: a whole Fachwerk serving the portal built for this test run (see
 * portal-build.ts), an institution with a simulated SMS/RFID locker (P20-01 ... P20-04, 0,50 € per
 * started 30 minutes), a person of every role, a second institution whose data nobody here may
 * see, and Debian's Chromium. `pageAs(who)` logs in through the log-in form like a person would.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import type { Config } from '../../src/config/config.js';
import * as s from '../../src/db/schema.js';
import { hashPassword } from '../../src/shared/passwords.js';
import { makeLocker, startSmsServer, type Locker } from '../integration/sms-flow.support.js';
import { launchBrowser } from './browser.js';
import { makeInstitution, makeStaff, makeStation } from './factories.js';
import { makeAccount, makeCompany } from './payers.js';
import type { TestServer } from './server.js';

export type Who = 'platformAdmin' | 'admin' | 'technician' | 'accountant' | 'driver' | 'companyAdmin';

export interface Person {
  email: string;
  password: string;
  /** staff id or user id */
  id: string;
}

export interface PortalWorld {
  server: TestServer;
  browser: Browser;
  locker: Locker;
  people: Record<Who, Person>;
  /** The driver's RFID card (prepaid, 20 € balance) and the company admin's company. */
  driverCardId: string;
  driverCardValue: string;
  companyId: string;
  /** Another institution with its own station: nobody in `people` may see it. */
  otherInstitutionId: string;
  otherStationChargeBoxId: string;
  /** A fresh browser context and page, logged in as `who` through the log-in form. */
  pageAs(who: Who): Promise<Page>;
  /** A fresh logged-out page. */
  anonymousPage(): Promise<Page>;
  close(): Promise<void>;
}

const PORTAL_PASSWORD = 'portal-password-123';

async function portalDriver(
  world: { server: TestServer },
  institutionId: string,
  values: Partial<typeof s.users.$inferInsert>,
): Promise<Person> {
  const db = world.server.database.db;
  const email =
    `${(values.name ?? 'driver').replace(/\s+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.test`.toLowerCase();
  const [user] = await db
    .insert(s.users)
    .values({
      institutionId,
      name: 'Driver',
      ...values,
      email,
      passwordHash: await hashPassword(PORTAL_PASSWORD),
    })
    .returning();
  return { email, password: PORTAL_PASSWORD, id: user!.id };
}

export async function startPortalWorld(overrides: Partial<Config> = {}): Promise<PortalWorld> {
  const server = await startSmsServer({}, { portalDir: inject('portalDir'), ...overrides });
  const db = server.database.db;
  const locker = await makeLocker(server);
  const institutionId = locker.institutionId;
  const staff = async (
    role: Parameters<typeof makeStaff>[1],
    institution: string | null,
  ): Promise<Person> => {
    const made = await makeStaff(db, role, institution);
    return { email: made.email, password: made.password, id: made.staff.id };
  };

  const prepaid = await makeAccount(db, institutionId, { kind: 'prepaid', balanceCents: 2000 });
  const driver = await portalDriver({ server }, institutionId, {
    name: 'Dora Driver',
    accountId: prepaid.account.id,
  });
  const driverCardValue = `CARD${Math.floor(Math.random() * 1e8)}`;
  const [card] = await db
    .insert(s.authTokens)
    .values({ institutionId, value: driverCardValue, userId: driver.id, label: 'Dora' })
    .returning();

  const { company } = await makeCompany(db, institutionId, { kind: 'postpaid' });
  const companyAdmin = await portalDriver({ server }, institutionId, {
    name: 'Carla Company',
    companyId: company.id,
    companyAdmin: true,
  });

  const other = await makeInstitution(db);
  const otherStation = await makeStation(db, {
    institutionId: other.id,
    kind: 'locker',
    evses: 2,
    shortNamePrefix: 'X9',
  });

  const people: Record<Who, Person> = {
    platformAdmin: await staff('platform_admin', null),
    admin: await staff('institution_admin', institutionId),
    technician: await staff('service_technician', institutionId),
    accountant: await staff('accountant', institutionId),
    driver,
    companyAdmin,
  };

  const browser = await launchBrowser();
  const anonymousPage = async () => {
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    return context.newPage();
  };
  return {
    server,
    browser,
    locker,
    people,
    driverCardId: card!.id,
    driverCardValue,
    companyId: company.id,
    otherInstitutionId: other.id,
    otherStationChargeBoxId: otherStation.station.chargeBoxId,
    anonymousPage,
    async pageAs(who) {
      const page = await anonymousPage();
      await logIn(page, server.baseUrl, people[who]);
      return page;
    },
    async close() {
      await browser.close();
      await locker.sim?.stop();
      await server.close();
    },
  };
}

/** Logs in through the form (German labels) and waits until the shell is there. */
export async function logIn(page: Page, baseUrl: string, person: Person): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('E-Mail').fill(person.email);
  await page.getByLabel('Passwort', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
}

/** axe's violations on the page as it is now, as short readable lines (empty when clean). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
