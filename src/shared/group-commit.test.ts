import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupCommit', () => {
  it('writes what arrived together at once, and everything that arrived meanwhile in the next flush', async () => {
    const batches: number[][] = [];
    const gates = [deferred(), deferred(), deferred()];
    const writer = new GroupCommit<number, string>({
      flush: async (items) => {
        batches.push(items);
        await gates[batches.length - 1]!.promise;
        return items.map((i) => `ok ${i}`);
      },
    });
    const first = [writer.add(1), writer.add(2)];
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    const rest = [writer.add(3), writer.add(4), writer.add(5)];
    let settled = false;
    void first[0]!.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(batches).toEqual([[1, 2]]);
    gates[0]!.resolve();
    expect(await Promise.all(first)).toEqual(['ok 1', 'ok 2']);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    gates[1]!.resolve();
    expect(await Promise.all(rest)).toEqual(['ok 3', 'ok 4', 'ok 5']);
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
    await expect(a).rejects.toThrow('unlucky');
    await expect(writer.add(14)).resolves.toBeUndefined();
    expect(calls).toBe(2);
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
    for (let i = 0; i < 5; i++) void writer.add(i);
    await writer.drain();
    expect(sizes).toEqual([2, 2, 1]);
    expect(writer.backlog).toBe(0);
  });
});

describe('GroupCommit with concurrency', () => {
  it('starts another flush for what arrives while one runs, up to the limit', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const batches: number[][] = [];
    const writer = new GroupCommit<number, void>({
      concurrency: 2,
      flush: async (items) => {
        batches.push(items);
        await gates[batches.length - 1]!.promise;
        return items.map(() => undefined);
      },
    });
    const done = [writer.add(1)];
    await new Promise((r) => setImmediate(r));
    done.push(writer.add(2));
    await new Promise((r) => setImmediate(r));
    done.push(writer.add(3), writer.add(4));
    await new Promise((r) => setImmediate(r));
    // Two in flight; 3 and 4 wait for a free flush.
    expect(batches).toEqual([[1], [2]]);
    gates[1]!.resolve();
    await done[1];
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2], [3, 4]]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    await Promise.all(done);
    await writer.drain();
  });
});
