/**
 * Identity in the portal end to end, with a real SMTP server on loopback: a forgotten password is
 * reset through the e-mailed link; a technician enrols an authenticator app and logs in with its
 * code; a platform admin who must have a second factor is held on "My account" until it is set up;
 * staff accounts and the mail log. axe checks every page, with errors and dialogs showing.
 */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackSmtp, type LoopbackSmtp, type ReceivedMail } from '../support/smtp.js';
import { accessibilityViolations, logIn, startPortalWorld, type PortalWorld } from '../support/portal.js';

let world: PortalWorld;
let smtp: LoopbackSmtp;

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  world = await startPortalWorld({
    mail: { smtpUrl: smtp.url, from: 'Fachwerk <noreply@fachwerk.test>' },
    totpRequiredForPlatformAdmins: true,
  });
});

afterAll(async () => {
  await world?.close();
  await smtp?.stop();
});

const codeAt = (secret: string, ms: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: ms });

async function mailTo(email: string, count = 1): Promise<ReceivedMail> {
  await expect
    .poll(() => smtp.received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 })
    .toBe(count);
  return smtp.received.filter((m) => m.to.includes(email))[count - 1]!;
}

async function apiLogin(email: string, password: string): Promise<number> {
  const response = await fetch(`${world.server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

const h1 = (page: Page) => page.locator('main h1').first().textContent();

/** On "My account": set up the app, confirm with its code; returns the secret. */
async function enrolTotp(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Einrichten' }).click();
  const qr = page.getByRole('img', {
    name: 'QR-Code für die Authenticator-App mit dem Schlüssel für Ihr Konto',
  });
  await qr.waitFor();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  const secret = ((await page.locator('.totp-secret').textContent()) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  return secret;
}

describe('a forgotten password', { timeout: 90_000 }, () => {
  const who = () => world.people.accountant;
  let link = '';

  it('is asked for on the portal, and the answer says nothing about the account', async () => {
    const page = await world.anonymousPage();
    await page.goto(world.server.baseUrl);
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await expect.poll(() => h1(page)).toBe('Passwort vergessen');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('E-Mail').fill(who().email);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Wenn zu dieser Adresse ein Konto gehört' });
    await notice.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // An unknown address gets the same page and no mail.
    const other = await world.anonymousPage();
    await other.goto(`${world.server.baseUrl}/password-reset`);
    await other.getByLabel('E-Mail').fill('nobody-at-all@example.test');
    await other.getByRole('button', { name: 'Link anfordern' }).click();
    await other.getByRole('status').filter({ hasText: 'Wenn zu dieser Adresse ein Konto gehört' }).waitFor();
    await page.context().close();
    await other.context().close();
  });

  it('arrives by e-mail at the SMTP server with a one-time link', async () => {
    const mail = await mailTo(who().email);
    expect(mail.subject).toBe('Passwort zurücksetzen');
    expect(mail.from).toBe('noreply@fachwerk.test');
    const match = /(\S+\/set-password\/[A-Za-z0-9_-]+)/.exec(mail.text);
    expect(match).not.toBeNull();
    link = match![1]!;
    expect(link.startsWith(`${world.server.config.publicUrl}/set-password/`)).toBe(true);
    expect(smtp.received.some((m) => m.to.includes('nobody-at-all@example.test'))).toBe(false);
  });

  it('sets a new password through the link, with clear errors on the way', async () => {
    const page = await world.anonymousPage();
    await page.goto(`${world.server.baseUrl}${new URL(link).pathname}`);
    await expect.poll(() => h1(page)).toBe('Neues Passwort festlegen');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
    await page.getByLabel('Neues Passwort wiederholen').fill('anders');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Das Passwort braucht mindestens 12 Zeichen.').waitFor();
    await page.getByText('Die beiden Eingaben stimmen nicht überein.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Neues Passwort', { exact: true }).fill('mein-neues-passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('mein-neues-passwort');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Ihr neues Passwort ist gesetzt.').waitFor();
    expect(await page.getByLabel('E-Mail').inputValue()).toBe(who().email);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Passwort', { exact: true }).fill('mein-neues-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    expect(await apiLogin(who().email, who().password)).toBe(401);
    expect(await apiLogin(who().email, 'mein-neues-passwort')).toBe(200);
    await page.context().close();
  });

  it('refuses the used link and an unknown one, and offers a new one', async () => {
    const page = await world.anonymousPage();
    await page.goto(`${world.server.baseUrl}${new URL(link).pathname}`);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('noch-ein-passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('noch-ein-passwort');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Dieser Link wurde schon benutzt.').waitFor();
    expect(await page.getByRole('link', { name: 'Neuen Link anfordern' }).getAttribute('href')).toBe(
      '/password-reset',
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${world.server.baseUrl}/set-password/not-a-real-token-at-all`);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('noch-ein-passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('noch-ein-passwort');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Dieser Link ist ungültig.').waitFor();
    expect(await apiLogin(who().email, 'mein-neues-passwort')).toBe(200);
    await page.context().close();
  });
});

