/**
 * Reassembles concatenated inbound SMS (UDH reference, total, sequence) into one text. Parts are keyed
 * by sender, recipient and reference; a set that never completes is dropped after `ttlMs`.
 */
export interface InboundPart {
  source: string;
  destination: string;
  reference: number;
  total: number;
  sequence: number;
  text: string;
}

interface PendingSet {
  parts: Map<number, string>;
  total: number;
  expires: number;
}

export class Reassembly {
  private readonly pending = new Map<string, PendingSet>();

  constructor(private readonly ttlMs = 10 * 60_000) {}

  /** The whole text once every part arrived (a repeated part counts once), else undefined. */
  add(part: InboundPart, now: number): string | undefined {
    this.expire(now);
    const key = `${part.source}|${part.destination}|${part.reference}|${part.total}`;
    const set = this.pending.get(key) ?? { parts: new Map<number, string>(), total: part.total, expires: 0 };
    set.parts.set(part.sequence, part.text);
    set.expires = now + this.ttlMs;
    this.pending.set(key, set);
    if (set.parts.size < set.total) return undefined;
    this.pending.delete(key);
    return Array.from({ length: set.total }, (_, i) => set.parts.get(i + 1) ?? '').join('');
  }

  /** How many incomplete messages are waiting (logs, tests). */
  get size(): number {
    return this.pending.size;
  }

  private expire(now: number): void {
    for (const [key, set] of this.pending) if (set.expires < now) this.pending.delete(key);
  }
}
