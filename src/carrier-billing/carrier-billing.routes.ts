import type { RoutesPlugin } from '../api/route-context.js';

export const carrierBillingRoutes: RoutesPlugin = async () => {};
