// Formatting helpers: times, CSS classes, labels, URLs. No DOM.
import type { Camera } from './types';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function timeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = timeFormats.get(key);
  if (!f) {
    // hourCycle h23, not hour12:false: the latter prints midnight as "24" in some engines.
    f = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    timeFormats.set(key, f);
  }
  return f;
}

/**
 * "HH:MM:SS" (24 h) of an instant in `timeZone` (an IANA name such as
 * "Asia/Ho_Chi_Minh"); the runtime's own zone when omitted, which in a browser
 * is the operator's. Returns "--:--:--" for an unparseable input.
 */
export function formatClockTime(instant: string | number | Date, timeZone?: string): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return '--:--:--';
  const parts = timeFormat(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    (parts.find((p) => p.type === type)?.value ?? '00').padStart(2, '0');
  return `${get('hour')}:${get('minute')}:${get('second')}`;
}

const SEVERITY_CLASSES: Record<string, string> = { P1: 'sev-p1', P2: 'sev-p2', P3: 'sev-p3', P4: 'sev-p4' };

/** CSS class of a severity badge: P1 red, P2 orange, P3 yellow, P4 blue; anything else neutral. */
export function severityClass(severity: string): string {
  return SEVERITY_CLASSES[severity] ?? 'sev-unknown';
}

const STATUS_CLASSES: Record<string, string> = {
  STREAMING: 'status-streaming',
  CONNECTING: 'status-connecting',
  STALLED: 'status-connecting',
  RETRYING: 'status-offline',
  UNAUTHORIZED: 'status-offline',
  UNSUPPORTED: 'status-offline',
  STOPPED: 'status-stopped',
};

/**
 * CSS class of a camera status badge: STREAMING green; CONNECTING and STALLED amber; the offline states
 * (RETRYING, UNAUTHORIZED, UNSUPPORTED) red; STOPPED grey.
 */
export function statusClass(status: string): string {
  return STATUS_CLASSES[status] ?? 'status-unknown';
}

/** Whether a status is one of the offline ones, which come with a reason worth showing. */
export function isOffline(status: string): boolean {
  return STATUS_CLASSES[status] === 'status-offline' || status === 'STALLED';
}

/** Text of a camera's status, with the reason when offline ("RETRYING — Connection refused"). */
export function statusText(camera: Pick<Camera, 'status' | 'reason'>): string {
  const reason = camera.reason?.trim();
  return isOffline(camera.status) && reason ? `${camera.status} — ${reason}` : camera.status;
}

/** Cameras streaming and in total, for the header. */
export function countStreaming(cameras: readonly Pick<Camera, 'status'>[]): { streaming: number; total: number } {
  return { streaming: cameras.filter((c) => c.status === 'STREAMING').length, total: cameras.length };
}

/** `url` with a `t=<timestamp>` query parameter added, so the browser fetches a fresh copy. */
export function cacheBustedUrl(url: string, timestamp: number): string {
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const sep = base.includes('?') ? '&' : '?';
  return `${base}${sep}t=${Math.floor(timestamp)}${hash}`;
}

/**
 * The URL itself when it is safe to put in `src`/`href` (a same-origin path or
 * http(s)), otherwise null: a `javascript:` link from a bad payload must not
 * become clickable.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string') return null;
  const u = url.trim();
  if (u.startsWith('/') && !u.startsWith('//')) return u;
  return /^https?:\/\//i.test(u) ? u : null;
}

/** CSS class of a camera's analysis state: analysis-live, analysis-patrol or analysis-idle. */
export function analysisClass(state: string | undefined): string {
  if (state === 'LIVE') return 'analysis-live';
  if (state === 'PATROL') return 'analysis-patrol';
  return 'analysis-idle';
}

/**
 * A tile's one-line analysis summary: "LIVE (PINNED) · 3.0 fps", "PATROL · 2.9 fps",
 * or for an idle camera when it was last analysed ("IDLE · last 12:03:04").
 */
export function analysisText(
  a: { state: string; role: string | null; measuredFps: number; lastAnalysedAt: string | null } | undefined,
  timeZone?: string,
): string {
  if (!a) return '';
  if (a.state === 'IDLE') {
    return a.lastAnalysedAt ? `IDLE · last ${formatClockTime(a.lastAnalysedAt, timeZone)}` : 'IDLE · not analysed yet';
  }
  const role = a.state === 'LIVE' && a.role ? ` (${a.role})` : '';
  const fps = Number.isFinite(a.measuredFps) ? ` · ${a.measuredFps.toFixed(1)} fps` : '';
  return `${a.state}${role}${fps}`;
}
