/**
 * Public pages for people at the locker, without log-in: the receipt page (link from the closing SMS,
 * or compartment name + receipt PIN, rate limited) with its PDF, and a compartment's page (state,
 * price, "start by SMS"). Server-rendered, German first, English at a click, accessible.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../app/services.js';

export interface PublicRoutesOptions {
  services: Services;
}

export const publicRoutes: FastifyPluginAsync<PublicRoutesOptions> = async () => {};
