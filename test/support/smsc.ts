/**
 * A small SMSC on loopback for tests, built on the `smpp` package's server: accepts bind_transceiver
 * with one set of credentials, records every submit_sm and answers it with a message id, answers
 * enquire_link, sends MO messages and delivery receipts as deliver_sm, and can drop its connections.
 */
import type { AddressInfo } from 'node:net';
import {
  createSmppServer,
  makePdu,
  STATUS,
  type SmppPdu,
  type SmppServer,
  type SmppSession,
} from '../../src/sms/gateway/smpp/smpp-wire.js';

export interface SmscOptions {
  systemId: string;
  password: string;
}

export interface Submitted {
  pdu: SmppPdu;
  messageId: string;
  /** The decoded text of this part (the package decodes by data_coding). */
  text: string;
  dataCoding: number;
  esmClass: number;
  /** The user data header elements, when esm_class has UDHI. */
  udh: Buffer[];
}

export interface MoMessage {
  from: string;
  to: string;
  /** Raw short_message bytes (with a UDH when esmClass has 0x40). */
  shortMessage: Buffer;
  dataCoding?: number;
  esmClass?: number;
  tlvs?: Record<string, unknown>;
}

export class TestSmsc {
  private server: SmppServer | undefined;
  private counter = 0;
  readonly submits: Submitted[] = [];
  readonly bindAttempts: { systemId: string; accepted: boolean }[] = [];
  enquireLinksReceived = 0;
  /** Sessions that bound successfully and are still open. */
  readonly bound = new Set<SmppSession>();
  port = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: SmscOptions) {}

  async start(port = 0): Promise<number> {
    this.server = createSmppServer((session) => this.accept(session));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    this.dropConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts every connection without unbind, as a crashed SMSC or a broken network would. */
  dropConnections(): void {
    for (const session of this.server?.sessions ?? []) session.destroy();
    this.bound.clear();
    this.notify();
  }

  /** Waits until `condition` holds; re-checked on every PDU the SMSC sees. */
  async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`SMSC: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Sends an MO message to the first bound client; resolves with the client's deliver_sm_resp status. */
  deliverMo(message: MoMessage): Promise<number> {
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: message.from,
      dest_addr_ton: 0,
      dest_addr_npi: 1,
      destination_addr: message.to,
      esm_class: message.esmClass ?? 0,
      data_coding: message.dataCoding ?? 0,
      short_message: message.shortMessage,
      ...message.tlvs,
    });
  }

  /** Sends a delivery receipt in the SMPP 3.4 Appendix B text format (and the TLVs when asked). */
  deliverReceipt(
    submitted: Submitted,
    stat: 'DELIVRD' | 'UNDELIV' | 'ENROUTE',
    withTlvs = false,
  ): Promise<number> {
    const text =
      `id:${submitted.messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} ` +
      `submit date:2503011000 done date:2503011001 stat:${stat} err:000 text:`;
    return this.deliver({
      source_addr: String(submitted.pdu.destination_addr),
      destination_addr: String(submitted.pdu.source_addr),
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from(text, 'ascii'),
      ...(withTlvs
        ? { receipted_message_id: submitted.messageId, message_state: stat === 'DELIVRD' ? 2 : 5 }
        : {}),
    });
  }

  /** Probes the first bound client with enquire_link; resolves with its answer's status. */
  enquireLink(): Promise<number> {
    const session = [...this.bound][0];
    if (session === undefined) return Promise.reject(new Error('SMSC: no bound client'));
    return new Promise((resolve) => {
      session.send(makePdu('enquire_link'), (response) => resolve(response.command_status));
    });
  }

  private deliver(fields: Record<string, unknown>): Promise<number> {
    const session = [...this.bound][0];
    if (session === undefined) return Promise.reject(new Error('SMSC: no bound client'));
    return new Promise((resolve) => {
      session.send(makePdu('deliver_sm', fields), (response) => resolve(response.command_status));
    });
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }

  private accept(session: SmppSession): void {
    session.on('error', () => undefined);
    session.on('close', () => {
      this.bound.delete(session);
      this.notify();
    });
    session.on('bind_transceiver', (pdu: SmppPdu) => {
      const accepted = pdu.system_id === this.options.systemId && pdu.password === this.options.password;
      this.bindAttempts.push({ systemId: String(pdu.system_id), accepted });
      session.send(
        pdu.response({ command_status: accepted ? STATUS.OK : STATUS.RINVPASWD, system_id: 'TESTSMSC' }),
      );
      if (accepted) this.bound.add(session);
      this.notify();
    });
    session.on('enquire_link', (pdu: SmppPdu) => {
      this.enquireLinksReceived++;
      session.send(pdu.response());
      this.notify();
    });
    session.on('unbind', (pdu: SmppPdu) => {
      session.send(pdu.response());
      this.bound.delete(session);
      session.close();
    });
    session.on('submit_sm', (pdu: SmppPdu) => {
      if (!this.bound.has(session)) {
        session.send(pdu.response({ command_status: 0x00000004 /* ESME_RINVBNDSTS */ }));
        return;
      }
      const messageId = `M${(++this.counter).toString(16).padStart(6, '0')}`;
      const decoded = pdu.short_message as { message: string; udh?: Buffer[] };
      this.submits.push({
        pdu,
        messageId,
        text: decoded.message,
        dataCoding: Number(pdu.data_coding),
        esmClass: Number(pdu.esm_class),
        udh: decoded.udh ?? [],
      });
      session.send(pdu.response({ message_id: messageId }));
      this.notify();
    });
  }
}
