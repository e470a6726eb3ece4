/**
 * The contract between the HTTP app and the route modules. Each `*.routes.ts` exports a plugin of
 * type `RoutesPlugin`; `request.ctx` carries the authenticated actor (set by api/auth.ts), and routes
 * marked `config: { public: true }` skip authentication.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../app/services.js';
import type { Ctx } from '../shared/context.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** Open to a platform admin who must still enrol a second factor (api/auth.ts). */
    allowWithoutTotp?: boolean;
  }
}

export interface RoutesOptions {
  services: Services;
}

export type RoutesPlugin = FastifyPluginAsyncTypebox<RoutesOptions>;
