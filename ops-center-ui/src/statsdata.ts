// The statistics' data shaped for charts, without the chart library. No DOM.
import { formatHourLabel, hourBuckets, HOUR_MS } from './time';
import type { AlertsPerHourRow, CountSeriesRow, SystemPoint, SystemStats } from './types';

export interface Series {
  label: string;
  data: number[];
}

export interface ChartData {
  labels: string[];
  series: Series[];
}

/**
 * Alerts per hour, one series per type (sorted), over the `hours` hours ending with the one holding `now`;
 * hours labelled in `timeZone`. Rows outside the window are ignored; districts are summed.
 */
export function alertsPerHour(rows: readonly AlertsPerHourRow[], now: number, hours: number, timeZone?: string): ChartData {
  const buckets = hourBuckets(now, hours);
  const first = buckets[0] ?? 0;
  const byType = new Map<string, number[]>();
  for (const r of rows) {
    const t = Date.parse(r.hour);
    if (!Number.isFinite(t) || !Number.isFinite(r.count)) continue;
    const i = Math.floor((t - first) / HOUR_MS);
    if (i < 0 || i >= hours) continue;
    let data = byType.get(r.type);
    if (!data) {
      data = new Array<number>(hours).fill(0);
      byType.set(r.type, data);
    }
    data[i] = (data[i] ?? 0) + r.count;
  }
  return {
    labels: buckets.map((b) => formatHourLabel(b, timeZone)),
    series: [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, data]) => ({ label, data })),
  };
}

/** Vehicle counts by class (x) and direction (one series each), summed over cameras and lines. */
export function countsByClass(rows: readonly CountSeriesRow[]): ChartData {
  const classes = [...new Set(rows.map((r) => r.class))].sort();
  const directions = [...new Set(rows.map((r) => r.direction))].sort();
  const series = directions.map((d) => ({
    label: d,
    data: classes.map((c) =>
      rows.filter((r) => r.class === c && r.direction === d).reduce((s, r) => s + (Number.isFinite(r.count) ? r.count : 0), 0),
    ),
  }));
  return { labels: classes, series };
}

/** A sample of the system's figures; the server's history has no open-alert count (null). */
export interface SystemSample extends Omit<SystemStats, 'alertsOpen' | 'inferenceFps'> {
  at: number;
  inferenceFps: number | null;
  alertsOpen: number | null;
}

/** A bounded history of the system's figures (oldest dropped), for the throughput chart. */
export class SystemHistory {
  private readonly samples: SystemSample[] = [];

  constructor(readonly max = 120) {}

  /** Starts again from the server's history (oldest first), so the chart shows the recent past at once. */
  reset(points: readonly SystemPoint[]): void {
    this.samples.length = 0;
    for (const p of points) this.add({ ...p, alertsOpen: null });
  }

  add(s: SystemSample): void {
    this.samples.push(s);
    if (this.samples.length > this.max) this.samples.splice(0, this.samples.length - this.max);
  }

  list(): readonly SystemSample[] {
    return this.samples;
  }

  latest(): SystemSample | undefined {
    return this.samples[this.samples.length - 1];
  }
}
