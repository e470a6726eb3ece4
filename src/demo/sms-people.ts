/**
 * Simulated people who charge by SMS in the demo: now and then someone opens a free compartment of
 * the demo locker, puts a battery in, closes the door and texts the compartment's name to the demo
 * number (in one of the spellings people use, sometimes with a typo first, or asking for help), and
 * after a while texts the name again to end it. Their SMS go through the gateway like a provider's
 * webhook call, so the SMS log, SMS sessions, carrier charges and alerts fill as the demo runs.
 * What is left in a compartment is collected by the card people (simulator/auto-activity.ts).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Services } from '../app/services.js';
import { systemActor, type Ctx } from '../shared/context.js';
import type { SimulatedStation } from '../simulator/simulated-station.js';

export interface SmsPeopleOptions {
  /** The number people text. */
  serviceNumber: string;
  /** The compartments' short names, by evse id (index 0 = evse 1). */
  shortNames: readonly string[];
  /** Fictitious phones the people use. */
  phones: readonly string[];
  /** Pause before the next person comes, [min, max]. Default 40-120 s. */
  idleMs?: [number, number];
  /** How long a session runs before the person texts again, [min, max]. Default 60-240 s. */
  chargeMs?: [number, number];
  stepMs?: number;
  random?: () => number;
  /**
   * A compartment kept loaded for visitors: whenever it is empty and idle, someone puts a battery
   * in and closes the door, so texting its name starts a session at once.
   */
  keepLoaded?: number;
}

/** How people write "P20-07": as printed, lower case, with a space, without the dash. */
export function spellings(name: string): string[] {
  const bare = name.replace('-', '');
  return [name, name.toLowerCase(), name.replace('-', ' ').toLowerCase(), bare, `Start ${name}`];
}

export class SmsPeople {
  private readonly abort = new AbortController();
  private readonly tasks: Promise<void>[] = [];
  private readonly random: () => number;

  constructor(
    private readonly services: Services,
    private readonly station: SimulatedStation,
    private readonly options: SmsPeopleOptions,
  ) {
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.tasks.push(this.loop());
    if (this.options.keepLoaded !== undefined) this.tasks.push(this.keepLoaded(this.options.keepLoaded));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.tasks);
  }

  private async keepLoaded(evseId: number): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.step();
        const station = this.station;
        if (station.registration !== 'Accepted' || !station.connected) continue;
        const c = station.compartment(evseId);
        if (c.door !== 'closed' || c.occupied || !c.operative || c.transaction !== undefined) continue;
        station.openDoor(evseId);
        await this.step();
        station.putItem(evseId);
        await this.step();
        station.closeDoor(evseId);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.services.deps.log.debug({ err: error }, 'keeping the visitor compartment loaded failed');
      }
    }
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.pause(this.options.idleMs ?? [40_000, 120_000]);
        await this.visit();
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.services.deps.log.debug({ err: error }, 'simulated SMS visit interrupted');
      }
    }
  }

  private async visit(): Promise<void> {
    const station = this.station;
    if (station.registration !== 'Accepted' || !station.connected) return;
    const free = station
      .compartments()
      .filter(
        (c) =>
          c.evseId !== this.options.keepLoaded &&
          c.door === 'closed' &&
          !c.occupied &&
          c.operative &&
          c.transaction === undefined,
      );
    const compartment = free[Math.floor(this.random() * free.length)];
    if (compartment === undefined) return;
    const name = this.options.shortNames[compartment.evseId - 1];
    if (name === undefined) return;
    const phone = this.options.phones[Math.floor(this.random() * this.options.phones.length)]!;
    station.openDoor(compartment.evseId);
    await this.step();
    station.putItem(compartment.evseId);
    await this.step();
    station.closeDoor(compartment.evseId);
    await this.step();
    const roll = this.random();
    if (roll < 0.15) {
      await this.text(phone, 'Hilfe');
      await this.step();
    } else if (roll < 0.3) {
      // A typo first: the answer suggests the right name.
      await this.text(
        phone,
        name.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 3) % 10)).replace('-', ''),
      );
      await this.step();
    }
    const variants = spellings(name);
    await this.text(phone, variants[Math.floor(this.random() * variants.length)]!);
    await this.pause(this.options.chargeMs ?? [60_000, 240_000]);
    if (station.compartment(compartment.evseId).transaction !== undefined) await this.text(phone, name);
  }

  private async text(from: string, text: string): Promise<void> {
    const ctx: Ctx = {
      actor: systemActor('demo sms people'),
      now: this.services.deps.now,
      log: this.services.deps.log,
    };
    await this.services.smsGateway.receive(ctx, {
      provider: 'demo',
      providerMessageId: randomUUID(),
      from,
      to: this.options.serviceNumber,
      text,
    });
  }

  private step(): Promise<void> {
    return sleep(this.options.stepMs ?? 2_000, undefined, { signal: this.abort.signal });
  }

  private pause([min, max]: [number, number]): Promise<void> {
    return sleep(min + this.random() * (max - min), undefined, { signal: this.abort.signal });
  }
}
