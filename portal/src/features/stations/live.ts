/** The live events that change what the operations pages show. */
export const STATION_EVENTS = [
  'station.connected',
  'station.disconnected',
  'station.booted',
  'chargePoint.status',
  'chargePoint.door',
  'session.started',
  'session.updated',
  'session.stopped',
] as const;
