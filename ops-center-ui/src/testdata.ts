// Builders of API objects for the unit tests.
import type { Alert, Camera } from './types';

export function alert(id: string, startedAt: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    cameraId: 'cam-01',
    cameraName: 'Nguyen Hue walking street',
    type: 'CROWD',
    severity: 'P2',
    startedAt,
    message: '7 persons for 3 s',
    objectCount: 7,
    snapshotUrl: `/api/alerts/${id}/snapshot.jpg`,
    ...over,
  };
}

export function camera(id: string, over: Partial<Camera> = {}): Camera {
  return {
    id,
    name: `Camera ${id}`,
    kind: 'traffic',
    district: 'District 1',
    latitude: 10.77,
    longitude: 106.7,
    status: 'STREAMING',
    reason: null,
    since: '2026-11-22T02:30:00Z',
    fps: 9.8,
    latestImage: `/api/cameras/${id}/latest.jpg`,
    ...over,
  };
}

/** ISO time `s` seconds after 2026-11-22T02:00:00Z. */
export function at(s: number): string {
  return new Date(Date.UTC(2026, 10, 22, 2, 0, 0) + s * 1000).toISOString();
}

/** A Storage backed by a Map. */
export function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}
