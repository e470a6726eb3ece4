/**
 * Simulated people for the demo: now and then someone opens a free compartment, puts a battery
 * in, closes the door, presents a card, lets it charge a while and presents the card again to
 * take the battery out (at a charge point: plug in, card, charge, card, plug out). Sessions that
 * ended some other way (SMS, portal) are collected after a while too, so compartments free up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatedStation } from './simulated-station.js';

export interface AutoChargeOptions {
  /** Cards the simulated people carry. Default: the demo's two accepted cards. */
  cards?: string[];
  /** Pause between one person's steps (open door, put the item in, ...). Default 2 s. */
  stepMs?: number;
  /** How long a session charges before the card is presented again, [min, max]. Default 45-180 s. */
  chargeMs?: [number, number];
  /** Pause before the next person comes, [min, max]. Default 15-60 s. */
  idleMs?: [number, number];
  /** Share of a station's compartments simulated people use at the same time. Default 1/3. */
  busyShare?: number;
  random?: () => number;
}

export const DEMO_CARDS = ['04A1B2C3D4E5F6', '04B1B2C3D4E5F7'];

export class AutoActivity {
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly claimed = new Map<SimulatedStation, Set<number>>();
  private readonly cards: string[];
  private readonly stepMs: number;
  private readonly chargeMs: [number, number];
  private readonly idleMs: [number, number];
  private readonly busyShare: number;
  private readonly random: () => number;
  private readonly detach: Array<() => void> = [];

  constructor(
    private readonly stations: SimulatedStation[],
    options: AutoChargeOptions = {},
  ) {
    this.cards = options.cards ?? DEMO_CARDS;
    this.stepMs = options.stepMs ?? 2_000;
    this.chargeMs = options.chargeMs ?? [45_000, 180_000];
    this.idleMs = options.idleMs ?? [15_000, 60_000];
    this.busyShare = options.busyShare ?? 1 / 3;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    for (const station of this.stations) {
      this.claimed.set(station, new Set());
      const people = Math.max(1, Math.floor(station.evseCount * this.busyShare));
      for (let i = 0; i < people; i++) this.track(this.person(station));
      const onStopped = ({ evseId }: { evseId: number }): void => {
        if (!this.claimed.get(station)?.has(evseId)) this.track(this.collect(station, evseId));
      };
      station.on('transactionStopped', onStopped);
      this.detach.push(() => station.off('transactionStopped', onStopped));
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const detach of this.detach) detach();
    await Promise.allSettled([...this.running]);
  }

  private track(task: Promise<void>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** One simulated person using one station again and again. */
  private async person(station: SimulatedStation): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.pause(this.idleMs);
        if (station.registration !== 'Accepted' || !station.connected) continue;
        const evseId = this.freeCompartment(station);
        if (evseId === undefined) continue;
        const claimed = this.claimed.get(station)!;
        claimed.add(evseId);
        try {
          await (station.kind === 'locker'
            ? this.lockerVisit(station, evseId)
            : this.chargePointVisit(station, evseId));
        } finally {
          claimed.delete(evseId);
        }
      } catch (error) {
        if (this.abort.signal.aborted) return;
        station.log.debug({ err: error }, 'simulated visit interrupted');
      }
    }
  }

  private async lockerVisit(station: SimulatedStation, evseId: number): Promise<void> {
    const card = this.card();
    station.openDoor(evseId);
    await this.step();
    station.putItem(evseId);
    await this.step();
    station.closeDoor(evseId);
    await this.step();
    const outcome = await station.presentCard(evseId, card);
    if (outcome.result === 'started') {
      await this.pause(this.chargeMs);
      // The session may have been ended meanwhile (portal, reset); only our own card ends our own session.
      if (station.compartment(evseId).transaction?.idToken.value === card)
        await station.presentCard(evseId, card);
    }
    await this.step();
    await this.takeOut(station, evseId);
  }

  private async chargePointVisit(station: SimulatedStation, evseId: number): Promise<void> {
    const card = this.card();
    station.plugIn(evseId);
    await this.step();
    const outcome = await station.presentCard(evseId, card);
    if (outcome.result === 'started') {
      await this.pause(this.chargeMs);
      if (station.compartment(evseId).transaction?.idToken.value === card)
        await station.presentCard(evseId, card);
    }
    await this.step();
    if (station.compartment(evseId).transaction === undefined) station.plugOut(evseId);
  }

  /** Someone fetches what is left in a compartment whose session ended without them. */
  private async collect(station: SimulatedStation, evseId: number): Promise<void> {
    try {
      await this.pause([this.stepMs * 3, this.stepMs * 6]);
      const claimed = this.claimed.get(station)!;
      const c = station.compartment(evseId);
      if (claimed.has(evseId) || c.transaction !== undefined || !c.occupied) return;
      claimed.add(evseId);
      try {
        if (station.kind === 'locker') await this.takeOut(station, evseId);
        else station.plugOut(evseId);
      } finally {
        claimed.delete(evseId);
      }
    } catch (error) {
      if (!this.abort.signal.aborted) station.log.debug({ err: error }, 'collecting interrupted');
    }
  }

  private async takeOut(station: SimulatedStation, evseId: number): Promise<void> {
    const c = station.compartment(evseId);
    if (c.door === 'locked') return; // still charging for someone else; leave it
    if (c.door === 'closed') station.openDoor(evseId);
    await this.step();
    station.removeItem(evseId);
    await this.step();
    station.closeDoor(evseId);
  }

  private freeCompartment(station: SimulatedStation): number | undefined {
    const claimed = this.claimed.get(station)!;
    const free = station
      .compartments()
      .filter(
        (c) =>
          !claimed.has(c.evseId) &&
          c.transaction === undefined &&
          c.operative &&
          !c.occupied &&
          c.door !== 'open',
      );
    if (free.length === 0) return undefined;
    return free[Math.floor(this.random() * free.length)]!.evseId;
  }

  private card(): string {
    return this.cards[Math.floor(this.random() * this.cards.length)] ?? DEMO_CARDS[0]!;
  }

  private step(): Promise<void> {
    return sleep(this.stepMs, undefined, { signal: this.abort.signal });
  }

  private pause([min, max]: [number, number]): Promise<void> {
    return sleep(min + this.random() * (max - min), undefined, { signal: this.abort.signal });
  }
}
