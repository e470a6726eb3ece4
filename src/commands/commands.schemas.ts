/**
 * The HTTP shapes of remote commands (TypeBox, so they appear in the OpenAPI document). One body
 * schema per command, told apart by `command`; the neutral Command type is what they validate into.
 */
import { Type, type Static, type TObject } from '@fastify/type-provider-typebox';
import { ID_TOKEN_TYPES, TRIGGERABLE_MESSAGES, type Command, type CommandName } from './command.js';

/** A string enum, as OpenAPI shows it best. */
const literals = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

const EvseId = Type.Integer({ minimum: 1, description: '1.6 connectorId / 2.0.1 evseId: one compartment' });
/** Caps a single command's wait below OCPP_COMMAND_TIMEOUT_MS (a longer value is cut to it). */
const TimeoutMs = Type.Optional(
  Type.Integer({ minimum: 100, description: 'Wait at most this long for the answer (ms)' }),
);

const ComponentVariableSchema = Type.Object({
  component: Type.String({ minLength: 1, maxLength: 50 }),
  variable: Type.String({ minLength: 1, maxLength: 50 }),
  instance: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  evseId: Type.Optional(EvseId),
});

/**
 * The body schemas, one per command. They deliberately allow unknown properties: with Fastify's
 * `removeAdditional` an `additionalProperties: false` inside `anyOf` would strip fields while trying
 * the wrong branch. `commandFromBody` keeps only the fields each schema names instead.
 */
const variants = {
  startSession: Type.Object(
    {
      command: Type.Literal('startSession'),
      evseId: EvseId,
      idTag: Type.String({ minLength: 1, maxLength: 36, description: '1.6 allows 20 characters, 2.0.1 36' }),
      idTagType: Type.Optional(literals(ID_TOKEN_TYPES)),
      remoteStartId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
      timeoutMs: TimeoutMs,
    },
    { title: 'startSession', description: '1.6 RemoteStartTransaction, 2.0.1 RequestStartTransaction' },
  ),
  stopSession: Type.Object(
    {
      command: Type.Literal('stopSession'),
      transactionId: Type.String({ minLength: 1, maxLength: 36, description: 'An integer for 1.6 stations' }),
      timeoutMs: TimeoutMs,
    },
    { title: 'stopSession', description: '1.6 RemoteStopTransaction, 2.0.1 RequestStopTransaction' },
  ),
  unlock: Type.Object(
    {
      command: Type.Literal('unlock'),
      evseId: EvseId,
      reason: Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'Why the compartment is opened (emergency unlock); kept in the audit log',
      }),
      timeoutMs: TimeoutMs,
    },
    { title: 'unlock', description: 'UnlockConnector (both versions)' },
  ),
  reset: Type.Object(
    { command: Type.Literal('reset'), type: literals(['soft', 'hard'] as const), timeoutMs: TimeoutMs },
    { title: 'reset', description: '1.6 Soft/Hard, 2.0.1 OnIdle/Immediate' },
  ),
  changeAvailability: Type.Object(
    {
      command: Type.Literal('changeAvailability'),
      evseId: Type.Optional(EvseId),
      operative: Type.Boolean(),
      timeoutMs: TimeoutMs,
    },
    { title: 'changeAvailability', description: 'Without evseId the whole station' },
  ),
  getConfiguration: Type.Object(
    {
      command: Type.Literal('getConfiguration'),
      keys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 101 }), { maxItems: 100 })),
      variables: Type.Optional(Type.Array(ComponentVariableSchema, { maxItems: 100 })),
      timeoutMs: TimeoutMs,
    },
    { title: 'getConfiguration', description: '1.6 GetConfiguration, 2.0.1 GetVariables' },
  ),
  setConfiguration: Type.Object(
    {
      command: Type.Literal('setConfiguration'),
      key: Type.Optional(Type.String({ minLength: 1, maxLength: 101 })),
      variable: Type.Optional(ComponentVariableSchema),
      value: Type.String({ maxLength: 1000 }),
      timeoutMs: TimeoutMs,
    },
    { title: 'setConfiguration', description: '1.6 ChangeConfiguration, 2.0.1 SetVariables' },
  ),
  triggerMessage: Type.Object(
    {
      command: Type.Literal('triggerMessage'),
      message: literals(TRIGGERABLE_MESSAGES),
      evseId: Type.Optional(EvseId),
      timeoutMs: TimeoutMs,
    },
    { title: 'triggerMessage', description: 'TriggerMessage (both versions)' },
  ),
  clearCache: Type.Object(
    { command: Type.Literal('clearCache'), timeoutMs: TimeoutMs },
    { title: 'clearCache', description: 'ClearCache (both versions)' },
  ),
  sendLocalList: Type.Object(
    {
      command: Type.Literal('sendLocalList'),
      version: Type.Integer({ minimum: 1 }),
      updateType: literals(['full', 'differential'] as const),
      entries: Type.Array(
        Type.Object({
          idTag: Type.String({ minLength: 1, maxLength: 36 }),
          status: literals(['accepted', 'blocked', 'expired', 'invalid', 'removed'] as const),
          expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          idTagType: Type.Optional(literals(ID_TOKEN_TYPES)),
        }),
        { maxItems: 10000 },
      ),
      timeoutMs: TimeoutMs,
    },
    { title: 'sendLocalList', description: 'SendLocalList (both versions)' },
  ),
  getLocalListVersion: Type.Object(
    { command: Type.Literal('getLocalListVersion'), timeoutMs: TimeoutMs },
    { title: 'getLocalListVersion', description: 'GetLocalListVersion (both versions)' },
  ),
  getBaseReport: Type.Object(
    {
      command: Type.Literal('getBaseReport'),
      reportBase: literals(['configurationInventory', 'fullInventory', 'summaryInventory'] as const),
      requestId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
      timeoutMs: TimeoutMs,
    },
    { title: 'getBaseReport', description: '2.0.1 GetBaseReport; not supported by 1.6 stations' },
  ),
  setDisplayMessage: Type.Object(
    {
      command: Type.Literal('setDisplayMessage'),
      message: Type.String({ minLength: 1, maxLength: 512 }),
      language: Type.Optional(Type.String({ minLength: 2, maxLength: 8 })),
      priority: Type.Optional(literals(['alwaysFront', 'inFront', 'normalCycle'] as const)),
      id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
      timeoutMs: TimeoutMs,
    },
    { title: 'setDisplayMessage', description: '2.0.1 SetDisplayMessage; not supported by 1.6 stations' },
  ),
  dataTransfer: Type.Object(
    {
      command: Type.Literal('dataTransfer'),
      vendorId: Type.String({ minLength: 1, maxLength: 255 }),
      messageId: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
      data: Type.Optional(Type.Unknown({ description: 'Sent as JSON text to 1.6 stations unless a string' })),
      timeoutMs: TimeoutMs,
    },
    { title: 'dataTransfer', description: 'DataTransfer (both versions)' },
  ),
} satisfies Record<CommandName, TObject>;

