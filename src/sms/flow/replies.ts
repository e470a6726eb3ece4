/**
 * Every SMS the locker flow sends, German and English, as plain functions. Short on purpose: one SMS
 * (160 GSM 03.38 characters) wherever the content allows, plain GSM characters only (no typographic
 * quotes or dashes, which would switch the whole message to UCS-2 and 70 characters a part).
 * Each answer says what happened and what to do next; an answer about a failure says that nothing
 * was charged whenever that is so.
 */
import { berlinParts, formatDateTime } from '../../shared/berlin-time.js';
import { formatDuration, formatMoney } from '../../shared/money.js';
import type { Language } from '../sms.js';

export interface Money {
  cents: number;
  currency: string;
}

export type Reply =
  /** Started: the price and the receipt PIN (keypad, receipt page). */
  | { kind: 'confirmation'; name: string; pin: string; price: string | null }
  /** Ended: duration, cost (null: not priced yet) and the receipt link. */
  | {
      kind: 'closing';
      name: string;
      durationSeconds: number;
      cost: Money | null;
      receiptUrl: string;
      /** The stop waited for the station to come back. */
      afterPendingStop: boolean;
    }
  | { kind: 'help'; example: string | undefined }
  | {
      kind: 'unknownCompartment';
      typed: string | undefined;
      suggestions: string[];
      example: string | undefined;
    }
  | { kind: 'busy'; name: string }
  | { kind: 'doorOpen'; name: string }
  | { kind: 'empty'; name: string }
  | { kind: 'outOfService'; name: string }
  | { kind: 'stationOffline'; name: string }
  | { kind: 'stationTimeout'; name: string }
  | { kind: 'startRefused'; name: string }
  /** Own session still starting (the same name again within seconds). */
  | { kind: 'starting'; name: string }
  /** A stop (or the name) from a phone that does not own the session: nothing opens. */
  | { kind: 'notYours'; name: string }
  | { kind: 'stopPending'; name: string }
  | { kind: 'stopping'; name: string }
  | { kind: 'stopRefused'; name: string }
  | { kind: 'stopTimeout'; name: string }
  | { kind: 'notStartedYet'; name: string }
  /** `name` undefined: nothing runs for this phone at all. */
  | { kind: 'nothingToStop'; name: string | undefined }
  /** The session ended at the station already (keypad PIN, battery full): the closing SMS went out. */
  | { kind: 'alreadyEnded'; name: string }
  /** STOP alone with several sessions running. */
  | { kind: 'stopWhich'; names: string[] }
  | { kind: 'statusOwner'; name: string; since: Date; durationSeconds: number; cost: Money | null }
  | { kind: 'statusFree'; name: string }
  | { kind: 'statusBusy'; name: string }
  | { kind: 'reminder'; name: string; durationSeconds: number; pin: string }
  | { kind: 'unknownNumber' }
  | { kind: 'error' };

export type ReplyKind = Reply['kind'];

const DEFAULT_EXAMPLE = 'P20-07';

/** "14:05", or "31.01.2026 14:05" when it was not today (Berlin). */
function clock(at: Date, now: Date, lang: Language): string {
  const full = formatDateTime(at, lang);
  return berlinParts(at.getTime()).date === berlinParts(now.getTime()).date ? full.slice(-5) : full;
}

function list(names: readonly string[], lang: Language): string {
  if (names.length <= 1) return names[0] ?? '';
  const last = names[names.length - 1]!;
  return `${names.slice(0, -1).join(', ')} ${lang === 'de' ? 'oder' : 'or'} ${last}`;
}

