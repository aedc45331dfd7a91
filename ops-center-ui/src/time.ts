// Times in the operator's time zone (Intl, IANA names), the zone setting, and hour buckets. No DOM.
import { formatClockTime } from './format';

export { formatClockTime };

function toMs(instant: string | number | Date): number {
  return instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string | undefined): Record<string, string> {
  const key = timeZone ?? '';
  let f = partFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    partFormats.set(key, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(ms)) out[p.type] = p.value.padStart(2, '0');
  return out;
}

/** "DD/MM HH:MM:SS" in `timeZone` (both languages write the day first); "--" for an unparseable input. */
export function formatDateTime(instant: string | number | Date, timeZone?: string): string {
  const ms = toMs(instant);
  if (!Number.isFinite(ms)) return '--';
  const p = parts(ms, timeZone);
  return `${p.day}/${p.month} ${p.hour}:${p.minute}:${p.second}`;
}

/** "HH:MM" of an instant in `timeZone`: the label of an hour bucket (HH:30 in half-hour zones). */
export function formatHourLabel(instant: string | number | Date, timeZone?: string): string {
  const ms = toMs(instant);
  if (!Number.isFinite(ms)) return '--:--';
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** The zone's offset from UTC at `at`, as "UTC+07:00" ("UTC" for zero). */
export function zoneOffset(timeZone: string, at: number = Date.now()): string {
  const p = parts(at, timeZone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const minutes = Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The runtime's own zone: in a browser, the operator's. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The IANA zones the runtime knows, the given ones first (deduplicated). */
export function timeZones(first: readonly string[] = []): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...first, 'UTC', 'Asia/Ho_Chi_Minh', ...all])];
}

const TZ_KEY = 'citywatch.timeZone';

/** The remembered zone when valid, else the browser's. */
export function loadTimeZone(storage: Pick<Storage, 'getItem'>): string {
  const tz = storage.getItem(TZ_KEY);
  return isValidTimeZone(tz) ? tz : browserTimeZone();
}

export function saveTimeZone(storage: Pick<Storage, 'setItem'>, tz: string): void {
  storage.setItem(TZ_KEY, tz);
}

export const HOUR_MS = 3_600_000;

/** The start (epoch ms, on a whole UTC hour) of each of the `hours` hours ending with the one holding `now`. */
export function hourBuckets(now: number, hours: number): number[] {
  const last = Math.floor(now / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) => last - (hours - 1 - i) * HOUR_MS);
}
