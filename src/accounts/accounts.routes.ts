import type { RoutesPlugin } from '../api/route-context.js';

export const accountsRoutes: RoutesPlugin = async () => {};
