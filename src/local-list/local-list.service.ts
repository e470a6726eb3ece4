/**
 * Local authorization lists (SendLocalList, OCPP 1.6 and 2.0.1): each station keeps the
 * institution's cards so a locker goes on working offline; changes go out as differential updates.
 */
import type { ServiceDeps } from '../app/services.js';
import type { CommandService } from '../commands/commands.service.js';

export class LocalListService {
  constructor(private readonly deps: ServiceDeps & { commands: CommandService }) {}

  /** Starts listening for boots and card changes. */
  start(): void {}

  /** Stops listening; waits for syncs in flight. */
  async stop(): Promise<void> {}
}
