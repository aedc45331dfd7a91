// The alert feed's filters. No DOM.
import { isOpen } from './alerts';
import type { Alert } from './types';

export interface FeedFilter {
  /** P1..P4, or '' for all. */
  severity: string;
  /** An alert type, or '' for all. */
  type: string;
  /** A district, or '' for all. */
  district: string;
  /** A state, 'OPEN' for every state still to be handled, or '' for all. */
  state: string;
}

export const NO_FILTER: FeedFilter = { severity: '', type: '', district: '', state: '' };

export function matches(a: Alert, f: FeedFilter, districtOf: (cameraId: string) => string | undefined = () => undefined): boolean {
  if (f.severity && a.severity !== f.severity) return false;
  if (f.type && a.type !== f.type) return false;
  if (f.district && (a.district ?? districtOf(a.cameraId)) !== f.district) return false;
  if (f.state === 'OPEN') return isOpen(a);
  if (f.state && (a.state ?? 'NEW') !== f.state) return false;
  return true;
}

export function applyFilter(
  alerts: readonly Alert[],
  f: FeedFilter,
  districtOf?: (cameraId: string) => string | undefined,
): Alert[] {
  return alerts.filter((a) => matches(a, f, districtOf));
}

/** The distinct non-empty values, sorted, for a filter's choices (the known ones first). */
export function choices(values: Iterable<string | undefined | null>, known: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (const v of values) if (v) seen.add(v);
  const rest = [...seen].filter((v) => !known.includes(v)).sort((a, b) => a.localeCompare(b));
  return [...known.filter((k) => seen.has(k)), ...rest];
}
