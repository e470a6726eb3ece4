import type { ChargePointState, StateCounts } from '../stations/types';

export interface Dashboard {
  stations: { total: number; online: number; offline: number; faulted: number; pending: number };
  compartments: { total: number; byState: StateCounts };
  activeSessions: number;
  openAlerts: number | null;
  attention: {
    stationId: string;
    chargeBoxId: string;
    name: string | null;
    online: boolean;
    lastSeenAt: string | null;
    reasons: ('offline' | 'faulted' | 'door_open')[];
    chargePoints: {
      id: string;
      shortName: string;
      state: ChargePointState;
      status: string;
      errorCode: string | null;
    }[];
  }[];
  alerts: {
    id: string;
    stationId: string | null;
    chargeBoxId: string | null;
    kind: string;
    severity: 'info' | 'warning' | 'critical';
    message: { de: string; en: string };
    createdAt: string;
  }[];
  generatedAt: string;
}
