/**
 * The one module that imports the `smpp` package (CommonJS, untyped): a typed facade over its
 * session and server. Everything else speaks these types.
 */
import smpp from 'smpp';
import type { RawPdu, RawServer, RawSession } from 'smpp';

export type SmppPdu = RawPdu;
export type SmppSession = RawSession;
export type SmppServer = RawServer;

/** Opens a TCP connection to an SMSC; listen for 'connect', 'close', 'error' and PDUs by command name. */
export function connectSmpp(host: string, port: number): SmppSession {
  return smpp.connect({ host, port });
}

/** An SMSC-side server (the test SMSC). */
export function createSmppServer(onSession: (session: SmppSession) => void): SmppServer {
  return smpp.createServer(onSession);
}

export function makePdu(command: string, fields: Record<string, unknown> = {}): SmppPdu {
  return new smpp.PDU(command, fields);
}

/** Sends a request PDU and resolves with its response (rejects when the session is gone or on timeout). */
export function request(
  session: SmppSession,
  command: string,
  fields: Record<string, unknown>,
  timeoutMs: number,
): Promise<SmppPdu> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`SMPP ${command}: no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onClose = () => {
      clearTimeout(timer);
      reject(new Error(`SMPP ${command}: connection closed`));
    };
    session.once('close', onClose);
    const written = session.send(makePdu(command, fields), (response) => {
      clearTimeout(timer);
      session.off('close', onClose);
      resolve(response);
    });
    if (!written) {
      clearTimeout(timer);
      session.off('close', onClose);
      reject(new Error(`SMPP ${command}: not connected`));
    }
  });
}

/** Command status codes (SMPP 3.4 §5.1.3) by number → name, for messages people read. */
export function statusName(status: number): string {
  for (const [name, code] of Object.entries(smpp.errors)) if (code === status) return name;
  return `0x${status.toString(16).padStart(8, '0')}`;
}

export const STATUS = {
  OK: 0x00000000,
  /** Invalid password. */
  RINVPASWD: 0x0000000e,
  /** Invalid system id. */
  RINVSYSID: 0x0000000f,
  RBINDFAIL: 0x0000000d,
  RINVSRCADR: 0x0000000a,
  RINVDSTADR: 0x0000000b,
  RTHROTTLED: 0x00000058,
  /** Temporary application error: the SMSC redelivers. */
  RX_T_APPN: 0x00000064,
} as const;
