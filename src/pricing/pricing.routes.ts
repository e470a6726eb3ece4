import type { RoutesPlugin } from '../api/route-context.js';

export const pricingRoutes: RoutesPlugin = async () => {};
