// Reconnect delays: 1 s, 2 s, 4 s, 8 s, then capped at 15 s. No DOM.

export const INITIAL_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15_000;

/** Delay before reconnect attempt number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, initialMs = INITIAL_DELAY_MS, maxMs = MAX_DELAY_MS): number {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // 2 ** n overflows to Infinity for large n; Math.min still yields maxMs.
  return Math.min(maxMs, initialMs * 2 ** n);
}

/** Stateful sequence of `backoffDelay` values; `reset()` after a connection that stayed up. */
export class Backoff {
  private attempt = 0;

  constructor(
    readonly initialMs = INITIAL_DELAY_MS,
    readonly maxMs = MAX_DELAY_MS,
  ) {}

  /** The next delay; each call doubles the following one, up to the cap. */
  next(): number {
    const delay = backoffDelay(this.attempt, this.initialMs, this.maxMs);
    if (delay < this.maxMs) this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
