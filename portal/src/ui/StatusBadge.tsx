export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'muted' | 'info';

/** A state in words with a colour; never colour alone. */
export function StatusBadge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
