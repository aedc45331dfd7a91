import { describe, expect, it } from 'vitest';
import { formatDateTime, formatHourLabel, hourBuckets, isValidTimeZone, loadTimeZone, saveTimeZone, timeZones, zoneOffset } from './time';
import { memoryStorage } from './testdata';

describe('formatDateTime', () => {
  it('writes DD/MM HH:MM:SS in the operator time zone, crossing midnight', () => {
    const t = '2026-11-22T18:31:05Z';
    expect(formatDateTime(t, 'UTC')).toBe('22/11 18:31:05');
    expect(formatDateTime(t, 'Asia/Ho_Chi_Minh')).toBe('23/11 01:31:05');
    expect(formatDateTime(t, 'America/New_York')).toBe('22/11 13:31:05');
    expect(formatDateTime(t, 'Asia/Kolkata')).toBe('23/11 00:01:05');
  });

  it('follows daylight saving time', () => {
    expect(formatDateTime('2026-07-01T12:00:00Z', 'Europe/Paris')).toBe('01/07 14:00:00');
    expect(formatDateTime('2026-01-01T12:00:00Z', 'Europe/Paris')).toBe('01/01 13:00:00');
  });

  it('shows dashes for what is not a time', () => {
    expect(formatDateTime('soon', 'UTC')).toBe('--');
  });
});

describe('hours', () => {
  it('labels hour buckets in the zone, HH:30 where the offset has half hours', () => {
    const h = Date.UTC(2026, 10, 22, 2);
    expect(formatHourLabel(h, 'Asia/Ho_Chi_Minh')).toBe('09:00');
    expect(formatHourLabel(h, 'Asia/Kolkata')).toBe('07:30');
  });

  it('makes the last N whole hours, ending with the current one', () => {
    const now = Date.UTC(2026, 10, 22, 2, 45, 10);
    expect(hourBuckets(now, 3)).toEqual([Date.UTC(2026, 10, 22, 0), Date.UTC(2026, 10, 22, 1), Date.UTC(2026, 10, 22, 2)]);
  });
});

describe('time zone setting', () => {
  it('names offsets', () => {
    expect(zoneOffset('Asia/Ho_Chi_Minh', Date.UTC(2026, 0, 1))).toBe('UTC+07:00');
    expect(zoneOffset('UTC', Date.UTC(2026, 0, 1))).toBe('UTC');
    expect(zoneOffset('America/St_Johns', Date.UTC(2026, 0, 1))).toBe('UTC-03:30');
    expect(zoneOffset('Europe/London', Date.UTC(2026, 6, 1))).toBe('UTC+01:00');
  });

  it('accepts IANA names only', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(null)).toBe(false);
  });

  it('is remembered, and a bad stored value falls back to the runtime zone', () => {
    const s = memoryStorage();
    const runtime = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(loadTimeZone(s)).toBe(runtime);
    saveTimeZone(s, 'Asia/Ho_Chi_Minh');
    expect(loadTimeZone(s)).toBe('Asia/Ho_Chi_Minh');
    s.setItem('citywatch.timeZone', 'Nowhere/Land');
    expect(loadTimeZone(s)).toBe(runtime);
  });

  it('lists the chosen zone first, without duplicates', () => {
    const z = timeZones(['Europe/Paris']);
    expect(z[0]).toBe('Europe/Paris');
    expect(z).toContain('Asia/Ho_Chi_Minh');
    expect(new Set(z).size).toBe(z.length);
  });
});
