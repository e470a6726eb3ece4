/**
 * Sends remote commands to stations: one verb for the REST API, the portal and internal flows (SMS).
 * Every command is recorded in remote_commands with its outcome, and in the audit log with who asked.
 * A station that is not connected fails at once; nothing waits for it to come back.
 */
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { actorLabel, recordAudit } from '../audit/audit.js';
import { assertVisible, requirePermission } from '../access/tenant-scope.js';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { CommandStatus, OcppVersion } from '../db/schema.js';
import type { ConnectionRegistry, StationLink } from '../ocpp/connections.js';
import { systemActor, type Ctx } from '../shared/context.js';
import {
  FachwerkError,
  StationOffline,
  StationRejected,
  StationTimeout,
  ValidationFailed,
} from '../shared/errors.js';
import { classifyCallFailure } from './call-failure.js';
import { withAssignedIds, type Command, type CommandResult, type OcppRequest } from './command.js';
import {
  findCommand,
  findCommandTarget,
  finishCommand,
  insertCommand,
  listCommands,
  type CommandTarget,
  type RemoteCommandRow,
} from './commands.repository.js';
import { requestFor, translatorFor } from './translation.js';

export interface CommandServiceDeps {
  db: Db;
  config: Config;
  log: Logger;
  now: () => Date;
  connections: ConnectionRegistry;
  /** Ids a 2.0.1 station echoes back (remoteStartId, requestId, display message id). */
  nextId?: () => number;
}

export interface SendOptions {
  /** A shorter wait than the configured OCPP_COMMAND_TIMEOUT_MS; a longer one is cut to it. */
  timeoutMs?: number;
}

/** What is stored as remote_commands.request: the neutral command and what went on the wire. */
export interface StoredRequest {
  command: Command;
  protocol: OcppVersion | null;
  ocpp: OcppRequest | null;
}

export interface SentCommand {
  commandId: string;
  status: CommandStatus;
  result: CommandResult;
}

export interface RemoteCommandView {
  id: string;
  stationId: string;
  command: string;
  action: string;
  status: CommandStatus;
  request: StoredRequest;
  /** The station's answer exactly as received; for a CALLERROR its code, description and details. */
  response: unknown;
  /** The neutral reading of an answered command. */
  result: CommandResult | null;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  answeredAt: string | null;
}

export interface ListCommandsQuery {
  limit?: number;
}

const MAX_REASON_LENGTH = 500;
const MAX_LIST = 200;

/** Rules a command must meet whatever the station's version. */
function checkCommand(command: Command): Command {
  if (command.command === 'unlock') {
    const reason = command.reason.trim();
    // Opening a locker compartment from afar hands its contents to whoever stands there: always say why.
    if (reason === '')
      throw new ValidationFailed('An unlock needs a reason (emergency unlock)', { field: 'reason' });
    if (reason.length > MAX_REASON_LENGTH) {
      throw new ValidationFailed(`The reason may have at most ${MAX_REASON_LENGTH} characters`, {
        field: 'reason',
      });
    }
    return { ...command, reason };
  }
  return command;
}

function auditDetails(commandId: string, command: Command, request: StoredRequest): Record<string, unknown> {
  return {
    commandId,
    command: command.command,
    action: request.ocpp?.action ?? null,
    ...('evseId' in command && command.evseId !== undefined ? { evseId: command.evseId } : {}),
    ...(command.command === 'unlock' ? { reason: command.reason } : {}),
  };
}

/** Timed out while an earlier command to the same station still waited for its answer. */
class NotSentInTime extends Error {
  constructor(timeoutMs: number) {
    super(
      `Not sent within ${timeoutMs} ms: an earlier command to the station was still waiting for its answer`,
    );
  }
}

