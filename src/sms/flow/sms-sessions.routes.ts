import type { RoutesPlugin } from '../../api/route-context.js';

export const smsSessionsRoutes: RoutesPlugin = async () => {};
