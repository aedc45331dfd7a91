// A bounded, newest-first, de-duplicated store of alerts. No DOM.
import type { Alert } from './types';

export const MAX_ALERTS = 200;
/**
 * Open alerts are kept beyond MAX_ALERTS (closed ones go first), so an old unhandled P1 keeps its highlight and its
 * tile's border; this many at most, the oldest dropped beyond, to stay bounded on a very bad day.
 */
export const MAX_OPEN_ALERTS = 2_000;

/** Milliseconds since the epoch of an alert's start; unparseable times count as the oldest. */
export function alertTime(a: Alert): number {
  const t = Date.parse(a.startedAt);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Sort order of the feed: later `startedAt` first; equal times by id, larger first (ULIDs grow with time). */
export function compareNewestFirst(a: Alert, b: Alert): number {
  const ta = alertTime(a);
  const tb = alertTime(b);
  if (ta !== tb) return ta > tb ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id > b.id ? -1 : 1;
}

/**
 * True when `a` is a later copy of the same alert than `held`: a higher `version`, or, for servers that
 * send none, a later `updatedAt`.
 */
export function isNewer(a: Alert, held: Alert): boolean {
  const va = a.version ?? 0;
  const vh = held.version ?? 0;
  if (va !== vh) return va > vh;
  const ua = Date.parse(a.updatedAt ?? '');
  const uh = Date.parse(held.updatedAt ?? '');
  return Number.isFinite(ua) && (!Number.isFinite(uh) || ua > uh);
}

const CLOSED = new Set(['RESOLVED', 'FALSE_ALARM']);

/** An alert still to be handled: not resolved nor a false alarm (whether or not its condition still holds). */
export function isOpen(a: Alert): boolean {
  return !CLOSED.has(a.state ?? 'NEW');
}

/** A P1 alert nobody has acknowledged yet: it sounds and stays highlighted. */
export function needsAttention(a: Alert): boolean {
  return a.severity === 'P1' && (a.state ?? 'NEW') === 'NEW';
}

/** The more severe of two severities (P1 is the most severe); null counts as none. */
export function worstSeverity(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

/** For each camera with an open alert, the most severe of its open alerts. */
export function openSeverityByCamera(alerts: Iterable<Alert>): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of alerts) {
    if (!isOpen(a)) continue;
    out.set(a.cameraId, worstSeverity(out.get(a.cameraId) ?? null, a.severity) ?? a.severity);
  }
  return out;
}

export class AlertStore {
  private readonly byId = new Map<string, Alert>();
  private ordered: Alert[] = [];

  /**
   * @param maxSize alerts kept while some of them are closed (resolved or false alarm): those go first, oldest first
   * @param maxOpen open alerts kept at most, whatever `maxSize` (the oldest dropped beyond)
   */
  constructor(
    readonly maxSize: number = MAX_ALERTS,
    readonly maxOpen: number = Math.max(MAX_OPEN_ALERTS, maxSize),
  ) {
    for (const [name, n] of [['maxSize', maxSize], ['maxOpen', maxOpen]] as const) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
    }
  }

  /**
   * Adds the alerts whose id is not held yet and replaces held ones by a higher
   * `version` (an alert changes as it is updated, ends and is acted on; an equal
   * or older copy is ignored), keeps newest first and, beyond `maxSize`, drops
   * the oldest closed alerts (and the oldest open ones beyond `maxOpen`).
   * Returns true when the visible list changed.
   */
  merge(incoming: Iterable<Alert>): boolean {
    const added: string[] = [];
    let replaced = false;
    for (const a of incoming) {
      const held = this.byId.get(a.id);
      if (held) {
        if (isNewer(a, held)) {
          this.byId.set(a.id, a);
          this.ordered[this.ordered.indexOf(held)] = a;
          replaced = true;
        }
        continue;
      }
      this.byId.set(a.id, a);
      this.ordered.push(a);
      added.push(a.id);
    }
    if (added.length === 0 && !replaced) return false;

    if (added.length > 0) this.ordered.sort(compareNewestFirst);
    // A replacement may have closed an alert, which can then make room.
    this.trim();
    // An added alert that was dropped at once (closed and older than everything kept): no visible change.
    return replaced || added.some((id) => this.byId.has(id));
  }

  /** From the oldest: closed alerts go while more than `maxSize` are held, open ones while more than `maxOpen` are. */
  private trim(): void {
    let excess = this.ordered.length - this.maxSize;
    let openExcess = -this.maxOpen;
    for (const a of this.ordered) if (isOpen(a)) openExcess++;
    if (excess <= 0 && openExcess <= 0) return;
    const kept: Alert[] = [];
    for (let i = this.ordered.length - 1; i >= 0; i--) {
      const a = this.ordered[i]!;
      const open = isOpen(a);
      if (open ? openExcess > 0 : excess > 0) {
        this.byId.delete(a.id);
        excess--;
        if (open) openExcess--;
      } else {
        kept.push(a);
      }
    }
    this.ordered = kept.reverse();
  }

  /** Adds one alert; see `merge`. */
  add(alert: Alert): boolean {
    return this.merge([alert]);
  }

  /** All kept alerts, newest first. Do not mutate. */
  list(): readonly Alert[] {
    return this.ordered;
  }

  get size(): number {
    return this.ordered.length;
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  clear(): void {
    this.byId.clear();
    this.ordered = [];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}
