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
    { value: '04A1B2C3D4E5F6', label: 'Demo card 1', status: 'accepted', holder: 'erika' },
    { value: '04B1B2C3D4E5F7', label: 'Demo card 2', status: 'accepted', holder: 'max' },
    { value: 'DEADBEEF', label: 'Lost card (blocked)', status: 'blocked', holder: 'erika' },
    { value: '04C1C2C3D4E5F8', label: 'Carsharing Süd master card', status: 'accepted', holder: 'company' },
    { value: '04D1D2D3D4E5F9', label: 'Demo card 3', status: 'accepted', holder: 'petra' },
  ] as const,
  /** The issuer on invoices and receipts (fictitious, §14 UStG fields). */
  billingProfile: {
    legalName: 'Stadtwerke Musterstadt GmbH',
    street: 'Rathausplatz 1',
    postalCode: '80331',
    city: 'München',
    country: 'DE',
    vatId: 'DE999999999',
    billingEmail: 'abrechnung@demo.fachwerk.test',
    iban: 'DE02120300000000202051',
    bic: 'BYLADEM1001',
  },
  tariffs: {
    /** The locker: time units steer how long a compartment is occupied. */
    locker: {
      name: 'Ladefach Standard',
      vatRateBp: 1900,
      definition: {
        dailyCapCents: 1000,
        elements: [
          { restrictions: { maxDurationMinutes: 240 }, time: { priceCents: 50, stepMinutes: 30 } },
          { time: { priceCents: 100, stepMinutes: 30 } },
        ],
      },
    },
    /** The charge point: energy, and a blocking fee once charging has ended. */
    chargePoint: {
      name: 'Ladesäule AC',
      vatRateBp: 1900,
      definition: {
        elements: [
          {
            energy: { centsPerKwh: 39 },
            occupancy: { priceCents: 10, stepMinutes: 1, afterChargingEnded: true, graceMinutes: 30 },
          },
        ],
      },
    },
    /** Car-sharing partner A's own price. */
    carSharing: {
      name: 'Carsharing A',
      vatRateBp: 1900,
      definition: { elements: [{ time: { priceCents: 30, stepMinutes: 30 } }] },
    },
  },
  strategies: {
    prepaid: { name: 'Prepaid', kind: 'prepaid', minimumBalanceCents: 100 },
    postpaid: { name: 'Monatsrechnung', kind: 'postpaid', paymentTermDays: 14 },
  } as const,
  userGroup: 'Carsharing A',
  company: {
    name: 'Carsharing Süd GmbH',
    street: 'Leopoldstraße 50',
    postalCode: '80802',
    city: 'München',
    email: 'flotte@carsharing-sued.example',
  },
  users: {
    erika: {
      name: 'Erika Mustermann',
      email: 'erika@example.test',
      street: 'Schillerstraße 3',
      postalCode: '80336',
      city: 'München',
    },
    max: { name: 'Max Fahrer', email: 'max@carsharing-sued.example' },
    /** Carsharing Süd's fleet manager: sees the company's cards and collective bill in the portal. */
    petra: { name: 'Petra Flottmann', email: 'petra@carsharing-sued.example' },
  },
  /** Drivers who log in to the portal's own area (passwords generated at the first start, like staff). */
  portalDrivers: ['erika', 'petra'] as const,
  /** Erika's prepaid balance at the start. */
  topUpCents: 5000,
  /**
   * Sessions of last month at the locker, replayed through the ordinary station path so that charge
   * records, prepaid debits and last month's company invoice exist from the first start.
   */
  history: [
    { holder: 'max', compartment: 12, day: 3, startHour: 8, minutes: 200, energyWh: 310 },
    { holder: 'erika', compartment: 5, day: 6, startHour: 17, minutes: 95, energyWh: 180 },
    { holder: 'max', compartment: 9, day: 12, startHour: 7, minutes: 290, energyWh: 420 },
    { holder: 'erika', compartment: 2, day: 19, startHour: 12, minutes: 45, energyWh: 90 },
    { holder: 'max', compartment: 4, day: 24, startHour: 9, minutes: 130, energyWh: 260 },
  ] satisfies { holder: 'erika' | 'max'; [key: string]: unknown }[],
  /** The platform operator as issuer of credit notes (fictitious). */
  platform: {
    legalName: 'Fachwerk Demo-Plattform GmbH',
    street: 'Musterweg 1',
    postalCode: '80331',
    city: 'München',
    vatId: 'DE999999998',
  },
  /** The short code people text (as in the sms&charge leaflet) and the phones of the simulated SMS people. */
  sms: {
    number: '841122',
    label: 'Kurzwahl sms&charge',
    phones: ['+49 151 00000001', '+49 151 00000002', '+44 7700 900123'],
  },
  staff: [
    { email: 'admin@demo.fachwerk.test', name: 'Anna Admin', role: 'institution_admin' },
    { email: 'technik@demo.fachwerk.test', name: 'Tom Technik', role: 'service_technician' },
    { email: 'buchhaltung@demo.fachwerk.test', name: 'Berta Buchhaltung', role: 'accountant' },
  ] satisfies { email: string; name: string; role: StaffRole }[],
};