export class CommandService {
  private readonly nextId: () => number;
  /** Per charge box id: settles when the last queued command is done. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: CommandServiceDeps) {
    this.nextId = deps.nextId ?? (() => randomInt(1, 2 ** 31 - 1));
  }

  /**
   * Sends one command and waits for the station's answer. Throws StationOffline (not connected,
   * immediately), StationTimeout (no answer in time), StationRejected (CALLERROR), NotSupported
   * (the station's OCPP version lacks the command) or ValidationFailed. `stationId` is the
   * station's UUID or its charge box id.
   */
  async send(ctx: Ctx, stationId: string, input: Command, options: SendOptions = {}): Promise<SentCommand> {
    requirePermission(ctx.actor, 'stations:command');
    const station = assertVisible(
      ctx.actor,
      await findCommandTarget(this.deps.db, stationId),
      'station',
      stationId,
    );
    const command = withAssignedIds(checkCommand(input), this.nextId);
    const link = this.linkOf(station);
    if (link === undefined) return this.recordOffline(ctx, station, command);

    const ocpp = requestFor(link.protocol, command);
    const request: StoredRequest = { command, protocol: link.protocol, ocpp };
    const row = await this.recordPending(ctx, station, command, request, 'pending');
    const timeoutMs = Math.min(
      options.timeoutMs ?? this.deps.config.commandTimeoutMs,
      this.deps.config.commandTimeoutMs,
    );
    const log = ctx.log.child({ stationId: station.id, chargeBoxId: station.chargeBoxId, commandId: row.id });

    let payload: unknown;
    try {
      payload = await this.call(link, ocpp, timeoutMs);
    } catch (error) {
      throw await this.recordFailure(ctx, log, station, row, ocpp.action, timeoutMs, error);
    }
    const result = translatorFor(link.protocol).fromOcpp(command, payload);
    await finishCommand(this.deps.db, row.id, {
      status: 'answered',
      response: payload,
      error: null,
      answeredAt: ctx.now(),
    });
    log.info({ action: ocpp.action, status: result.status }, 'command answered');
    return { commandId: row.id, status: 'answered', result };
  }

  /** For internal flows (SMS, jobs): acts as the system, which may command any station. */
  async sendAsSystem(
    reason: string,
    stationId: string,
    command: Command,
    options: SendOptions = {},
  ): Promise<SentCommand> {
    const ctx: Ctx = { actor: systemActor(reason), now: this.deps.now, log: this.deps.log };
    return this.send(ctx, stationId, command, options);
  }

  async get(ctx: Ctx, commandId: string): Promise<RemoteCommandView> {
    requirePermission(ctx.actor, 'stations:read');
    const row = assertVisible(ctx.actor, await findCommand(this.deps.db, commandId), 'command', commandId);
    return toView(row);
  }

  /** The station's most recent commands, newest first. */
  async list(ctx: Ctx, stationId: string, query: ListCommandsQuery = {}): Promise<RemoteCommandView[]> {
    requirePermission(ctx.actor, 'stations:read');
    const station = assertVisible(
      ctx.actor,
      await findCommandTarget(this.deps.db, stationId),
      'station',
      stationId,
    );
    const limit = Math.max(1, Math.min(query.limit ?? 50, MAX_LIST));
    return (await listCommands(this.deps.db, station.id, limit)).map(toView);
  }

  private linkOf(station: CommandTarget): StationLink | undefined {
    const link = this.deps.connections.get(station.chargeBoxId);
    // The registry is keyed by charge box id; a link for another station row is not this station.
    return link !== undefined && link.stationId === station.id ? link : undefined;
  }

