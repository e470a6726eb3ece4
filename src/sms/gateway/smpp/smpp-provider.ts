/**
 * SMPP 3.4 transceiver: one bind_transceiver session that submits outbound SMS and receives inbound
 * SMS and delivery receipts (deliver_sm). Reconnects with exponential backoff after any loss (also
 * after a refused bind), probes the link with enquire_link, encodes GSM 7-bit (data_coding 0) or
 * UCS-2 (data_coding 8), splits long texts into concatenated parts (8-bit UDH reference) and asks
 * for final delivery receipts. An inbound deliver_sm is answered only after it is stored.
 */
import type { Logger } from 'pino';
import { ValidationFailed } from '../../../shared/errors.js';
import { isShortCode } from '../../phone.js';
import { concatHeader, DATA_CODING, encodeText, splitSms } from '../encoding.js';
import {
  PermanentSendError,
  type OutgoingSms,
  type ProviderEvents,
  type SentSms,
  type SmsProvider,
} from '../providers/provider.js';
import { isDeliveryReceipt, parseReceipt } from './delivery-receipt.js';
import { inboundMessageId } from './inbound-id.js';
import { Reassembly } from './reassembly.js';
import { connectSmpp, request, STATUS, statusName, type SmppPdu, type SmppSession } from './smpp-wire.js';

export interface SmppProviderOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  enquireLinkS: number;
  log: Logger;
  now?: () => Date;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** How long a send waits for a (re)bind before it fails and the dispatcher retries later. */
  bindWaitMs?: number;
  /** How long a request waits for its response. */
  responseTimeoutMs?: number;
  /** See inbound-id.ts. */
  redeliveryWindowS?: number;
}

/** Submit errors that no retry can fix (the number or sender is wrong). */
const PERMANENT_SUBMIT_ERRORS: ReadonlySet<number> = new Set([STATUS.RINVSRCADR, STATUS.RINVDSTADR]);

/** SMPP TON/NPI for an address: international numbers E.164 (1/1), short codes network-specific (3/0). */
function addressing(digits: string): { ton: number; npi: number } {
  return isShortCode(digits) ? { ton: 3, npi: 0 } : { ton: 1, npi: 1 };
}

type State = 'idle' | 'connecting' | 'bound' | 'stopped';

export class SmppProvider implements SmsProvider {
  readonly name = 'smpp';
  private session: SmppSession | undefined;
  private state: State = 'idle';
  private events: ProviderEvents | undefined;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private enquireTimer: NodeJS.Timeout | undefined;
  private bindWaiters: (() => void)[] = [];
  private reference = Math.floor(Math.random() * 256);
  private readonly reassembly = new Reassembly();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Set when a bind is refused, for logs and tests. */
  lastBindError: string | undefined;

  constructor(private readonly options: SmppProviderOptions) {}

  get bound(): boolean {
    return this.state === 'bound';
  }