function allOf(names: readonly string[], lang: Language): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${lang === 'de' ? 'und' : 'and'} ${names[names.length - 1]!}`;
}

/** The text of a reply in German. `now` places times ("seit 14:05"). */
function german(reply: Reply, now: Date): string {
  switch (reply.kind) {
    case 'confirmation':
      return (
        `${reply.name} lädt. Ende: ${reply.name} erneut senden oder Quittungs-PIN ${reply.pin} am Tastenfeld.` +
        (reply.price === null ? '' : ` Preis: ${reply.price}`)
      );
    case 'closing': {
      const cost =
        reply.cost === null
          ? 'Kosten auf der Quittung'
          : `Kosten ${formatMoney(reply.cost.cents, reply.cost.currency, 'de')}`;
      const prefix = reply.afterPendingStop ? 'Station wieder da: ' : '';
      return `${prefix}${reply.name} beendet, das Fach ist offen. Dauer ${formatDuration(reply.durationSeconds)}, ${cost}. Quittung: ${reply.receiptUrl}`;
    }
    case 'help': {
      const ex = reply.example ?? DEFAULT_EXAMPLE;
      return `Laden per SMS: Gerät ins Fach legen, Tür schließen, Fachnamen (z. B. ${ex}) hierher senden. Ende: Namen erneut senden. STATUS ${ex} zeigt den Stand.`;
    }
    case 'unknownCompartment': {
      const typed = reply.typed === undefined ? 'Dieses Fach' : `Fach ${reply.typed}`;
      if (reply.suggestions.length > 0)
        return `${typed} gibt es hier nicht. Meinten Sie ${list(reply.suggestions, 'de')}?`;
      return `${typed} gibt es hier nicht. Bitte den Namen vom Schild am Fach senden, z. B. ${reply.example ?? DEFAULT_EXAMPLE}.`;
    }
    case 'busy':
      return `${reply.name} ist belegt. Bitte ein freies Fach wählen.`;
    case 'doorOpen':
      return `Die Tür von ${reply.name} ist offen. Bitte schließen und ${reply.name} erneut senden.`;
    case 'empty':
      return `${reply.name} ist leer. Bitte Gerät hineinlegen, Tür schließen und ${reply.name} erneut senden.`;
    case 'outOfService':
      return `${reply.name} ist außer Betrieb. Es wurde nichts berechnet. Bitte ein anderes Fach wählen.`;
    case 'stationOffline':
      return `Die Station von ${reply.name} ist nicht erreichbar. Es wurde nichts gestartet und nichts berechnet. Bitte später erneut versuchen.`;
    case 'stationTimeout':
      return `Die Station von ${reply.name} antwortet nicht. Es wurde nichts gestartet und nichts berechnet. Bitte später erneut versuchen.`;
    case 'startRefused':
      return `Die Station hat den Start von ${reply.name} abgelehnt. Es wurde nichts berechnet. Bitte Tür prüfen oder ein anderes Fach wählen.`;
    case 'starting':
      return `${reply.name} wird gerade gestartet. Die Bestätigung kommt gleich per SMS.`;
    case 'notYours':
      return `${reply.name} wurde von einer anderen Nummer gestartet und kann nur dort beendet werden. Es wurde nichts geöffnet.`;
    case 'stopPending':
      return `Die Station von ${reply.name} ist gerade nicht erreichbar. Wir beenden den Ladevorgang, sobald sie zurück ist, und schicken Ihnen dann eine SMS.`;
    case 'stopping':
      return `${reply.name} wird gerade beendet. Die Abrechnung kommt gleich per SMS.`;
    case 'stopRefused':
      return `Die Station konnte ${reply.name} nicht beenden. Bitte Quittungs-PIN am Tastenfeld eingeben oder später erneut senden.`;
    case 'stopTimeout':
      return `Die Station von ${reply.name} antwortet nicht. Bitte Quittungs-PIN am Tastenfeld eingeben oder später ${reply.name} erneut senden.`;
    case 'notStartedYet':
      return `Die Station hat den Start von ${reply.name} noch nicht gemeldet. Bitte in einer Minute erneut senden.`;
    case 'nothingToStop':
      return reply.name === undefined
        ? 'Von Ihrer Nummer läuft gerade kein Ladevorgang.'
        : `An ${reply.name} läuft kein Ladevorgang von Ihrer Nummer.`;
    case 'alreadyEnded':
      return `Ihr Ladevorgang an ${reply.name} ist bereits beendet, die Abrechnung kam per SMS.`;
    case 'stopWhich':
      return `Von Ihrer Nummer laden ${allOf(reply.names, 'de')}. Bitte STOP mit dem Namen senden, z. B. STOP ${reply.names[0] ?? DEFAULT_EXAMPLE}.`;
    case 'statusOwner': {
      const cost =
        reply.cost === null ? '' : `, bisher ${formatMoney(reply.cost.cents, reply.cost.currency, 'de')}`;
      return `${reply.name} lädt seit ${clock(reply.since, now, 'de')} (${formatDuration(reply.durationSeconds)})${cost}.`;
    }
    case 'statusFree':
      return `${reply.name} ist frei.`;
    case 'statusBusy':
      return `${reply.name} ist belegt.`;
    case 'reminder':
      return `${reply.name} lädt seit ${formatDuration(reply.durationSeconds)}. Bitte Gerät abholen: ${reply.name} senden oder Quittungs-PIN ${reply.pin} am Tastenfeld.`;
    case 'unknownNumber':
      return 'Diese Nummer gehört zu keinem Ladefach. Bitte die Nummer vom Schild am Fach verwenden.';
    case 'error':
      return 'Das hat gerade nicht geklappt. Es wurde nichts berechnet. Bitte später erneut versuchen.';
  }
}

function english(reply: Reply, now: Date): string {
  switch (reply.kind) {
    case 'confirmation':
      return (
        `${reply.name} is charging. To end: text ${reply.name} again or type receipt PIN ${reply.pin} at the keypad.` +
        (reply.price === null ? '' : ` Price: ${reply.price}`)
      );
    case 'closing': {
      const cost =
        reply.cost === null
          ? 'cost on the receipt'
          : `cost ${formatMoney(reply.cost.cents, reply.cost.currency, 'en')}`;
      const prefix = reply.afterPendingStop ? 'Station back online: ' : '';
      return `${prefix}${reply.name} ended, the compartment is open. Duration ${formatDuration(reply.durationSeconds)}, ${cost}. Receipt: ${reply.receiptUrl}`;
    }
    case 'help': {
      const ex = reply.example ?? DEFAULT_EXAMPLE;
      return `Charging by SMS: put your device in a compartment, close the door, text its name (e.g. ${ex}) here. To end: text the name again. STATUS ${ex} shows its state.`;
    }
    case 'unknownCompartment': {
      const typed = reply.typed === undefined ? 'This compartment' : `Compartment ${reply.typed}`;
      if (reply.suggestions.length > 0)
        return `${typed} does not exist here. Did you mean ${list(reply.suggestions, 'en')}?`;
      return `${typed} does not exist here. Please text the name on the compartment's label, e.g. ${reply.example ?? DEFAULT_EXAMPLE}.`;
    }
    case 'busy':
      return `${reply.name} is in use. Please choose a free compartment.`;
    case 'doorOpen':
      return `The door of ${reply.name} is open. Please close it and text ${reply.name} again.`;
    case 'empty':
      return `${reply.name} is empty. Please put your device in, close the door and text ${reply.name} again.`;
    case 'outOfService':
      return `${reply.name} is out of service. Nothing was charged. Please choose another compartment.`;
    case 'stationOffline':
      return `The station of ${reply.name} cannot be reached. Nothing was started or charged. Please try again later.`;
    case 'stationTimeout':
      return `The station of ${reply.name} does not answer. Nothing was started or charged. Please try again later.`;
    case 'startRefused':
      return `The station refused to start ${reply.name}. Nothing was charged. Please check the door or choose another compartment.`;
    case 'starting':
      return `${reply.name} is starting. The confirmation follows by SMS.`;
    case 'notYours':
      return `${reply.name} was started from another phone and can only be ended from there. Nothing was opened.`;
    case 'stopPending':
      return `The station of ${reply.name} cannot be reached right now. We will end your charge as soon as it is back and text you then.`;
    case 'stopping':
      return `${reply.name} is being ended. The bill follows by SMS.`;
    case 'stopRefused':
      return `The station could not end ${reply.name}. Please type your receipt PIN at the keypad or try again later.`;
    case 'stopTimeout':
      return `The station of ${reply.name} does not answer. Please type your receipt PIN at the keypad or text ${reply.name} again later.`;
    case 'notStartedYet':
      return `The station has not reported the start of ${reply.name} yet. Please text again in a minute.`;
    case 'nothingToStop':
      return reply.name === undefined
        ? 'Nothing is charging for your number right now.'
        : `Nothing is charging at ${reply.name} for your number.`;
    case 'alreadyEnded':
      return `Your charge at ${reply.name} has already ended; the bill was sent by SMS.`;
    case 'stopWhich':
      return `Your number is charging at ${allOf(reply.names, 'en')}. Please text STOP with the name, e.g. STOP ${reply.names[0] ?? DEFAULT_EXAMPLE}.`;
    case 'statusOwner': {
      const cost =
        reply.cost === null ? '' : `, ${formatMoney(reply.cost.cents, reply.cost.currency, 'en')} so far`;
      return `${reply.name} charging since ${clock(reply.since, now, 'en')} (${formatDuration(reply.durationSeconds)})${cost}.`;
    }
    case 'statusFree':
      return `${reply.name} is free.`;
    case 'statusBusy':
      return `${reply.name} is in use.`;
    case 'reminder':
      return `${reply.name} has been charging for ${formatDuration(reply.durationSeconds)}. Please collect your device: text ${reply.name} or type receipt PIN ${reply.pin} at the keypad.`;
    case 'unknownNumber':
      return 'This number belongs to no charging locker. Please use the number on the compartment label.';
    case 'error':
      return 'That did not work just now. Nothing was charged. Please try again later.';
  }
}

export function renderReply(reply: Reply, lang: Language, now: Date): string {
  return lang === 'de' ? german(reply, now) : english(reply, now);
}
