/** The few parts of the `smpp` package (CommonJS, untyped) that smpp-wire.ts uses. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface RawPdu {
    command: string;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): RawPdu;
    [field: string]: unknown;
  }

  export interface RawSession extends EventEmitter {
    socket: { writable: boolean; remoteAddress?: string };
    send(pdu: RawPdu, responseCallback?: (pdu: RawPdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
  }

  export interface RawServer extends NetServer {
    sessions: RawSession[];
  }

  export const PDU: new (command: string, options?: Record<string, unknown>) => RawPdu;
  export function connect(options: { host: string; port: number }): RawSession;
  export function createServer(listener: (session: RawSession) => void): RawServer;
  export const errors: Record<string, number>;
}