  start(events: ProviderEvents): void {
    this.events = events;
    this.state = 'connecting';
    this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.reconnectTimer);
    clearInterval(this.enquireTimer);
    await Promise.allSettled([...this.inFlight]);
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    try {
      if (session.socket.writable) await request(session, 'unbind', {}, 2_000);
    } catch {
      // the SMSC may already be gone
    }
    await new Promise<void>((resolve) => session.destroy(() => resolve()));
    for (const wake of this.bindWaiters.splice(0)) wake();
  }

  async send(message: OutgoingSms): Promise<SentSms> {
    const session = await this.boundSession();
    const { encoding, parts } = splitSms(message.text);
    const reference = (this.reference = (this.reference + 1) & 0xff);
    const source = addressing(message.from);
    const destination = addressing(message.to);
    let firstId: string | undefined;
    for (const [index, part] of parts.entries()) {
      const body = encodeText(part, encoding);
      const concatenated = parts.length > 1;
      const response = await request(
        session,
        'submit_sm',
        {
          source_addr_ton: source.ton,
          source_addr_npi: source.npi,
          source_addr: message.from,
          dest_addr_ton: destination.ton,
          dest_addr_npi: destination.npi,
          destination_addr: message.to,
          // UDHI (0x40): the short message starts with a user data header.
          esm_class: concatenated ? 0x40 : 0x00,
          data_coding: DATA_CODING[encoding],
          // Final delivery receipt, success or failure (§5.2.17).
          registered_delivery: 0x01,
          short_message: concatenated
            ? Buffer.concat([concatHeader(reference, parts.length, index + 1), body])
            : body,
        },
        this.options.responseTimeoutMs ?? 30_000,
      );
      if (response.command_status !== STATUS.OK) {
        const detail = `SMSC refused submit_sm: ${statusName(response.command_status)}`;
        throw PERMANENT_SUBMIT_ERRORS.has(response.command_status)
          ? new PermanentSendError(detail)
          : new Error(detail);
      }
      firstId ??= String(response.message_id ?? '');
    }
    if (firstId === undefined || firstId === '')
      throw new Error('SMSC answered submit_sm without a message id');
    return { providerMessageId: firstId };
  }

  /** The bound session, waiting up to bindWaitMs for a (re)bind in progress. */
  private async boundSession(): Promise<SmppSession> {
    if (this.state !== 'bound') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.bindWaitMs ?? 10_000);
        this.bindWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.state !== 'bound' || this.session === undefined)
      throw new Error(`SMPP not bound to ${this.options.host}:${this.options.port}`);
    return this.session;
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    const { host, port, log } = this.options;
    const session = connectSmpp(host, port);
    this.session = session;
    session.on('error', (error: Error) => log.warn({ err: error }, 'SMPP connection error'));
    session.on('close', () => this.lost(session));
    session.on('connect', () => void this.bind(session));
    session.on('enquire_link', (pdu: SmppPdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: SmppPdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm', (pdu: SmppPdu) => this.track(this.deliver(session, pdu)));
  }

  private async bind(session: SmppSession): Promise<void> {
    const { systemId, password, systemType, log } = this.options;
    try {
      const response = await request(
        session,
        'bind_transceiver',
        { system_id: systemId, password, system_type: systemType, interface_version: 0x34 },
        this.options.responseTimeoutMs ?? 30_000,
      );
      if (response.command_status !== STATUS.OK) {
        this.lastBindError = statusName(response.command_status);
        log.error(
          { status: this.lastBindError, systemId },
          `SMSC refused bind_transceiver (${this.lastBindError}); check SMPP_SYSTEM_ID and SMPP_PASSWORD`,
        );
        session.destroy();
        return;
      }
    } catch (error) {
      log.warn({ err: error }, 'SMPP bind failed');
      session.destroy();
      return;
    }
    if (this.state === 'stopped' || this.session !== session) return;
    this.state = 'bound';
    this.failures = 0;
    this.lastBindError = undefined;
    log.info({ host: this.options.host, port: this.options.port }, 'SMPP bound as transceiver');
    this.startEnquireLink(session);
    for (const wake of this.bindWaiters.splice(0)) wake();
    this.events?.ready();
  }

  /** enquire_link every enquireLinkS; a link that does not answer is closed and rebound. */
  private startEnquireLink(session: SmppSession): void {
    clearInterval(this.enquireTimer);
    const periodMs = this.options.enquireLinkS * 1000;
    this.enquireTimer = setInterval(() => {
      request(session, 'enquire_link', {}, periodMs).catch((error: unknown) => {
        if (this.session !== session || this.state === 'stopped') return;
        this.options.log.warn({ err: error }, 'SMPP link does not answer enquire_link; reconnecting');
        session.destroy();
      });
    }, periodMs);
    this.enquireTimer.unref();
  }

  private lost(session: SmppSession): void {
    if (this.session !== session) return;
    clearInterval(this.enquireTimer);
    this.session = undefined;
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    this.failures++;
    const base = this.options.reconnectBaseMs ?? 1_000;
    const delay = Math.min(
      base * 2 ** Math.min(this.failures - 1, 20),
      this.options.reconnectMaxMs ?? 60_000,
    );
    this.options.log.warn({ delayMs: delay, failures: this.failures }, 'SMPP connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** A deliver_sm: a delivery receipt, a whole inbound SMS or one part of a long one. */
  private async deliver(session: SmppSession, pdu: SmppPdu): Promise<void> {
    const events = this.events!;
    const log = this.options.log;
    const now = (this.options.now ?? (() => new Date()))();
    const esmClass = Number(pdu.esm_class ?? 0);
    const { text, concat } = messageOf(pdu);
    let status: number = STATUS.OK;
    try {
      if (isDeliveryReceipt(esmClass)) {
        const receipt = parseReceipt({
          text,
          receiptedMessageId: stringField(pdu.receipted_message_id),
          messageState: typeof pdu.message_state === 'number' ? pdu.message_state : undefined,
        });
        if (receipt === undefined) log.warn({ text }, 'SMPP delivery receipt without id or state; ignored');
        else if (receipt.delivered !== undefined)
          await events.receipt({
            providerMessageId: receipt.messageId,
            delivered: receipt.delivered,
            state: receipt.state,
            at: now,
          });
      } else {
        const source = String(pdu.source_addr ?? '');
        const destination = String(pdu.destination_addr ?? '');
        let whole: string | undefined = text;
        if (concat !== undefined) {
          whole = this.reassembly.add({ source, destination, ...concat, text }, now.getTime());
        }
        // An earlier part is acknowledged once buffered; the last one once the whole message is stored.
        if (whole !== undefined) await this.receiveWhole(events, pdu, source, destination, whole, now);
      }
    } catch (error) {
      if (error instanceof ValidationFailed) {
        // Nothing a redelivery could change (e.g. an alphanumeric sender): acknowledged and dropped.
        log.warn({ err: error, source: pdu.source_addr }, 'inbound SMPP message refused');
      } else {
        // Not stored: the SMSC keeps it and delivers again.
        log.error({ err: error }, 'inbound SMPP message not stored; asking the SMSC to redeliver');
        status = STATUS.RX_T_APPN;
      }
    }
    if (session.socket.writable) session.send(pdu.response({ command_status: status }));
  }

  private async receiveWhole(
    events: ProviderEvents,
    pdu: SmppPdu,
    source: string,
    destination: string,
    text: string,
    now: Date,
  ): Promise<void> {
    const id = inboundMessageId(
      {
        source,
        destination,
        text,
        smscMessageId: stringField(pdu.receipted_message_id),
        smscTimestamp: [pdu.schedule_delivery_time, pdu.validity_period].map(stringField).join('|'),
      },
      now,
    );
    await events.inbound(
      { provider: this.name, providerMessageId: id.id, from: source, to: destination, text, receivedAt: now },
      id.windowed ? { redeliveryWindowS: this.options.redeliveryWindowS ?? 120 } : {},
    );
  }
}

function stringField(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * The text of a deliver_sm (short_message, or message_payload when the SMSC uses that), decoded by
 * the package per data_coding, and the concatenation element of its user data header if any.
 */
function messageOf(pdu: SmppPdu): {
  text: string;
  concat: { reference: number; total: number; sequence: number } | undefined;
} {
  const decoded = (pdu.short_message ?? pdu.message_payload) as
    { message?: string | Buffer; udh?: Buffer[] } | string | Buffer | undefined;
  if (decoded === undefined) return { text: '', concat: undefined };
  if (typeof decoded === 'string' || Buffer.isBuffer(decoded))
    return { text: String(decoded), concat: undefined };
  const text = typeof decoded.message === 'string' ? decoded.message : String(decoded.message ?? '');
  let concat: { reference: number; total: number; sequence: number } | undefined;
  for (const element of decoded.udh ?? []) {
    if (element[0] === 0x00 && element[1] === 3)
      concat = { reference: element[2]!, total: element[3]!, sequence: element[4]! };
    if (element[0] === 0x08 && element[1] === 4)
      concat = { reference: (element[2]! << 8) | element[3]!, total: element[4]!, sequence: element[5]! };
  }
  if (concat !== undefined && (concat.total < 2 || concat.sequence < 1 || concat.sequence > concat.total))
    concat = undefined;
  return { text, concat };
}
