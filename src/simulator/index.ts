/** The station simulator's public surface: a single station, a fleet, and the CLI entry. */
export { SimulatedStation, type EventPayload } from './simulated-station.js';
export type { CardOutcome } from './station-model.js';
export type { KeypadOutcome } from './protocol.js';
export { runSimulation, type RunSimulationOptions, type Simulation, type StationSpec } from './fleet.js';
export { AutoActivity, DEMO_CARDS, type AutoChargeOptions } from './auto-activity.js';
export { simulateCommand, parseStationSpec, type SimulateCommandOptions } from './simulate-command.js';
export { FACHWERK_VENDOR_ID, DOOR_STATE_MESSAGE_ID } from './v16/protocol16.js';
export * from './types.js';
