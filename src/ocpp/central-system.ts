import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Services } from '../app/services.js';
import type { Config } from '../config/config.js';

export interface CentralSystemDeps {
  services: Services;
  config: Config;
  log: Logger;
}

/** Placeholder; the OCPP module replaces this with the ocpp-rpc based central system. */
export class CentralSystem {
  constructor(private readonly deps: CentralSystemDeps) {}

  handleUpgrade(_request: IncomingMessage, socket: Duplex, _head: Buffer): void {
    socket.destroy();
  }

  async close(): Promise<void> {}
}
