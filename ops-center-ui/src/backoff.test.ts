import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from 1 s and caps at 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('stays at the cap for huge attempt numbers and treats bad ones as the first', () => {
    expect(backoffDelay(10_000)).toBe(15000);
    expect(backoffDelay(Number.POSITIVE_INFINITY)).toBe(1000);
    expect(backoffDelay(-3)).toBe(1000);
    expect(backoffDelay(Number.NaN)).toBe(1000);
  });

  it('takes other bounds', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 100, 500))).toEqual([100, 200, 400, 500]);
  });
});

describe('Backoff', () => {
  it('yields the sequence, holds at the cap, and starts over after reset', () => {
    const b = new Backoff();
    const seq = Array.from({ length: 8 }, () => b.next());
    expect(seq).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000]);
    b.reset();
    expect([b.next(), b.next()]).toEqual([1000, 2000]);
  });
});
