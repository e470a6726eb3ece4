/**
 * The OCPP central system: an ocpp-rpc server in strict mode on the shared HTTP(S) server. It
 * authenticates stations at the WebSocket upgrade, keeps one `StationConnection` per station in the
 * ConnectionRegistry, hands each inbound CALL to the adapter of the negotiated version (v16/, v201/),
 * and taps every frame into the message log.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ocppRpc from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { Services } from '../app/services.js';
import type { Config } from '../config/config.js';
import type { Ctx } from '../shared/context.js';
import { systemActor } from '../shared/context.js';
import { jsonText, type OcppMessageRow } from '../message-log/message-log.service.js';
import type { AuthenticatedStation, StationRef } from '../stations/station-state.service.js';
import type { ActionTable } from './actions.js';
import { notAcceptedError, toCallError } from './call-errors.js';
import { parseOcppPath } from './endpoint.js';
import { OCPP_PROTOCOLS, isOcppProtocol, type OcppProtocol } from './protocol.js';
import { StationConnection, type RpcConnection } from './station-connection.js';
import { v16Actions } from './v16/handlers.js';
import { v201Actions } from './v201/handlers.js';
import { OCPP_VALIDATORS } from './validators.js';

const { RPCServer } = ocppRpc;

export interface CentralSystemDeps {
  services: Services;
  config: Config;
  log: Logger;
}

interface Handshake {
  protocols: Set<string>;
  password: Buffer | undefined;
  remoteAddress: string | undefined;
  request: IncomingMessage;
}

type Accept = (session?: Record<string, unknown>, protocol?: string | false) => void;
type Reject = (code: number, message: string) => void;

/** What a station that is not accepted may still send (B02.FR.09 / 1.6 §4.2). */
const OPEN_TO_UNACCEPTED = new Set(['BootNotification', 'Heartbeat']);

/** How long close() gives stations to finish the closing handshake before cutting them off. */
const CLOSE_GRACE_MS = 2_000;

interface Adapter {
  actions: ActionTable;
  names: readonly string[];
}

const ADAPTERS: Record<OcppProtocol, Adapter> = {
  'ocpp1.6': { actions: v16Actions, names: Object.keys(v16Actions) },
  'ocpp2.0.1': { actions: v201Actions, names: Object.keys(v201Actions) },
};

export class CentralSystem {
  private readonly rpc: InstanceType<typeof RPCServer>;
  private readonly open = new Set<StationConnection>();
  private readonly ready: Promise<void>;
  private readonly log: Logger;
  private closed = false;

  constructor(private readonly deps: CentralSystemDeps) {
    this.log = deps.log.child({ module: 'ocpp' });
    this.rpc = new RPCServer({
      protocols: [...OCPP_PROTOCOLS],
      strictMode: true,
      strictModeValidators: OCPP_VALIDATORS as never,
      callTimeoutMs: deps.config.commandTimeoutMs,
      deferPingsOnActivity: true,
      respondWithDetailedErrors: false,
    });
    this.rpc.auth((accept, reject, handshake, signal) => {
      this.authenticate(accept, reject, handshake as unknown as Handshake, signal).catch((error: unknown) => {
        this.log.error({ err: error }, 'authenticating a station failed');
        reject(500, 'Internal error');
      });
    });
    this.rpc.on('client', (client: unknown) => this.onClient(client as RpcConnection));
    this.rpc.on('error', (error: unknown) => this.log.warn({ err: error }, 'OCPP WebSocket server error'));
    // Stations this node held before a restart are not connected any more.
    this.ready = deps.services.stationState
      .resetConnectionsOfThisNode(this.systemCtx())
      .catch((error: unknown) => {
        this.log.warn({ err: error }, 'resetting the connection state of this node failed');
      });
  }