describe('a second factor', { timeout: 90_000 }, () => {
  it('is set up on "My account" with the QR code and a code from the app', async () => {
    const person = world.people.technician;
    const page = await world.pageAs('technician');
    // The account link in the header carries the person's name.
    await page.getByRole('banner').getByRole('link', { name: 'service_technician', exact: true }).click();
    await expect.poll(() => h1(page)).toBe('Mein Konto');
    expect(await page.getByText(person.email).count()).toBeGreaterThan(0);
    expect(await page.getByText('Servicetechniker').count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    const secret = await enrolTotp(page);
    await page.getByLabel('Sechsstelliger Code aus der App').fill('12345');
    await page.getByRole('button', { name: 'Bestätigen und einschalten' }).click();
    await page.getByText('Der Code hat sechs Ziffern.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Sechsstelliger Code aus der App').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Bestätigen und einschalten' }).click();
    await page.getByText('Der zweite Faktor ist eingeschaltet.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The dialog that turns it off asks for the password; axe checks it open, Escape leaves it.
    await page.getByRole('button', { name: 'Ausschalten' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Passwort').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Log out; the log-in now asks for the code after the password.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByLabel('E-Mail').fill(person.email);
    await page.getByLabel('Passwort', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const code = page.getByLabel('Code aus der Authenticator-App');
    await code.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await code.fill('000000' === codeAt(secret, Date.now() + 30_000) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong or already used code' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // The enrolment spent this step's code; the next step's code is within the window.
    await code.fill(codeAt(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    await page.context().close();
  });

  it('holds a platform admin on "My account" until one is set up, then opens the mail log', async () => {
    const page = await world.pageAs('platformAdmin');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    await page.getByText('Bevor Sie weiterarbeiten können').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${world.server.baseUrl}/emails`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');

    const secret = await enrolTotp(page);
    await page.getByLabel('Sechsstelliger Code aus der App').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Bestätigen und einschalten' }).click();
    await page.getByText('Der zweite Faktor ist eingeschaltet.').waitFor();
    expect(await page.getByText('Bevor Sie weiterarbeiten können').count()).toBe(0);

    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'E-Mails' })
      .click();
    await expect.poll(() => h1(page)).toBe('E-Mail-Protokoll');
    const row = page.getByRole('row').filter({ hasText: world.people.accountant.email });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('Versandt');
    // The sent mail's link is masked for operators.
    await row.first().locator('summary').click();
    expect(await row.first().locator('pre').textContent()).toContain('/set-password/…');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('staff accounts', { timeout: 90_000 }, () => {
  it('are listed, created, changed and blocked by the institution admin', async () => {
    const page = await world.pageAs('admin');
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Mitarbeitende' })
      .click();
    await expect.poll(() => h1(page)).toBe('Mitarbeitende');
    await page.getByRole('row').filter({ hasText: world.people.accountant.email }).waitFor();
    expect(
      await page.getByRole('row').filter({ hasText: world.people.technician.email }).textContent(),
    ).toContain('Eingeschaltet');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('E-Mail').fill('neu.techniker@example.test');
    await dialog.getByLabel('Erstes Passwort').fill('zu-kurz');
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await dialog.getByText('Das Passwort braucht mindestens 12 Zeichen.').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('Name').fill('Nele Neu');
    await dialog.getByLabel('Rolle').selectOption('accountant');
    await dialog.getByLabel('Erstes Passwort').fill('ein-erstes-passwort');
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'neu.techniker@example.test' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Buchhaltung');
    expect(await apiLogin('neu.techniker@example.test', 'ein-erstes-passwort')).toBe(200);

    await row.getByRole('button', { name: 'Rolle ändern' }).click();
    await page.getByRole('dialog').getByLabel('Rolle').selectOption('service_technician');
    await page.getByRole('dialog').getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => row.textContent()).toContain('Servicetechniker');

    await row.getByRole('button', { name: 'Sperren' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Sperren' }).click();
    await expect.poll(() => row.textContent()).toContain('Gesperrt');
    expect(await apiLogin('neu.techniker@example.test', 'ein-erstes-passwort')).toBe(401);
    await page.context().close();
  });

  it('opens no mail log for an institution admin', async () => {
    const page = await world.anonymousPage();
    await logIn(page, world.server.baseUrl, world.people.admin);
    await page.goto(`${world.server.baseUrl}/emails`);
    await page.getByText('Dafür fehlt Ihrer Rolle die Berechtigung.').waitFor();
    await page.context().close();
  });
});
