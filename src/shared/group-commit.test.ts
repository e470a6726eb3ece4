import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupCommit', () => {
  it('writes an item at once when idle, and everything that arrived meanwhile in the next flush', async () => {
    const batches: number[][] = [];
    const gates = [deferred(), deferred(), deferred()];
    const writer = new GroupCommit<number, string>({
      flush: async (items) => {
        batches.push(items);
        await gates[batches.length - 1]!.promise;
        return items.map((i) => `ok ${i}`);
      },
    });
    const first = writer.add(1);
    const rest = [writer.add(2), writer.add(3), writer.add(4)];
    expect(batches).toEqual([[1]]);
    let settled = false;
    void first.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    gates[0]!.resolve();
    expect(await first).toBe('ok 1');
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1]!.resolve();
    expect(await Promise.all(rest)).toEqual(['ok 2', 'ok 3', 'ok 4']);
  });

  it('rejects only the items of a failed flush and keeps going', async () => {
    let calls = 0;
    const writer = new GroupCommit<number, void>({
      flush: async (items) => {
        calls++;
        if (items.includes(13)) throw new Error('unlucky');
        return items.map(() => undefined);
      },
    });
    const a = writer.add(13);
    const b = writer.add(14);
    await expect(a).rejects.toThrow('unlucky');
    await expect(b).resolves.toBeUndefined();
    await expect(writer.add(15)).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('splits at maxBatch and drains', async () => {
    const sizes: number[] = [];
    const writer = new GroupCommit<number, void>({
      maxBatch: 2,
      flush: async (items) => {
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 1));
        return items.map(() => undefined);
      },
    });
    for (let i = 0; i < 6; i++) void writer.add(i);
    await writer.drain();
    expect(sizes).toEqual([1, 2, 2, 1]);
    expect(writer.backlog).toBe(0);
  });
});