  /**
   * Waits for the answer at most `timeoutMs` in all, whatever the link does with its own timeout,
   * and cancels the call through the signal when the time is up.
   *
   * Commands to one station go out one after another, queued here rather than in the connection:
   * a command whose time runs out while it waits for its turn is dropped and never sent. Queued in
   * the connection, it would still reach the station after we reported the timeout, and a
   * compartment could unlock when nobody expects it any more.
   */
  private async call(link: StationLink, request: OcppRequest, timeoutMs: number): Promise<unknown> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let sent = false;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = sent ? new Error(`No answer within ${timeoutMs} ms`) : new NotSentInTime(timeoutMs);
        error.name = 'TimeoutError';
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const key = link.chargeBoxId;
    const previous = this.queues.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const turn = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.queues.set(key, turn);
    try {
      await Promise.race([previous, expired]);
      sent = true;
      return await Promise.race([
        link.call(request.action, request.params, { timeoutMs, signal: controller.signal }),
        expired,
      ]);
    } finally {
      clearTimeout(timer);
      // `release` is the real one once our turn came; before that, the queue moves on by itself
      // when `previous` settles, and our turn resolves at once.
      if (sent) release();
      else void previous.then(() => release());
      void turn.then(() => {
        if (this.queues.get(key) === turn) this.queues.delete(key);
      });
    }
  }

  private async recordPending(
    ctx: Ctx,
    station: CommandTarget,
    command: Command,
    request: StoredRequest,
    status: 'pending' | 'offline',
  ): Promise<RemoteCommandRow> {
    return this.deps.db.transaction(async (tx) => {
      const row = await insertCommand(tx, {
        institutionId: station.institutionId,
        stationId: station.id,
        command: command.command,
        action: request.ocpp?.action ?? command.command,
        request,
        status,
        ...(status === 'offline' ? { error: 'Station not connected' } : {}),
        requestedBy: actorLabel(ctx.actor),
        createdAt: ctx.now(),
      });
      await recordAudit(tx, ctx, {
        institutionId: station.institutionId,
        action: `station.command.${command.command}`,
        target: `station:${station.id}`,
        details: {
          ...auditDetails(row.id, command, request),
          ...(status === 'offline' ? { outcome: 'offline' } : {}),
        },
      });
      return row;
    });
  }

  private async recordOffline(ctx: Ctx, station: CommandTarget, command: Command): Promise<never> {
    // The station's last known version says what would have been sent, and refuses what it lacks.
    const protocol = station.ocppVersion;
    const ocpp = protocol === null ? null : requestFor(protocol, command);
    await this.recordPending(ctx, station, command, { command, protocol, ocpp }, 'offline');
    throw new StationOffline(station.id);
  }

  private async recordFailure(
    ctx: Ctx,
    log: Logger,
    station: CommandTarget,
    row: RemoteCommandRow,
    action: string,
    timeoutMs: number,
    error: unknown,
  ): Promise<Error> {
    const failure = classifyCallFailure(error);
    const finish = (status: 'failed' | 'timeout' | 'offline', message: string, response: unknown = null) =>
      finishCommand(this.deps.db, row.id, { status, response, error: message, answeredAt: null });
    switch (failure.kind) {
      case 'timeout':
        await finish(
          'timeout',
          error instanceof NotSentInTime ? error.message : `No answer within ${timeoutMs} ms`,
        );
        log.warn({ action, timeoutMs }, 'command timed out');
        return new StationTimeout(station.id, action, timeoutMs);
      case 'rejected': {
        const reason = `${failure.errorCode}: ${failure.errorDescription}`;
        // The CALLERROR is the station's answer: kept as it came (code, description, details).
        await finishCommand(this.deps.db, row.id, {
          status: 'failed',
          response: {
            errorCode: failure.errorCode,
            errorDescription: failure.errorDescription,
            errorDetails: failure.errorDetails,
          },
          error: reason,
          answeredAt: ctx.now(),
        });
        log.warn({ action, errorCode: failure.errorCode }, 'command rejected by station');
        return new StationRejected(station.id, action, reason);
      }
      case 'disconnected':
        await finish('failed', `Connection lost before the answer: ${failure.message}`);
        log.warn({ action }, 'station disconnected during command');
        return new StationOffline(station.id);
      case 'unknown':
        await finish('failed', failure.message);
        log.error({ err: error, action }, 'command failed');
        return error instanceof FachwerkError
          ? error
          : new Error(`Command ${action} failed: ${failure.message}`);
    }
  }
}

function toView(row: RemoteCommandRow): RemoteCommandView {
  const request = row.request as StoredRequest;
  const result =
    row.status === 'answered' && request.protocol !== null
      ? translatorFor(request.protocol).fromOcpp(request.command, row.response)
      : null;
  return {
    id: row.id,
    stationId: row.stationId,
    command: row.command,
    action: row.action,
    status: row.status,
    request,
    response: row.response ?? null,
    result,
    error: row.error,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
  };
}
