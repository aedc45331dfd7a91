// The live push's messages and URLs (WebSocket /ws/alerts, SSE /api/events). No DOM.
import { isAlert, isCamera, isRecord, type Alert, type AlertEventKind, type Camera } from './types';

export type PushMessage =
  | { type: 'alert'; event: AlertEventKind | string; eventId: string | null; alert: Alert }
  | { type: 'camera'; eventId: string | null; camera: Camera }
  | { type: 'gap'; eventId: string | null; message: string };

export interface PushFilters {
  district?: string;
  camera?: string;
  type?: string;
  minSeverity?: string;
}

function eventIdOf(x: unknown): string | null {
  return typeof x === 'string' && x.length > 0 ? x : typeof x === 'number' ? String(x) : null;
}

/** One message of the push, or null for anything malformed or unknown (ignored). */
export function parsePushMessage(text: string): PushMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(m)) return null;
  const eventId = eventIdOf(m.eventId);
  switch (m.type) {
    case 'alert':
      return isAlert(m.alert)
        ? { type: 'alert', event: typeof m.event === 'string' ? m.event : 'UPDATED', eventId, alert: m.alert }
        : null;
    case 'camera':
      return isCamera(m.camera) ? { type: 'camera', eventId, camera: m.camera } : null;
    case 'gap':
      return { type: 'gap', eventId, message: typeof m.message === 'string' ? m.message : '' };
    default:
      return null;
  }
}

function query(token: string | null, since: string | null, f: PushFilters): string {
  const q = new URLSearchParams();
  if (token) q.set('access_token', token);
  for (const k of ['district', 'camera', 'type', 'minSeverity'] as const) {
    const v = f[k];
    if (v) q.set(k, v);
  }
  if (since) q.set('since', since);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `ws(s)://host/ws/alerts?access_token=…&…&since=<last event id>`. */
export function wsUrl(loc: { protocol: string; host: string }, token: string | null, since: string | null, f: PushFilters = {}): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws/alerts${query(token, since, f)}`;
}

/** `/api/events?access_token=…&…&since=…` (the browser adds Last-Event-ID on its own reconnects). */
export function sseUrl(token: string | null, since: string | null, f: PushFilters = {}): string {
  return `/api/events${query(token, since, f)}`;
}
