import type { RoutesPlugin } from '../api/route-context.js';

export const labelsRoutes: RoutesPlugin = async () => {};
