/**
 * The SMS locker flow end to end through SMPP: a real SMSC on loopback (test/support/smsc.ts) delivers
 * the person's SMS as deliver_sm, Fachwerk starts the session at a simulated locker (OCPP 1.6 and
 * 2.0.1), and the confirmation and the closing SMS leave as submit_sm to the same SMSC.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import type { OcppVersion } from '../../src/db/schema.js';
import type { TestServer } from '../support/server.js';
import { TestSmsc } from '../support/smsc.js';
import {
  compartmentIs,
  loadCompartment,
  makeLocker,
  startSmsServer,
  type Locker,
} from './sms-flow.support.js';

const CREDENTIALS = { systemId: 'fachwerk', password: 'smpp-pw1' };
const PHONE = '4917100000042';

describe.each<OcppVersion>(['ocpp1.6', 'ocpp2.0.1'])('SMS over SMPP at a %s locker', (version) => {
  let smsc: TestSmsc;
  let server: TestServer;
  let locker: Locker;

  beforeAll(async () => {
    smsc = new TestSmsc(CREDENTIALS);
    const port = await smsc.start();
    server = await startSmsServer({
      provider: 'smpp',
      smpp: { host: '127.0.0.1', port, ...CREDENTIALS, systemType: '', enquireLinkS: 30 },
    });
    locker = await makeLocker(server, { version, evses: 2 });
    await smsc.until(() => smsc.bound.size > 0, 'the bind');
  });
  afterAll(async () => {
    await locker?.sim?.stop();
    await server?.close();
    await smsc?.close();
  });

  /** The text of every submit_sm to the phone so far (parts of a long SMS joined). */
  const textsTo = (phone: string) => {
    const texts: string[] = [];
    for (const submit of smsc.submits.filter((x) => String(x.pdu.destination_addr) === phone)) {
      const first = submit.udh.length === 0 || submit.udh.every((h) => h[4] === 1);
      if (first) texts.push(submit.text);
      else texts[texts.length - 1] += submit.text;
    }
    return texts;
  };

  it('starts on a deliver_sm, confirms by submit_sm, stops on the next one and sends the bill', async () => {
    await loadCompartment(server, locker, 1);
    const sim = locker.sim!;
    const started = sim.waitFor('transactionStarted', (tx) => tx.evseId === 1);
    const status = await smsc.deliverMo({
      from: PHONE,
      to: locker.number,
      shortMessage: Buffer.from('p20 01'),
    });
    expect(status).toBe(0);

    await smsc.until(() => textsTo(PHONE).some((t) => t.includes('PIN')), 'the confirmation');
    const confirmation = textsTo(PHONE).find((t) => t.includes('PIN'))!;
    expect(confirmation).toMatch(/^P20-01 lädt\. /);
    expect(confirmation).toContain('0,50 €');
    const pin = /PIN (\d{6})/.exec(confirmation)![1]!;
    expect((await started).idToken).toEqual({ value: pin, type: 'Central' });
    const submit = smsc.submits.find((x) => x.text.includes(pin))!;
    expect(String(submit.pdu.source_addr)).toBe(locker.number);
    expect(submit.dataCoding).toBe(0); // German umlauts and € are GSM 7-bit

    const [stored] = await server.database.db
      .select()
      .from(s.smsMessages)
      .where(eq(s.smsMessages.fromNumber, PHONE));
    expect(stored).toMatchObject({
      direction: 'inbound',
      provider: 'smpp',
      text: 'p20 01',
      status: 'handled',
    });

    const stopped = sim.waitFor('transactionStopped', (tx) => tx.evseId === 1);
    expect(
      await smsc.deliverMo({ from: PHONE, to: locker.number, shortMessage: Buffer.from('STOP P20-01') }),
    ).toBe(0);
    expect((await stopped).reason).toBe('Remote');
    await smsc.until(() => textsTo(PHONE).some((t) => t.startsWith('P20-01 beendet')), 'the closing SMS');
    expect(textsTo(PHONE).find((t) => t.startsWith('P20-01 beendet'))).toMatch(
      /Kosten 0,50 €\. Quittung: http/,
    );
    await compartmentIs(server, locker, 1, (cp) => cp.door === 'closed');
  });

  it('answers an unknown compartment over SMPP with a suggestion', async () => {
    const phone = '4917100000043';
    expect(
      await smsc.deliverMo({ from: phone, to: locker.number, shortMessage: Buffer.from('P21-01') }),
    ).toBe(0);
    await smsc.until(() => textsTo(phone).length > 0, 'the answer');
    expect(textsTo(phone)[0]).toMatch(/Meinten Sie P20-01\?/);
  });
});
