import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { loginClient } from '../http/api-client.js';
import { makeCompanyMember } from '../support/payers.js';
import { accessibilityViolations, startPortalWorld, type PortalWorld } from '../support/portal.js';

let world: PortalWorld;
const db = () => world.server.database.db;
/** Euro amounts as the German portal shows them ("20,00 €" with a no-break space). */
const euro = (text: string) => new RegExp(text.replace(/\s/g, '\\s'));

beforeAll(async () => {
  world = await startPortalWorld();
  // Receipts need the issuer's details (§14 UStG): the institution's billing profile.
  const admin = await loginClient(
    world.server.baseUrl,
    world.people.admin.email,
    world.people.admin.password,
  );
  const profile = await admin.put(`/api/v1/institutions/${world.locker.institutionId}/billing-profile`, {
    legalName: 'Stadtwerke Musterstadt GmbH',
    street: 'Hauptstraße 1',
    postalCode: '12345',
    city: 'Musterstadt',
    vatId: 'DE123456789',
  });
  expect(profile.status).toBe(200);
});

afterAll(async () => {
  await world?.close();
});

async function expectClean(page: Page) {
  expect(await accessibilityViolations(page)).toEqual([]);
}

async function h1(page: Page) {
  return page.getByRole('heading', { level: 1 }).textContent();
}

