/**
 * An inbound SMS read as a command and handed to the part that answers it. A text with just a
 * compartment's name starts a charge there, or ends it when the same phone holds it.
 */
import type { Ctx } from '../../shared/context.js';
import type { StoredInboundSms } from '../sms.js';
import { CompartmentNames, parseSms, type SmsCommand } from './command-parser.js';
import type { Conversation, FlowContext } from './flow-context.js';
import * as repo from './sms-sessions.repository.js';
import type { Compartment } from './sms-sessions.repository.js';
import type { StartCharge } from './start-charge.js';
import type { StatusReplies } from './status-replies.js';
import type { StopCharge } from './stop-charge.js';

/** How long the parser's list of compartment names is reused (a name it misses is read again). */
const NAMES_TTL_MS = 10_000;

export interface CommandHandlers {
  start: StartCharge;
  stop: StopCharge;
  status: StatusReplies;
}

export class InboundCommands {
  private readonly namesCache = new Map<string, { names: CompartmentNames; at: number }>();

  constructor(
    private readonly flow: FlowContext,
    private readonly handlers: CommandHandlers,
  ) {}

  async handle(ctx: Ctx, message: StoredInboundSms): Promise<void> {
    if (message.institutionId === null) {
      // A number nobody owns: answered once in German, the default.
      await this.flow.reply(
        {
          institutionId: null,
          serviceNumber: message.to,
          phone: message.from,
          language: 'de',
          inReplyToId: message.id,
        },
        { kind: 'unknownNumber' },
      );
      return;
    }
    const institutionId = message.institutionId;
    let names = await this.compartmentNames(institutionId, false);
    let parsed = parseSms(message.text, names);
    // A name the cached list does not know may be a compartment added a moment ago: ask again.
    if (parsed.command.kind === 'unknown' && parsed.command.typed !== undefined) {
      names = await this.compartmentNames(institutionId, true);
      parsed = parseSms(message.text, names);
    }
    const { command, language } = parsed;
    const talk: Conversation = {
      institutionId,
      serviceNumber: message.to,
      phone: message.from,
      language,
      inReplyToId: message.id,
    };
    const named = 'name' in command && command.name !== undefined ? command.name : undefined;
    const compartment =
      named === undefined
        ? undefined
        : await repo.findCompartmentByName(this.flow.deps.db, institutionId, named);
    if (named !== undefined && compartment === undefined) {
      // Renamed or removed since the list was read.
      this.namesCache.delete(institutionId);
      return this.flow.reply(talk, {
        kind: 'unknownCompartment',
        typed: named,
        suggestions: [],
        example: names.names[0],
      });
    }
    const byName = () => compartment!;
    const example = names.names[0];
    ctx.log.info({ command: command.kind, language }, 'SMS command');
    await this.dispatch(ctx, talk, command, byName, example);
  }

  /**
   * The institution's compartment names for the parser, kept a few seconds: reading every name of a
   * large installation for each SMS would cost more than everything else the SMS does.
   */
  private async compartmentNames(institutionId: string, fresh: boolean): Promise<CompartmentNames> {
    const cached = this.namesCache.get(institutionId);
    const now = Date.now();
    if (!fresh && cached !== undefined && now - cached.at < NAMES_TTL_MS) return cached.names;
    const names = new CompartmentNames(await repo.listShortNames(this.flow.deps.db, institutionId));
    this.namesCache.set(institutionId, { names, at: now });
    return names;
  }

  private async dispatch(
    ctx: Ctx,
    talk: Conversation,
    command: SmsCommand,
    byName: (name: string) => Compartment,
    example: string | undefined,
  ): Promise<void> {
    switch (command.kind) {
      case 'help':
        return this.flow.reply(talk, { kind: 'help', example });
      case 'unknown':
        if (command.typed === undefined && command.suggestions.length === 0)
          return this.flow.reply(talk, { kind: 'help', example });
        return this.flow.reply(talk, {
          kind: 'unknownCompartment',
          typed: command.typed,
          suggestions: command.suggestions,
          example,
        });
      case 'status':
        return command.name === undefined
          ? this.handlers.status.statusOfPhone(ctx, talk)
          : this.handlers.status.status(ctx, talk, byName(command.name));
      case 'stop':
        return command.name === undefined
          ? this.handlers.stop.stopOfPhone(ctx, talk)
          : this.handlers.stop.stopCharge(ctx, talk, byName(command.name));
      case 'start':
        return this.handlers.start.startCharge(ctx, talk, byName(command.name), { explicit: true });
      case 'name': {
        const compartment = byName(command.name);
        const open = await repo.findOpenSession(this.flow.deps.db, compartment.id);
        if (open !== undefined && open.phone === talk.phone)
          return this.handlers.stop.stopCharge(ctx, talk, compartment);
        return this.handlers.start.startCharge(ctx, talk, compartment, { explicit: false });
      }
    }
  }
}