  /** Connected stations on this node (replaced connections still closing included). */
  get connectionCount(): number {
    return this.open.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closed || parseOcppPath(request.url ?? '') === undefined) {
      refuse(socket, this.closed ? 503 : 404);
      return;
    }
    this.rpc.handleUpgrade(request, socket as Socket, head).catch((error: unknown) => {
      this.log.debug({ err: error }, 'WebSocket upgrade failed');
      socket.destroy();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connections = [...this.open];
    const graceful = Promise.all(
      connections.map((c) =>
        c.rpc.close({ code: 1001, reason: 'Server shutting down' }).catch(() => undefined),
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    await Promise.race([graceful, timeout]);
    clearTimeout(timer);
    await Promise.all([...this.open].map((c) => c.rpc.close({ force: true }).catch(() => undefined)));
    await this.rpc.close({ force: true });
    const { services } = this.deps;
    await services.sessions.flush();
    await services.stationState.close();
    await services.messageLog.close();
  }

  private systemCtx(): Ctx {
    return { actor: systemActor('ocpp'), now: this.deps.services.deps.now, log: this.log };
  }

  private async authenticate(
    accept: Accept,
    reject: Reject,
    handshake: Handshake,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    await this.ready;
    // ocpp-rpc would accept a client offering no subprotocol it knows (with protocol ""): refuse it.
    const protocol = OCPP_PROTOCOLS.find((p) => handshake.protocols.has(p));
    if (protocol === undefined) {
      reject(400, 'Offer the WebSocket subprotocol ocpp1.6 or ocpp2.0.1');
      return;
    }
    const endpoint = parseOcppPath(handshake.request.url ?? '');
    if (endpoint === undefined) {
      reject(404, 'Not found');
      return;
    }
    const result = await this.deps.services.stationState.authenticateConnection(this.systemCtx(), {
      chargeBoxId: endpoint.chargeBoxId,
      password: handshake.password?.toString('utf8'),
      institutionSlug: endpoint.institutionSlug,
    });
    if (signal?.aborted === true) return;
    if (!result.ok) {
      this.log.warn(
        { station: endpoint.chargeBoxId, reason: result.reason, remoteAddress: handshake.remoteAddress },
        'station connection refused',
      );
      reject(401, 'Unauthorized');
      return;
    }
    accept({ station: result.station }, protocol);
  }

  private onClient(rpc: RpcConnection): void {
    const { station: authenticated } = rpc.session as { station: AuthenticatedStation };
    const protocol = rpc.protocol;
    if (!isOcppProtocol(protocol)) {
      // Cannot happen: authenticate() picked one of ours.
      void rpc.close({ code: 1002, reason: 'No OCPP subprotocol' });
      return;
    }
    const station: StationRef = {
      stationId: authenticated.stationId,
      institutionId: authenticated.institutionId,
      chargeBoxId: authenticated.chargeBoxId,
    };
    const { services } = this.deps;
    const ctx: Ctx = {
      actor: { kind: 'station', stationId: station.stationId, institutionId: station.institutionId },
      now: services.deps.now,
      log: this.log.child({ station: station.chargeBoxId, stationId: station.stationId }),
    };
    const conn = new StationConnection(rpc, station, protocol, authenticated.registration, ctx);
    this.open.add(conn);

    const previous = services.connections.set(conn);
    if (previous instanceof StationConnection) {
      ctx.log.info('a new connection of the station replaces the previous one');
      previous.close('Replaced by a new connection').catch(() => undefined);
    }

    const adapter = ADAPTERS[protocol];
    const handler = (call: { method: string; params: unknown }) =>
      this.dispatch(conn, adapter.actions, call.method, call.params);
    for (const action of adapter.names) rpc.handle(action, handler);
    this.tapMessages(conn);
    rpc.on(
      'strictValidationFailure',
      (event: { outbound: boolean; isCall: boolean; method: string; error: Error }) => {
        if (event.outbound && !event.isCall) {
          ctx.log.error(
            { action: event.method, err: event.error },
            'our answer broke the OCPP schema; sent InternalError',
          );
        } else {
          ctx.log.debug(
            { action: event.method, outbound: event.outbound, err: event.error.message },
            'schema violation',
          );
        }
      },
    );
    rpc.once('close', () => {
      this.open.delete(conn);
      // A replaced connection closing late changes nothing: the registry holds the new one.
      if (services.connections.delete(conn)) services.stationState.disconnected(ctx, station);
      ctx.log.debug('station disconnected');
    });
    services.stationState.connected(ctx, station, protocol);
    ctx.log.debug({ protocol, registration: conn.registration }, 'station connected');
  }

  private async dispatch(
    conn: StationConnection,
    actions: ActionTable,
    action: string,
    params: unknown,
  ): Promise<unknown> {
    const { services } = this.deps;
    services.stationState.seen(conn.station);
    if (conn.registration !== 'accepted' && !OPEN_TO_UNACCEPTED.has(action))
      throw notAcceptedError(conn.protocol);
    try {
      return await actions[action]!(conn, params, services);
    } catch (error) {
      throw toCallError(error, conn.ctx.log, action);
    }
  }

  /**
   * Every CALL, CALLRESULT and CALLERROR to and from the station goes to the message log: a CALL is
   * held here until its answer, then recorded with it as one row.
   */
  private tapMessages(conn: StationConnection): void {
    const messageLog = this.deps.services.messageLog;
    if (!messageLog.enabled) return;
    const { stationId } = conn;
    const rpc = conn.rpc;
    // CALLs waiting for their answer, by direction and message id; created on first use.
    let open: Map<string, OcppMessageRow> | undefined;
    const lone = (
      direction: 'in' | 'out',
      messageType: 3 | 4,
      messageId: string,
      action: string | null,
      payload: unknown,
    ) =>
      messageLog.record({
        stationId,
        direction,
        messageType,
        messageId,
        action,
        payloadJson: jsonText(payload),
        at: Date.now(),
        responseType: null,
        responseJson: null,
        answeredAt: null,
      });
    const answered = (
      outbound: boolean,
      messageId: string,
      action: string,
      type: 3 | 4,
      payload: unknown,
    ) => {
      const key = (outbound ? 'o' : 'i') + messageId;
      const call = open?.get(key);
      if (call === undefined) {
        // The answer goes the other way than its CALL.
        lone(outbound ? 'in' : 'out', type, messageId, action, payload);
        return;
      }
      open!.delete(key);
      call.responseType = type;
      call.responseJson = jsonText(payload);
      call.answeredAt = Date.now();
      messageLog.record(call);
    };
    rpc.on('call', (event: { outbound: boolean; payload: [number, string, string, unknown] }) => {
      const [, messageId, action, params] = event.payload;
      (open ??= new Map()).set((event.outbound ? 'o' : 'i') + messageId, {
        stationId,
        direction: event.outbound ? 'out' : 'in',
        messageType: 2,
        messageId,
        action,
        payloadJson: jsonText(params),
        at: Date.now(),
        responseType: null,
        responseJson: null,
        answeredAt: null,
      });
    });
    rpc.on(
      'callResult',
      (event: { outbound: boolean; messageId: string; method: string; result: unknown }) => {
        answered(event.outbound, event.messageId, event.method, 3, event.result);
      },
    );
    rpc.on(
      'callError',
      (event: { outbound: boolean; messageId: string; method: string; error: RpcFailure }) => {
        answered(event.outbound, event.messageId, event.method, 4, {
          errorCode: wireErrorCode(conn.protocol, event.error.rpcErrorCode ?? 'GenericError'),
          errorDescription: event.error.message,
          errorDetails: event.error.details ?? {},
        });
      },
    );
    rpc.on('badMessage', (event: { error: Error; response: unknown[] | null }) => {
      conn.ctx.log.debug({ err: event.error.message }, 'malformed OCPP frame');
      if (event.response === null) return;
      const [, messageId, errorCode, errorDescription, errorDetails] = event.response;
      lone('out', 4, String(messageId), null, { errorCode, errorDescription, errorDetails });
    });
    rpc.once('close', () => {
      // CALLs that never got an answer are kept without one.
      for (const call of open?.values() ?? []) messageLog.record(call);
      open = undefined;
    });
  }
}

interface RpcFailure extends Error {
  rpcErrorCode?: string;
  details?: unknown;
}

/** ocpp-rpc renames two codes for 1.6 on the wire (OCPP 1.6J errata §5); the log shows what was sent. */
function wireErrorCode(protocol: OcppProtocol, code: string): string {
  if (protocol !== 'ocpp1.6') return code;
  if (code === 'FormatViolation') return 'FormationViolation';
  if (code === 'OccurenceConstraintViolation') return 'OccurrenceConstraintViolation';
  return code;
}

/** Answers an upgrade that is no OCPP connection with a plain HTTP status. */
function refuse(socket: Duplex, status: 404 | 503): void {
  const text = status === 404 ? 'Not Found' : 'Service Unavailable';
  // As ws does it: the answer is handed to the kernel by write(), then the socket goes.
  if (socket.writable)
    socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