export const CommandBody = Type.Union(
  [
    variants.startSession,
    variants.stopSession,
    variants.unlock,
    variants.reset,
    variants.changeAvailability,
    variants.getConfiguration,
    variants.setConfiguration,
    variants.triggerMessage,
    variants.clearCache,
    variants.sendLocalList,
    variants.getLocalListVersion,
    variants.getBaseReport,
    variants.setDisplayMessage,
    variants.dataTransfer,
  ],
  { title: 'CommandRequest', description: 'One remote command; `command` names it' },
);

/** The body schemas' static types must be the neutral commands (plus `timeoutMs`): checked by the compiler. */
type WithoutTimeout<T> = T extends unknown ? Omit<T, 'timeoutMs'> : never;
export const bodyIsCommand = (body: WithoutTimeout<Static<typeof CommandBody>>): Command => body;

export const COMMAND_BODY_SCHEMAS: Readonly<Record<CommandName, TObject>> = variants;

/** The neutral command in a body: only the fields its schema names, without `timeoutMs`. */
export function commandFromBody(body: { command: CommandName } & Record<string, unknown>): {
  command: Command;
  timeoutMs: number | undefined;
} {
  const schema: TObject = variants[body.command];
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    if (key !== 'timeoutMs' && body[key] !== undefined) picked[key] = body[key];
  }
  return {
    command: picked as Command,
    timeoutMs: typeof body.timeoutMs === 'number' ? body.timeoutMs : undefined,
  };
}

const ConfigurationValueSchema = Type.Object({
  key: Type.String(),
  component: Type.Optional(Type.String()),
  variable: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  evseId: Type.Optional(Type.Integer()),
  value: Type.Optional(Type.String()),
  readonly: Type.Optional(Type.Boolean()),
  status: Type.String(),
});

export const CommandResultSchema = Type.Object(
  {
    status: Type.String({
      description:
        "The station's status in lower camel case: accepted, rejected, unlocked, unlockFailed, scheduled, ...",
    }),
    raw: Type.Unknown({ description: "The station's answer exactly as received" }),
    statusInfo: Type.Optional(
      Type.Object({ reasonCode: Type.String(), additionalInfo: Type.Optional(Type.String()) }),
    ),
    transactionId: Type.Optional(Type.String()),
    remoteStartId: Type.Optional(Type.Integer()),
    requestId: Type.Optional(Type.Integer()),
    displayMessageId: Type.Optional(Type.Integer()),
    values: Type.Optional(Type.Array(ConfigurationValueSchema)),
    listVersion: Type.Optional(Type.Integer()),
    data: Type.Optional(Type.Unknown()),
  },
  { title: 'CommandResult' },
);

const CommandStatusSchema = literals(['pending', 'answered', 'failed', 'timeout', 'offline'] as const, {
  description:
    'pending → answered (the station replied), failed (CALLERROR or lost connection), timeout, offline',
});

export const SentCommandSchema = Type.Object({
  commandId: Type.String({ format: 'uuid' }),
  status: CommandStatusSchema,
  result: CommandResultSchema,
});

export const RemoteCommandSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    stationId: Type.String({ format: 'uuid' }),
    command: Type.String(),
    action: Type.String({ description: 'The OCPP action sent' }),
    status: CommandStatusSchema,
    request: Type.Object({
      command: Type.Unknown({ description: 'The neutral command, with the ids assigned to it' }),
      protocol: Type.Union([Type.String(), Type.Null()]),
      ocpp: Type.Union([Type.Object({ action: Type.String(), params: Type.Unknown() }), Type.Null()]),
    }),
    response: Type.Unknown({
      description: "The station's answer, or its CALLERROR (errorCode, errorDescription, errorDetails)",
    }),
    result: Type.Union([CommandResultSchema, Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    requestedBy: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'RemoteCommand' },
);
