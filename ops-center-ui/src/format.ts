// Formatting helpers: clock times and CSS classes. No DOM.

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
