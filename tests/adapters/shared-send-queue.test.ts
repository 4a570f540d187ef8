import { describe, expect, it } from 'vitest';
import { SendQueue } from '../../adapters/shared/send-queue.js';

describe('SendQueue', () => {
  it('keeps order per key and waits at least the gap between sends to the same key', async () => {
    const waits: number[] = [];
    const q = new SendQueue({ gapMs: 200, sleep: async (ms) => void waits.push(ms) });
    const order: string[] = [];
    await Promise.all([
      ...[1, 2, 3, 4, 5, 6].map((n) => q.run('chat-a', async () => void order.push(`a${n}`))),
      q.run('chat-b', async () => void order.push('b1')),
    ]);
    expect(order.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    // the first send to each chat goes at once; every later one to chat-a waits close to the full gap
    expect(waits.length).toBe(5);
    for (const w of waits) expect(w).toBeGreaterThan(150);
  });

  it('adds jitter and goes on after a failed send', async () => {
    const waits: number[] = [];
    const q = new SendQueue({
      gapMs: 0,
      jitterMs: 100,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(q.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await q.run('k', async () => undefined);
    expect(waits).toEqual([50, 50]);
  });
});