describe('users, cards and money for an institution admin', () => {
  let page: Page;
  let userId: string;
  const email = `anna.${Date.now()}@example.test`;
  const uid = `04:a1:b2:${String(Date.now() % 100).padStart(2, '0')}:c3:d4:e5`;

  it('lists and searches users', async () => {
    page = await world.pageAs('admin');
    await page.getByRole('link', { name: 'Nutzer', exact: true }).click();
    await expect.poll(() => h1(page)).toBe('Nutzer');
    await expect.poll(() => page.getByRole('link', { name: 'Dora Driver' }).count()).toBe(1);
    await page.getByLabel('Suche', { exact: true }).fill('Carla');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Dora Driver' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: 'Carla Company' }).count()).toBe(1);
    await expectClean(page);
  });

  it('creates a user with an e-mail address and their own prepaid account', async () => {
    const [prepaid] = await db()
      .select()
      .from(s.accountingStrategies)
      .where(
        and(
          eq(s.accountingStrategies.institutionId, world.locker.institutionId),
          eq(s.accountingStrategies.kind, 'prepaid'),
        ),
      );
    await page.getByRole('button', { name: 'Nutzer anlegen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectClean(page);
    // Without a name the API refuses, and the dialog says why.
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/Fehler/);
    await expectClean(page);
    await dialog.getByLabel('Name').fill('Anna Ampere');
    await dialog.getByLabel('E-Mail').fill(email);
    await dialog.getByLabel('Ort').fill('Musterstadt');
    await dialog.getByLabel('Abrechnungsstrategie').selectOption(prepaid!.id);
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await expect.poll(() => h1(page)).toBe('Anna Ampere');
    userId = new URL(page.url()).pathname.split('/').pop()!;
    const [row] = await db().select().from(s.users).where(eq(s.users.id, userId));
    expect(row).toMatchObject({ email, city: 'Musterstadt', companyAdmin: false });
    expect(row!.accountId).not.toBeNull();
    await expect.poll(() => page.getByText('Nein', { exact: true }).count()).toBeGreaterThan(0); // no portal log-in yet
    await expectClean(page);
  });

  it('adds an RFID card, normalised as the stations send it', async () => {
    await page.getByRole('button', { name: 'Karte hinzufügen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('UID').fill(uid);
    await dialog.getByLabel('Bezeichnung').fill('Annas Karte');
    await dialog.getByLabel('Gültig bis einschließlich').fill('2030-12-31');
    await expectClean(page);
    await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
    const value = uid.replace(/:/g, '').toUpperCase();
    await expect.poll(() => page.getByRole('rowheader', { name: value }).count()).toBe(1);
    const [card] = await db().select().from(s.authTokens).where(eq(s.authTokens.value, value));
    expect(card).toMatchObject({ userId, label: 'Annas Karte', status: 'accepted' });
    // Valid through 31.12.2030 in Berlin: expires at midnight CET.
    expect(card!.expiresAt?.toISOString()).toBe('2030-12-31T23:00:00.000Z');
  });

  it('refuses a top-up that is not an amount, then tops up 20,00 € exactly, with a receipt', async () => {
    await expect.poll(() => page.getByTestId('balance').textContent()).toMatch(euro('0,00 €'));
    await page.getByRole('button', { name: 'Aufladen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Betrag in Euro').fill('zwanzig');
    await dialog.getByRole('button', { name: 'Aufladen' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('Bitte einen Betrag wie 20,00');
    await expectClean(page);
    await dialog.getByLabel('Betrag in Euro').fill('20,00');
    await dialog.getByLabel('Notiz (optional)').fill('Bar an der Kasse');
    await dialog.getByRole('button', { name: 'Aufladen' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('balance').textContent()).toMatch(euro('20,00 €'));
    const ledger = page.getByRole('region', { name: 'Buchungen, neueste zuerst' });
    const row = ledger.getByRole('row').filter({ hasText: 'Aufladung' });
    await expect.poll(() => row.textContent()).toMatch(euro('Bar an der Kasse20,00 €20,00 €'));
    await expect
      .poll(() => page.getByRole('link', { name: /Quittung QU-\d{4}-\d{6} \(PDF\)/ }).count())
      .toBe(1);
    const [user] = await db().select().from(s.users).where(eq(s.users.id, userId));
    const entries = await db()
      .select()
      .from(s.ledgerEntries)
      .where(eq(s.ledgerEntries.accountId, user!.accountId!));
    expect(entries.map((e) => [e.kind, e.amountCents])).toEqual([['topup', 2000]]);
    await expectClean(page);
  });

  it('answers the card check: the card may charge now', async () => {
    await page.getByRole('link', { name: 'Ladekarten' }).click();
    await expect.poll(() => h1(page)).toBe('Ladekarten');
    await page.getByLabel('Suche', { exact: true }).fill('Annas');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await expect.poll(() => page.getByRole('link', { name: 'Anna Ampere' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Prüfen' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Angenommen');
    expect(await dialog.textContent()).toContain('Die Karte ist freigegeben und der Zahler kann zahlen.');
    await expectClean(page);
    await dialog.getByRole('button', { name: 'Schließen' }).click();
    await page.getByRole('button', { name: 'Neu zuordnen' }).click();
    const reassign = page.getByRole('dialog');
    await expect.poll(() => reassign.getByLabel('Nutzer', { exact: true }).count()).toBe(1);
    await expectClean(page);
    await reassign.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expectClean(page);
  });

  it('sends the portal invitation to the user', async () => {
    await page.goto(`${world.server.baseUrl}/users/${userId}`);
    await page.getByRole('button', { name: 'Zum Portal einladen' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Einladung an' }).textContent())
      .toContain(`Einladung an ${email} gesendet.`);
    const mails = await db().select().from(s.emails).where(eq(s.emails.to, email));
    expect(mails).toHaveLength(1);
    await expectClean(page);
    // Blocking asks first, and Cancel blocks nothing.
    await page.getByRole('button', { name: 'Sperren' }).first().click();
    const confirm = page.getByRole('alertdialog');
    await expect.poll(() => confirm.getByRole('heading').textContent()).toBe('Anna Ampere sperren?');
    await expectClean(page);
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    expect((await db().select().from(s.users).where(eq(s.users.id, userId)))[0]!.status).toBe('active');
  });

  it('marks a company member as company admin (audited)', async () => {
    const member = await makeCompanyMember(db(), world.locker.institutionId, world.companyId);
    await page.goto(`${world.server.baseUrl}/companies/${world.companyId}`);
    await expect.poll(() => page.getByRole('link', { name: member.name }).count()).toBe(1);
    await expectClean(page);
    await page.getByRole('link', { name: member.name }).click();
    await expect.poll(() => h1(page)).toBe(member.name);
    const box = page.getByLabel('Ist Firmen-Admin');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await expect
      .poll(async () => (await db().select().from(s.users).where(eq(s.users.id, member.id)))[0]!.companyAdmin)
      .toBe(true);
    const audit = await db()
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.target, `user:${member.id}`));
    expect(audit.map((a) => [a.action, a.details])).toEqual([['user.updated', { companyAdmin: true }]]);
    await expectClean(page);
  });

  it('shows groups, companies, accounts and an account with its ledger', async () => {
    for (const [link, title] of [
      ['Nutzergruppen', 'Nutzergruppen'],
      ['Firmen', 'Firmen'],
      ['Kundenkonten', 'Kundenkonten'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await expect.poll(() => h1(page)).toBe(title);
      await expectClean(page);
    }
    await page.getByLabel('Suche', { exact: true }).fill('Anna');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('row').nth(1).getByRole('link').first().click();
    await expect.poll(() => h1(page)).toMatch(/^Kundenkonto K-\d+$/);
    await expect.poll(() => page.getByTestId('balance').textContent()).toMatch(euro('20,00 €'));
    await expectClean(page);
  });

  it('shows a missing user as not found, with a way back', async () => {
    await page.goto(`${world.server.baseUrl}/users/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => h1(page)).toBe('Nutzer nicht gefunden');
    expect(await page.getByRole('link', { name: 'Zurück zu den Nutzern' }).count()).toBe(1);
    await expectClean(page);
  });

  it('checks a broken CSV row by row and imports nothing', async () => {
    const before = await db()
      .select()
      .from(s.users)
      .where(eq(s.users.institutionId, world.locker.institutionId));
    await page.goto(`${world.server.baseUrl}/users`);
    await page.getByRole('link', { name: 'CSV importieren' }).click();
    await expect.poll(() => h1(page)).toBe('Nutzer importieren');
    await expectClean(page);
    const csv = [
      'name,email,card_uid',
      'Ida Import,ida@example.test,04A1B2C3',
      ',nobody@example.test,',
      'Udo Unsinn,not-an-address,ZZ',
    ].join('\n');
    await page
      .getByLabel('CSV-Datei')
      .setInputFiles({ name: 'nutzer.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Prüfen (Probelauf)' }).click();
    const problems = page.getByRole('region', { name: 'Fehler je Zeile' });
    await expect.poll(() => problems.getByRole('row').count()).toBe(3); // header + lines 3 and 4
    expect(await problems.getByRole('rowheader').allTextContents()).toEqual(['3', '4']);
    expect(await problems.getByRole('row').nth(2).textContent()).toContain('email');
    expect(await page.getByRole('button', { name: 'Importieren' }).isDisabled()).toBe(true);
    await expectClean(page);
    const after = await db()
      .select()
      .from(s.users)
      .where(eq(s.users.institutionId, world.locker.institutionId));
    expect(after).toHaveLength(before.length);
  });
});

describe('a service technician', () => {
  it('sees a user and their cards read-only, and no money', async () => {
    const page = await world.pageAs('technician');
    await page.goto(`${world.server.baseUrl}/users/${world.people.driver.id}`);
    await expect.poll(() => h1(page)).toBe('Dora Driver');
    await expect.poll(() => page.getByRole('rowheader', { name: world.driverCardValue }).count()).toBe(1);
    for (const name of [
      'Bearbeiten',
      'Sperren',
      'Löschen',
      'Aufladen',
      'Karte hinzufügen',
      'Neu zuordnen',
      'Zum Portal einladen',
    ])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByRole('heading', { name: 'Kundenkonto' }).count()).toBe(0);
    expect(await page.getByText('€').count()).toBe(0);
    // The card check is for technicians too: it says why, without amounts.
    expect(await page.getByRole('button', { name: 'Prüfen' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Kundenkonten' }).count()).toBe(0);
    await expectClean(page);
    await page.goto(`${world.server.baseUrl}/accounts`);
    await expect.poll(() => h1(page)).toBe('Dafür fehlt Ihrer Rolle die Berechtigung.');
    await page.goto(`${world.server.baseUrl}/cards`);
    await expect.poll(() => h1(page)).toBe('Ladekarten');
    expect(await page.getByRole('button', { name: 'Sperren' }).count()).toBe(0);
    await expectClean(page);
  });
});

describe('an accountant', () => {
  it('tops up a prepaid account but changes no user', async () => {
    const page = await world.pageAs('accountant');
    await page.goto(`${world.server.baseUrl}/users/${world.people.driver.id}`);
    await expect.poll(() => h1(page)).toBe('Dora Driver');
    expect(await page.getByRole('button', { name: 'Bearbeiten' }).count()).toBe(0);
    const balance = page.getByTestId('balance');
    await expect.poll(() => balance.textContent()).toMatch(euro('20,00 €'));
    await page.getByRole('button', { name: 'Aufladen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Betrag in Euro').fill('5,50');
    await dialog.getByRole('button', { name: 'Aufladen' }).click();
    await expect.poll(() => balance.textContent()).toMatch(euro('25,50 €'));
    await expectClean(page);
  });
});
