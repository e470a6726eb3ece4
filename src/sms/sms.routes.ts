import type { RoutesPlugin } from '../api/route-context.js';

export const smsRoutes: RoutesPlugin = async () => {};
