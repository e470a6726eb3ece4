import type { RoutesPlugin } from '../api/route-context.js';

export const billingRoutes: RoutesPlugin = async () => {};
