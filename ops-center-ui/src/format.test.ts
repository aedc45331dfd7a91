import { describe, expect, it } from 'vitest';
import { formatClockTime, severityClass, statusClass } from './format';

describe('formatClockTime', () => {
  it('prints HH:MM:SS in the given time zone', () => {
    const t = '2026-11-22T02:31:05.123Z';
    expect(formatClockTime(t, 'UTC')).toBe('02:31:05');
    expect(formatClockTime(t, 'Asia/Ho_Chi_Minh')).toBe('09:31:05');
    expect(formatClockTime(t, 'America/Los_Angeles')).toBe('18:31:05');
  });

  it('follows daylight saving time', () => {
    expect(formatClockTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('14:00:00');
    expect(formatClockTime('2026-01-01T12:00:00Z', 'Europe/Berlin')).toBe('13:00:00');
  });

  it('prints midnight as 00, not 24, and pads single digits', () => {
    expect(formatClockTime('2026-11-22T00:00:00Z', 'UTC')).toBe('00:00:00');
    expect(formatClockTime('2026-11-22T17:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('00:00:00');
    expect(formatClockTime('2026-11-22T01:02:03Z', 'UTC')).toBe('01:02:03');
  });

  it('accepts epoch milliseconds and Dates', () => {
    const ms = Date.UTC(2026, 10, 22, 23, 59, 59);
    expect(formatClockTime(ms, 'UTC')).toBe('23:59:59');
    expect(formatClockTime(new Date(ms), 'UTC')).toBe('23:59:59');
  });

  it('shows dashes for an unparseable time', () => {
    expect(formatClockTime('yesterday', 'UTC')).toBe('--:--:--');
    expect(formatClockTime(Number.NaN)).toBe('--:--:--');
  });

  it('uses the runtime zone when none is given', () => {
    expect(formatClockTime('2026-11-22T02:31:05Z')).toMatch(/^\d{2}:\d{2}:05$/);
  });
});

describe('CSS classes', () => {
  it('maps severities', () => {
    expect(['P1', 'P2', 'P3', 'P4', 'P9', ''].map(severityClass)).toEqual([
      'sev-p1', 'sev-p2', 'sev-p3', 'sev-p4', 'sev-unknown', 'sev-unknown',
    ]);
  });

  it('maps statuses', () => {
    expect(
      ['STREAMING', 'CONNECTING', 'STALLED', 'RETRYING', 'UNAUTHORIZED', 'UNSUPPORTED', 'STOPPED', 'streaming'].map(
        statusClass,
      ),
    ).toEqual([
      'status-streaming', 'status-connecting', 'status-connecting', 'status-offline', 'status-offline',
      'status-offline', 'status-stopped', 'status-unknown',
    ]);
  });
});
