/** Schemas shared by every route module: ids, timestamps, problems, paging. */
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { ErrorCode } from '../shared/errors.js';
import { ERROR_STATUS } from './problem.js';

export const Uuid = Type.String({ format: 'uuid' });
/** In responses: services hand out Date objects; the serializer writes them as ISO 8601 UTC. */
export const Timestamp = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
/** In requests: an ISO 8601 string, parsed by the route. */
export const TimestampInput = Type.String({ format: 'date-time' });
/** A string from a fixed list, written as one `enum` in the OpenAPI document. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
/**
 * `null` comes first: Fastify's Ajv coerces types, and with the value schema first it would turn a
 * JSON null into 0 or "" before ever trying the null branch.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:fachwerk:problem:{code}' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Type.Unsafe<unknown>({ $ref: 'Problem#' }) } },
});

/**
 * The error responses a route can give, for the OpenAPI document and the serializer; 400 (schema),
 * 401 and 500 can happen on every authenticated route, so they are always added.
 */
export function errorResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, string[]>([
    [400, ['validation_failed']],
    [401, ['unauthenticated']],
    [500, ['internal']],
  ]);
  for (const code of codes) {
    const status = ERROR_STATUS[code].status;
    const list = byStatus.get(status) ?? [];
    if (!list.includes(code)) list.push(code);
    byStatus.set(status, list);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [status, problemResponse(`Problem: ${list.join(', ')}`)]),
  ) as Record<number, ReturnType<typeof problemResponse>>;
}

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const NoContent = Type.Null({ description: 'No content' });
