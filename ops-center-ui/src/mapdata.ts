// What the camera map shows, without the map library: marker states, cluster colours, district labels.
import type { Camera } from './types';

/** A marker's look: an open alert's severity wins over the camera's status. */
export type MarkerState = 'alert-p1' | 'alert-p2' | 'alert-p3' | 'alert-p4' | 'online' | 'degraded' | 'offline' | 'stopped';

const ORDER: readonly MarkerState[] = ['alert-p1', 'alert-p2', 'alert-p3', 'alert-p4', 'offline', 'degraded', 'stopped', 'online'];

export function statusState(status: string, online?: boolean): MarkerState {
  switch (status) {
    case 'STREAMING':
      return 'online';
    case 'CONNECTING':
    case 'STALLED':
      return 'degraded';
    case 'STOPPED':
      return 'stopped';
    case 'RETRYING':
    case 'UNAUTHORIZED':
    case 'UNSUPPORTED':
      return 'offline';
    default:
      return online ? 'online' : 'offline';
  }
}

export function markerState(c: Pick<Camera, 'status' | 'online'>, openSeverity: string | undefined): MarkerState {
  if (openSeverity && /^P[1-4]$/.test(openSeverity)) return `alert-${openSeverity.toLowerCase()}` as MarkerState;
  return statusState(c.status, c.online);
}

/** The state a cluster shows: the most urgent of its cameras'. */
export function worstState(states: Iterable<MarkerState>): MarkerState {
  let best = ORDER.length - 1;
  for (const s of states) best = Math.min(best, ORDER.indexOf(s));
  return ORDER[best] ?? 'online';
}

export interface DistrictLabel {
  district: string;
  latitude: number;
  longitude: number;
  cameras: number;
}

export function hasPosition(c: Pick<Camera, 'latitude' | 'longitude'>): boolean {
  return (
    Number.isFinite(c.latitude) && Number.isFinite(c.longitude) && Math.abs(c.latitude) <= 90 && Math.abs(c.longitude) <= 180
  );
}

/** One label per district at the centroid of its cameras (the map's own labels when it has no base map). */
export function districtLabels(cameras: readonly Pick<Camera, 'district' | 'latitude' | 'longitude'>[]): DistrictLabel[] {
  const acc = new Map<string, { lat: number; lon: number; n: number }>();
  for (const c of cameras) {
    if (!c.district || !hasPosition(c)) continue;
    const a = acc.get(c.district) ?? { lat: 0, lon: 0, n: 0 };
    a.lat += c.latitude;
    a.lon += c.longitude;
    a.n++;
    acc.set(c.district, a);
  }
  return [...acc.entries()]
    .map(([district, a]) => ({ district, latitude: a.lat / a.n, longitude: a.lon / a.n, cameras: a.n }))
    .sort((x, y) => x.district.localeCompare(y.district));
}

/** [[south, west], [north, east]] around the cameras, or null when none has a position. */
export function bounds(cameras: readonly Pick<Camera, 'latitude' | 'longitude'>[]): [[number, number], [number, number]] | null {
  const pts = cameras.filter(hasPosition);
  if (pts.length === 0) return null;
  const lats = pts.map((c) => c.latitude);
  const lons = pts.map((c) => c.longitude);
  return [
    [Math.min(...lats), Math.min(...lons)],
    [Math.max(...lats), Math.max(...lons)],
  ];
}
