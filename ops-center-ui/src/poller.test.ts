import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller } from './poller';

describe('Poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A task whose runs are counted and each ended by hand. */
  function task() {
    const ends: (() => void)[] = [];
    const fn = vi.fn(() => new Promise<void>((done) => ends.push(done)));
    return { fn, end: async () => { ends.shift()?.(); await vi.advanceTimersByTimeAsync(0); } };
  }

  it('runs at start, then every interval after a run ends', async () => {
    const t = task();
    const p = new Poller(t.fn, 5_000);
    p.start();
    expect(t.fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.fn).toHaveBeenCalledTimes(1); // one at a time: the first has not ended
    await t.end();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.fn).toHaveBeenCalledTimes(2);
    p.stop();
  });

  it('runs at once when asked between runs, and right after the run in flight when asked during one', async () => {
    const t = task();
    const p = new Poller(t.fn, 5_000);
    p.start();
    await t.end();
    await vi.advanceTimersByTimeAsync(1_000);
    p.now(); // a pin: no waiting for the rest of the interval
    expect(t.fn).toHaveBeenCalledTimes(2);
    p.now();
    p.now(); // during the run: its answer may predate the pin, so once more after it, not twice
    expect(t.fn).toHaveBeenCalledTimes(2);
    await t.end();
    expect(t.fn).toHaveBeenCalledTimes(3);
    await t.end();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.fn).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.fn).toHaveBeenCalledTimes(4);
    p.stop();
  });

  it('goes on after a failed run and stops for good', async () => {
    let runs = 0;
    const p = new Poller(async () => {
      runs++;
      throw new Error('unreachable');
    }, 1_000);
    p.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    p.stop();
    p.now();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
  });
});
