/**
 * Server-sent events: the live state changes (station online/offline, charge point status, doors,
 * sessions) of the caller's institution, as they happen. The portal keeps one stream open per tab.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import { canSee, requirePermission } from '../access/tenant-scope.js';
import type { RoutesPlugin } from './route-context.js';
import { errorResponses } from './schemas.js';

/** Proxies close idle connections after about a minute; a comment line keeps the stream alive. */
const KEEPALIVE_MS = 25_000;

export const eventsRoutes: RoutesPlugin = async (app, { services }) => {
  const open = new Set<ServerResponse>();
  // Open streams never end on their own; closing the server ends them so it can shut down.
  app.addHook('onClose', async () => {
    for (const response of open) response.end();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['live'],
        summary: 'Live events of the caller’s institution (text/event-stream)',
        description:
          'Each message has `event:` set to the event type (station.connected, chargePoint.status, session.started, ...) ' +
          'and `data:` the event as JSON. A comment line is sent every 25 s.',
        response: {
          200: {
            description: 'An event stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses('forbidden'),
        },
      },
    },
    async (request, reply) => {
      const { actor } = request.ctx;
      requirePermission(actor, 'stations:read');
      const response = reply.raw;
      reply.hijack();
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write(': connected\n\n');
      const unsubscribe = services.deps.live.subscribe((event) => {
        if (!canSee(actor, event.institutionId)) return;
        response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      open.add(response);
      const stop = () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(response);
      };
      request.raw.on('close', stop);
      response.on('close', stop);
    },
  );
};
