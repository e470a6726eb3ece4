/**
 * The baseline: a bare ocpp-rpc server in strict mode that answers every station message with a
 * constant, schema-valid payload. No auth check, no logic, no database. Whatever Fachwerk reaches in
 * relation to this is the price of its own work (validation is paid by both).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';

export const BARE_PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1'];

export interface BareServer {
  port: number;
  clients(): number;
  close(): Promise<void>;
}

const currentTime = () => new Date().toISOString();

export async function startBareServer(options: { host: string; port: number }): Promise<BareServer> {
  // Keep-alive pings only for quiet stations, as Fachwerk's central system does: pings to 10,000
  // stations that connected within seconds fall due together every 30 s and show up as a latency spike.
  const rpc = new RPCServer({ protocols: BARE_PROTOCOLS, strictMode: true, deferPingsOnActivity: true });
  let connected = 0;
  rpc.auth((accept, reject, handshake) => {
    // ocpp-rpc accepts a client that offers no known subprotocol; a real central system must not.
    if (!BARE_PROTOCOLS.some((p) => handshake.protocols.has(p))) reject(400, 'unsupported subprotocol');
    else accept();
  });
  rpc.on('client', (client) => {
    connected += 1;
    client.once('close', () => (connected -= 1));
    client.handle('BootNotification', () => ({
      status: 'Accepted',
      currentTime: currentTime(),
      interval: 300,
    }));
    client.handle('Heartbeat', () => ({ currentTime: currentTime() }));
    client.handle('StatusNotification', () => ({}));
    client.handle('MeterValues', () => ({}));
  });
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', rpc.handleUpgrade);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    clients: () => connected,
    async close() {
      await rpc.close({ force: true });
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
