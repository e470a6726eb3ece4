/**
 * A tiny CSMS for the simulator's own tests: an ocpp-rpc RPCServer in strict mode (so every frame
 * the simulator sends is checked against the official schemas) that answers with sensible
 * defaults, records every call, and lets a test send commands or cut a station's connection.
 * It is not Fachwerk's central system; that one is tested with the simulator elsewhere.
 */
import { RPCServer, type RPCClient } from 'ocpp-rpc';

export type Version = 'ocpp1.6' | 'ocpp2.0.1';

/** Tests dig into arbitrary OCPP payloads; strict mode has already checked their shape on the wire. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

export interface RecordedCall {
  seq: number;
  identity: string;
  action: string;
  params: Payload;
  at: number;
}

export type Responder = (params: Record<string, unknown>, identity: string) => unknown;

export interface TestCsmsOptions {
  /** The HTTP Basic password every station must present; a wrong or missing one is refused with 401. */
  password?: string;
  /** Tokens (idTag / idToken values) the CSMS accepts; everything else is Invalid. */
  acceptedTokens?: string[];
  heartbeatIntervalS?: number;
  /** Default: a free port. */
  port?: number;
}

interface Violation {
  identity: string;
  action: string;
  outbound: boolean;
  error: Error;
}

export class TestCsms {
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  readonly acceptedTokens: Set<string>;
  private readonly clients = new Map<string, RPCClient>();
  private readonly responders = new Map<string, Responder>();
  private nextTransactionId = 1;
  private seq = 0;

  private constructor(
    private readonly server: RPCServer,
    readonly port: number,
    private readonly options: TestCsmsOptions,
  ) {
    this.acceptedTokens = new Set(options.acceptedTokens ?? []);
  }

  static async start(options: TestCsmsOptions = {}): Promise<TestCsms> {
    const server = new RPCServer({ protocols: ['ocpp2.0.1', 'ocpp1.6'], strictMode: true });
    const httpServer = await server.listen(options.port ?? 0, '127.0.0.1');
    const address = httpServer.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const csms = new TestCsms(server, address.port, options);
    server.auth((accept, reject, handshake) => {
      const given = handshake.password?.toString('utf8');
      if (options.password !== undefined && given !== options.password) {
        reject(401, 'Unauthorized');
        return;
      }
      // ocpp-rpc accepts a client without a known subprotocol; a real CSMS does not.
      if (![...handshake.protocols].some((p) => p === 'ocpp1.6' || p === 'ocpp2.0.1')) {
        reject(400, 'no OCPP subprotocol');
        return;
      }
      accept({ identity: handshake.identity });
    });
    server.on('client', (client: RPCClient & { identity: string; protocol: Version }) => csms.attach(client));
    return csms;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ocpp`;
  }

  /** Replaces the default answer for an action. */
  respond(action: string, responder: Responder): void {
    this.responders.set(action, responder);
  }

  /** Back to the default answer. */
  restore(action: string): void {
    this.responders.delete(action);
  }

  /** Removes and returns the schema violations of one station (for tests that send bad frames on purpose). */
  takeViolations(identity: string): Violation[] {
    const taken = this.violations.filter((v) => v.identity === identity);
    const kept = this.violations.filter((v) => v.identity !== identity);
    this.violations.splice(0, this.violations.length, ...kept);
    return taken;
  }

  /** A position in the call history; pass it as `since` to wait only for calls after this point. */
  mark(): number {
    return this.seq;
  }

  callsOf(identity: string, action?: string, since = 0): RecordedCall[] {
    return this.calls.filter(
      (c) => c.identity === identity && (action === undefined || c.action === action) && c.seq > since,
    );
  }

  /** Resolves with the first recorded call (after `since`) that matches; polls so calls made earlier count too. */
  async waitForCall(
    identity: string,
    action: string,
    predicate: (params: Payload) => boolean = () => true,
    { since = 0, timeoutMs = 5_000 }: { since?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.callsOf(identity, action, since).find((c) => predicate(c.params));
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const seen = this.callsOf(identity, undefined, since).map((c) => c.action);
        throw new Error(
          `${identity}: no matching ${action} within ${timeoutMs} ms; saw ${seen.join(', ') || 'nothing'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits until `count` matching calls arrived. */
  async waitForCalls(
    identity: string,
    action: string,
    count: number,
    predicate: (params: Payload) => boolean = () => true,
    { since = 0, timeoutMs = 5_000 }: { since?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.callsOf(identity, action, since).filter((c) => predicate(c.params));
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`${identity}: ${found.length} of ${count} ${action} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  isConnected(identity: string): boolean {
    return this.clients.get(identity)?.state === 1;
  }

  async waitForConnection(identity: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isConnected(identity)) {
      if (Date.now() > deadline) throw new Error(`${identity} did not connect within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Sends a command to a connected station and resolves with its answer. */
  async command(identity: string, action: string, params: Record<string, unknown> = {}): Promise<Payload> {
    const client = this.clients.get(identity);
    if (client === undefined) throw new Error(`${identity} is not connected`);
    return (await client.call(action, params)) as Payload;
  }

  /** Cuts the station's socket without a close handshake, like a network failure. */
  async cut(identity: string): Promise<void> {
    await this.clients.get(identity)?.close({ force: true });
  }

  async close(): Promise<void> {
    await this.server.close({ force: true });
  }

  private attach(client: RPCClient & { identity: string; protocol: Version }): void {
    const identity = client.identity;
    this.clients.set(identity, client);
    client.on('strictValidationFailure', (event: { method: string; outbound: boolean; error: Error }) => {
      this.violations.push({ identity, action: event.method, outbound: event.outbound, error: event.error });
    });
    client.handle(async ({ method, params }) => {
      const action = String(method);
      const p = (params ?? {}) as Record<string, unknown>;
      this.calls.push({ seq: ++this.seq, identity, action, params: p, at: Date.now() });
      const custom = this.responders.get(action);
      const result =
        custom !== undefined ? custom(p, identity) : this.defaultAnswer(client.protocol, action, p);
      return result as Payload;
    });
  }

  private defaultAnswer(version: Version, action: string, params: Record<string, unknown>): unknown {
    const now = new Date().toISOString();
    const interval = this.options.heartbeatIntervalS ?? 300;
    const accepted = (token: string) => (this.acceptedTokens.has(token) ? 'Accepted' : 'Invalid');
    if (version === 'ocpp1.6') {
      switch (action) {
        case 'BootNotification':
          return { status: 'Accepted', interval, currentTime: now };
        case 'Heartbeat':
          return { currentTime: now };
        case 'Authorize':
          return { idTagInfo: { status: accepted(String(params.idTag)) } };
        case 'StartTransaction':
          return {
            transactionId: this.nextTransactionId++,
            idTagInfo: { status: accepted(String(params.idTag)) },
          };
        case 'DataTransfer':
          return { status: 'Accepted' };
        default:
          return {};
      }
    }
    switch (action) {
      case 'BootNotification':
        return { status: 'Accepted', interval, currentTime: now };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return { idTokenInfo: { status: accepted(String((params.idToken as { idToken: string }).idToken)) } };
      case 'TransactionEvent': {
        const token = (params.idToken as { idToken: string } | undefined)?.idToken;
        return token === undefined || params.eventType !== 'Started'
          ? {}
          : { idTokenInfo: { status: accepted(token) } };
      }
      case 'DataTransfer':
        return { status: 'Accepted' };
      default:
        return {};
    }
  }
}
