/**
 * The public pages over real HTTP, with SMS sessions, sessions and charge records inserted as the
 * SMS flow and billing leave them: the receipt page and its PDF, the lookup by name and PIN, and a
 * compartment's page in each state. Rate limits: public-rate-limit.db.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { insertReceiptWorld, type ReceiptWorld } from '../../test/support/receipt-world.js';

const FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

let server: TestServer;
let world: ReceiptWorld;

beforeAll(async () => {
  server = await startTestServer({ sms: { ...loadConfig({}).sms, receiptLookupsPerMinute: 1000 } });
  world = await insertReceiptWorld(server.database.db);
});

afterAll(async () => {
  await server?.close();
});

const get = async (path: string) => {
  const response = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

const postForm = async (path: string, fields: Record<string, string>) => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    standardFontDataUrl: FONTS,
  }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts.join('\n').replace(/\s+/g, ' ');
}

/** The visible text of a page, tags removed, entities of our escaping undone. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the receipt page of a finished session', () => {
  it('shows compartment, place, Berlin times, duration, energy, lines, total with VAT rate and the issuer, in German', async () => {
    const page = await get(`/r/${world.completed.receiptToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toMatch(/^<!doctype html>\n<html lang="de">/);
    for (const landmark of ['<header', '<nav aria-label="Sprache"', '<main id="main"', '<footer'])
      expect(page.text).toContain(landmark);
    const text = visible(page.text);
    expect(text).toContain('Quittung – Ladefach P20-01');
    expect(text).toContain('Parkhaus P20, Am Markt 1, 12345 Musterstadt');
    // 09:00 and 10:30 UTC are 10:00 and 11:30 in Berlin (winter time).
    expect(text).toContain('Beginn 15.01.2026 10:00');
    expect(text).toContain('Ende 15.01.2026 11:30');
    expect(text).toContain('Dauer 1 h 30 min');
    expect(text).toContain('Energie 0,420 kWh');
    expect(text).toContain('Je angefangene 30 min 3 × 0,50 € 1,50 €');
    expect(text).toContain('Gesamtbetrag (brutto) enthält 19 % USt (0,24 €) 1,50 €');
    expect(text).toContain(
      'Stadtwerke Musterstadt GmbH Hauptstraße 5 12345 Musterstadt USt-IdNr. DE123456789',
    );
    expect(page.text).toContain(`href="/r/${world.completed.receiptToken}/receipt.pdf"`);
    expect(page.text).toContain(
      `<a href="/r/${world.completed.receiptToken}?lang=en" hreflang="en" lang="en">English</a>`,
    );
  });

  it('never shows the phone number in full, nor the PIN', async () => {
    const page = await get(`/r/${world.completed.receiptToken}`);
    expect(page.text).not.toContain(world.completed.phone);
    expect(page.text).not.toContain(world.completed.phone.slice(5));
    expect(page.text).not.toContain(world.completed.receiptPin);
    expect(visible(page.text)).toContain('Telefonnummer +49 171 ••••543');
  });

  it('speaks English at ?lang=en, with a link back to German', async () => {
    const page = await get(`/r/${world.completed.receiptToken}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    const text = visible(page.text);
    expect(text).toContain('Receipt – compartment P20-01');
    expect(text).toContain('Start 15/01/2026 10:00');
    expect(text).toContain('Per started 30 min 3 × €0.50 €1.50');
    expect(text).toContain('Total (gross) includes 19% VAT (€0.24) €1.50');
    expect(page.text).toContain(`href="/r/${world.completed.receiptToken}/receipt.pdf?lang=en"`);
    expect(page.text).toContain(
      `<a href="/r/${world.completed.receiptToken}" hreflang="de" lang="de">Deutsch</a>`,
    );
  });

  it('gives the receipt as PDF: a Kleinbetragsrechnung with issuer, date, service, gross total and VAT rate', async () => {
    const response = await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}/receipt.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="Quittung-P20-01-2026-01-15.pdf"',
    );
    const text = await pdfText(await response.arrayBuffer());
    expect(text).toContain('Quittung – P20-01');
    expect(text).toContain('Kleinbetragsrechnung nach § 33 UStDV');
    expect(text).toContain('Stadtwerke Musterstadt GmbH');
    expect(text).toContain('Hauptstraße 5');
    expect(text).toContain('12345 Musterstadt');
    expect(text).toContain('USt-IdNr. DE123456789');
    expect(text).toContain('Datum: 15.01.2026');
    expect(text).toContain('Leistung: Nutzung des Ladefachs P20-01 (ein Ladevorgang)');
    expect(text).toContain('Beginn: 15.01.2026 10:00');
    expect(text).toContain('Je angefangene 30 min 3 × 0,50 € 1,50 €');
    expect(text).toContain('Gesamtbetrag (brutto) 1,50 €');
    expect(text).toContain('Im Gesamtbetrag sind 19 % Umsatzsteuer (0,24 €) enthalten.');
    expect(text).toContain('Bezahlt über Ihre Mobilfunkrechnung');
    expect(text).not.toContain(world.completed.receiptPin);

    const english = await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}/receipt.pdf?lang=en`);
    const en = await pdfText(await english.arrayBuffer());
    expect(en).toContain('Receipt – P20-01');
    expect(en).toContain('Total (gross) €1.50');
    expect(en).toContain('The total includes 19% VAT (€0.24).');
  });

  it('gives the same PDF bytes every time', async () => {
    const one = Buffer.from(
      await (await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}/receipt.pdf`)).arrayBuffer(),
    );
    const two = Buffer.from(
      await (await fetch(`${server.baseUrl}/r/${world.completed.receiptToken}/receipt.pdf`)).arrayBuffer(),
    );
    expect(one.equals(two)).toBe(true);
  });
});

describe('the receipt page before there is a receipt', () => {
  it('a running session: "läuft seit …", no PDF yet', async () => {
    const page = await get(`/r/${world.running.receiptToken}`);
    expect(page.status).toBe(200);
    const text = visible(page.text);
    expect(text).toContain('Der Ladevorgang läuft seit 15.01.2026 13:00.');
    expect(text).toContain('Die Quittung als PDF gibt es, sobald der Ladevorgang beendet ist.');
    expect(page.text).not.toContain('receipt.pdf');
    expect(text).not.toContain('Gesamtbetrag');
    const pdf = await get(`/r/${world.running.receiptToken}/receipt.pdf`);
    expect(pdf.status).toBe(303);
    expect(pdf.headers.get('location')).toBe(`/r/${world.running.receiptToken}`);
  });

  it('a failed start: says nothing was charged', async () => {
    const page = await get(`/r/${world.failed.receiptToken}?lang=en`);
    expect(page.status).toBe(200);
    expect(visible(page.text)).toContain('The session could not be started. Nothing was charged.');
    expect(page.text).not.toContain('receipt.pdf');
    expect(visible(page.text)).not.toContain('Duration');
  });

  it('an ended session not priced yet: comes back later', async () => {
    const page = await get(`/r/${world.unpriced.receiptToken}`);
    expect(visible(page.text)).toContain('Der Betrag wird gerade berechnet');
    expect(page.text).not.toContain('receipt.pdf');
  });

  it('an unknown token: 404 page in the asked language, and no PDF', async () => {
    const page = await get(`/r/${randomBytes(16).toString('base64url')}?lang=en`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(visible(page.text)).toContain('This receipt does not exist.');
    expect((await get(`/r/${randomBytes(16).toString('base64url')}/receipt.pdf`)).status).toBe(404);
    expect((await get(`/r/short`)).status).toBe(404);
  });
});

describe('looking a receipt up by compartment name and receipt PIN', () => {
  it('shows a form with labelled fields, in both languages', async () => {
    const de = await get('/receipt');
    expect(de.status).toBe(200);
    expect(de.text).toContain('<label for="name">Name des Ladefachs</label>');
    expect(de.text).toContain('<label for="pin">Quittungs-PIN</label>');
    expect(de.text).toContain('<form method="post" action="/receipt"');
    const en = await get('/receipt?lang=en');
    expect(en.text).toContain('<label for="pin">Receipt PIN</label>');
    expect(en.text).toContain('action="/receipt?lang=en"');
  });

  it.each(['P20-01', 'p20 01', 'P2001', ' p20-01 '])(
    'finds the receipt for the name spelled %j',
    async (name) => {
      const response = await postForm('/receipt', { name, pin: world.completed.receiptPin });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/r/${world.completed.receiptToken}`);
    },
  );

  it('keeps the language through the redirect, and accepts a PIN typed with spaces', async () => {
    const pin = world.completed.receiptPin;
    const response = await postForm('/receipt?lang=en', {
      name: 'P20-01',
      pin: `${pin.slice(0, 3)} ${pin.slice(3)}`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/r/${world.completed.receiptToken}?lang=en`);
  });

  it('takes the most recent session at that compartment with that PIN', async () => {
    const response = await postForm('/receipt', { name: 'P20-06', pin: world.reusedPin.pin });
    expect(response.headers.get('location')).toBe(`/r/${world.reusedPin.newerToken}`);
  });

  it('does not reach back more than 90 days', async () => {
    const response = await postForm('/receipt', { name: 'P20-06', pin: world.old.receiptPin });
    expect(response.status).toBe(422);
  });

  it('a wrong PIN and an unknown compartment get the same answer, with both fields marked', async () => {
    const wrongPin = await postForm('/receipt', { name: 'P20-01', pin: '000000' });
    const noSuch = await postForm('/receipt', { name: 'ZZ-99', pin: world.completed.receiptPin });
    expect(wrongPin.status).toBe(422);
    expect(noSuch.status).toBe(422);
    expect(visible(wrongPin.text)).toContain(
      'Zu diesem Ladefach und dieser PIN haben wir keine Quittung aus den letzten 90 Tagen gefunden.',
    );
    expect(wrongPin.text.replace('value="P20-01"', 'value="X"')).toBe(
      noSuch.text.replace('value="ZZ-99"', 'value="X"'),
    );
    expect(wrongPin.text.match(/aria-invalid="true"/g)).toHaveLength(2);
    expect(wrongPin.text).toContain('role="alert"');
    // The PIN is never echoed back.
    expect(noSuch.text).not.toContain(world.completed.receiptPin);
  });

  it('ties a missing name and a malformed PIN to their fields', async () => {
    const response = await postForm('/receipt?lang=en', { name: '  ', pin: '12ab' });
    expect(response.status).toBe(422);
    expect(response.text).toContain(
      '<p class="error" id="name-error">Please enter the compartment name.</p>',
    );
    expect(response.text).toContain(
      '<p class="error" id="pin-error">Please enter the receipt PIN (digits only).</p>',
    );
    expect(response.text).toMatch(
      /<input id="name"[^>]*aria-describedby="name-hint name-error" aria-invalid="true"/,
    );
    expect(response.text).toMatch(
      /<input id="pin"[^>]*aria-describedby="pin-hint pin-error" aria-invalid="true"/,
    );
  });

  it('treats a body without fields, or JSON, as empty input', async () => {
    const empty = await postForm('/receipt', {});
    expect(empty.status).toBe(422);
    const json = await fetch(`${server.baseUrl}/receipt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: ['P20-01'], pin: 123456 }),
    });
    expect(json.status).toBe(422);
  });
});

describe('a compartment’s public page', () => {
  it.each([
    ['P20-01', 'frei'],
    ['P20-02', 'lädt'],
    ['P20-03', 'Tür offen'],
    ['P20-04', 'außer Betrieb'],
    ['P20-05', 'belegt'],
  ])('%s is %s', async (name, state) => {
    const page = await get(`/c/841122/${name}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<strong>${state}</strong>`);
  });

  it('shows the price, the sms: link and the three steps', async () => {
    const page = await get('/c/841122/P20-01');
    const text = visible(page.text);
    expect(text).toContain('Ladefach P20-01');
    expect(text).toContain('Parkhaus P20, Am Markt 1, Musterstadt');
    expect(text).toContain('0,50 € je angefangene 30 Minuten. Preise inkl. 19 % MwSt.');
    expect(page.text).toContain('<a class="button" href="sms:841122?body=P20-01">Per SMS starten</a>');
    expect(text).toContain('Fach öffnen, Akku mit Ladegerät');
    expect(text).toContain('SMS mit „P20-01“ an 841122 senden.');
    expect(text).toContain('Quittungs-PIN am Eingabefeld tippen');
  });

  it('uses +<number> for a long number and speaks English', async () => {
    const page = await get('/c/4915112345678/P20-01?lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('href="sms:+4915112345678?body=P20-01">Start by text message</a>');
    expect(visible(page.text)).toContain('Text “P20-01” to +49 151 12345678.');
    expect(visible(page.text)).toContain('€0.50 per started 30 minutes');
  });

  it('offers no SMS start for a compartment out of order', async () => {
    const page = await get('/c/841122/P20-04');
    expect(page.text).not.toContain('sms:');
  });

  it('redirects another spelling of the name to the canonical page, keeping the language', async () => {
    const page = await get(`/c/841122/${encodeURIComponent('p20 02')}?lang=en`);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/c/841122/P20-02?lang=en');
    expect((await get('/c/841122/p2002')).headers.get('location')).toBe('/c/841122/P20-02');
  });

  it.each([
    ['an unknown name', '/c/841122/P20-99'],
    ['an unknown number', '/c/123456/P20-01'],
    ['an inactive number', '/c/999000/P20-01'],
    ['another institution’s number', '/c/700700/P20-01'],
    ['a number that is no number', '/c/abc/P20-01'],
  ])('answers 404 for %s', async (_case, path) => {
    const page = await get(path);
    expect(page.status).toBe(404);
    expect(visible(page.text)).toContain('Dieses Ladefach gibt es nicht.');
  });
});

describe('the stylesheet', () => {
  it('is served to every page', async () => {
    const css = await get('/public/public.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('main');
  });
});
