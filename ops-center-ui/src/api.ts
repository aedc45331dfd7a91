// Types of the ops-center server's JSON API and the functions that fetch it.
// No DOM here: everything is testable under Node.

export type CameraStatus =
  | 'CONNECTING'
  | 'STREAMING'
  | 'STALLED'
  | 'RETRYING'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED'
  | 'STOPPED';
export type Severity = 'P1' | 'P2' | 'P3' | 'P4';

export interface Camera {
  id: string;
  name: string;
  kind: 'traffic' | 'ward' | string;
  district: string;
  latitude: number;
  longitude: number;
  status: CameraStatus | string;
  reason: string | null;
  since: string;
  fps: number;
  latestImage: string;
  /** What the analysis scheduler does with the camera (absent from older servers). */
  analysis?: CameraAnalysis;
}

export type AnalysisState = 'LIVE' | 'PATROL' | 'IDLE';

export interface CameraAnalysis {
  state: AnalysisState | string;
  role: string | null;
  /** Rate granted now (frames per second), 0 when idle. */
  fps: number;
  /** Rate measured over the last seconds. */
  measuredFps: number;
  reason: string | null;
  lastAnalysedAt: string | null;
}

export interface Alert {
  id: string;
  cameraId: string;
  cameraName: string;
  type: string;
  severity: Severity | string;
  startedAt: string;
  message: string;
  objectCount: number;
  /** Absent when no snapshot was stored. */
  snapshotUrl?: string;
  /** 1 when raised, +1 per change: the highest version of an id is the current alert. */
  version?: number;
  /** NEW, ACKNOWLEDGED, DISPATCHED, RESOLVED or FALSE_ALARM. */
  state?: string;
  /** False once the condition stopped holding. */
  active?: boolean;
  zone?: string;
  /** Present once the clip is recorded. */
  clipUrl?: string;
}

/** The subset of `fetch` that this module uses, so tests can pass a stub. */
export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

// Wrapped, not `fetch` itself: a detached fetch called as a method of another
// object throws "Illegal invocation" in browsers.
const defaultFetch: FetchFn = (url, init) => fetch(url, init);

export const ALERTS_LIMIT = 100;
const TIMEOUT_MS = 5_000;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True when `x` has the fields the UI relies on to show an alert. */
export function isAlert(x: unknown): x is Alert {
  return (
    isRecord(x) &&
    typeof x.id === 'string' &&
    x.id.length > 0 &&
    typeof x.cameraId === 'string' &&
    typeof x.startedAt === 'string' &&
    typeof x.severity === 'string' &&
    typeof x.type === 'string'
  );
}

/** True when `x` has the fields the UI relies on to show a camera tile. */
export function isCamera(x: unknown): x is Camera {
  return (
    isRecord(x) &&
    typeof x.id === 'string' &&
    x.id.length > 0 &&
    typeof x.status === 'string' &&
    typeof x.latestImage === 'string'
  );
}

async function getJson(url: string, fetchFn: FetchFn, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchFn(url, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (!res.ok) throw new Error(`GET ${url} → HTTP ${res.status}`);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /api/cameras`. Entries without the essential fields are dropped. */
export async function fetchCameras(fetchFn: FetchFn = defaultFetch, timeoutMs = TIMEOUT_MS): Promise<Camera[]> {
  const body = await getJson('/api/cameras', fetchFn, timeoutMs);
  if (!Array.isArray(body)) throw new Error('GET /api/cameras: expected a JSON array');
  return body.filter(isCamera);
}

/** `GET /api/alerts?limit=N` (newest first). Entries without the essential fields are dropped. */
export async function fetchAlerts(
  limit = ALERTS_LIMIT,
  fetchFn: FetchFn = defaultFetch,
  timeoutMs = TIMEOUT_MS,
): Promise<Alert[]> {
  const url = `/api/alerts?limit=${encodeURIComponent(String(limit))}`;
  const body = await getJson(url, fetchFn, timeoutMs);
  if (!Array.isArray(body)) throw new Error('GET /api/alerts: expected a JSON array');
  return body.filter(isAlert);
}

/**
 * Parses one WebSocket text frame. Returns the alert for
 * `{"type":"alert","alert":{...}}`, and null for anything else
 * (other message types, malformed JSON, incomplete alerts).
 */
export function parseAlertMessage(text: string): Alert | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(msg) || msg.type !== 'alert') return null;
  return isAlert(msg.alert) ? msg.alert : null;
}

/** `ws://host/ws/alerts`, or `wss://` when the page itself came over https. */
export function alertsWsUrl(loc: { protocol: string; host: string }): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws/alerts`;
}
