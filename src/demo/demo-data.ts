/** What `npm start` shows a visitor: one institution with a locker and a charge point in "Parkhaus P20". */
import type { OcppVersion, StationKind } from '../db/schema.js';
import type { StaffRole } from '../shared/context.js';

export interface DemoStation {
  chargeBoxId: string;
  name: string;
  kind: StationKind;
  version: OcppVersion;
  location: string;
  shortNames: string[];
}

const range = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => name(i + 1));

export const DEMO = {
  institution: { slug: 'demo', name: 'Stadtwerke Musterstadt' },
  locations: [
    {
      name: 'Parkhaus P20',
      street: 'Bahnhofstraße 20',
      postalCode: '80335',
      city: 'München',
      latitude: 48.1402,
      longitude: 11.5586,
    },
    {
      name: 'Parkhaus P7',
      street: 'Marktplatz 7',
      postalCode: '80331',
      city: 'München',
      latitude: 48.1372,
      longitude: 11.5755,
    },
  ],
  group: 'Parkhäuser Innenstadt',
  stations: [
    {
      chargeBoxId: 'DEMO-LOCKER-P20',
      name: 'Ladeschrank P20',
      kind: 'locker',
      version: 'ocpp1.6',
      location: 'Parkhaus P20',
      shortNames: range(12, (i) => `P20-${String(i).padStart(2, '0')}`),
    },
    {
      chargeBoxId: 'DEMO-CP-P20',
      name: 'Ladesäule P20',
      kind: 'charge_point',
      version: 'ocpp2.0.1',
      location: 'Parkhaus P20',
      shortNames: range(4, (i) => `P20-E${i}`),
    },
  ] satisfies DemoStation[],
  cards: [
    { value: '04A1B2C3D4E5F6', label: 'Demo card 1', status: 'accepted' },
    { value: '04B1B2C3D4E5F7', label: 'Demo card 2', status: 'accepted' },
    { value: 'DEADBEEF', label: 'Lost card (blocked)', status: 'blocked' },
  ] as const,
  staff: [
    { email: 'admin@demo.fachwerk.test', name: 'Anna Admin', role: 'institution_admin' },
    { email: 'technik@demo.fachwerk.test', name: 'Tom Technik', role: 'service_technician' },
    { email: 'buchhaltung@demo.fachwerk.test', name: 'Berta Buchhaltung', role: 'accountant' },
  ] satisfies { email: string; name: string; role: StaffRole }[],
};
