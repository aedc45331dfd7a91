import { describe, expect, it } from 'vitest';
import {
  analysisClass,
  analysisText,
  cacheBustedUrl,
  countStreaming,
  formatClockTime,
  safeUrl,
  severityClass,
  statusClass,
  statusText,
} from './format';

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

describe('statusText', () => {
  it('adds the reason only for the offline states', () => {
    expect(statusText({ status: 'RETRYING', reason: 'RTSP timeout' })).toBe('RETRYING — RTSP timeout');
    expect(statusText({ status: 'UNAUTHORIZED', reason: '401' })).toBe('UNAUTHORIZED — 401');
    expect(statusText({ status: 'STALLED', reason: 'no media for 12 s' })).toBe('STALLED — no media for 12 s');
    expect(statusText({ status: 'RETRYING', reason: null })).toBe('RETRYING');
    expect(statusText({ status: 'RETRYING', reason: '  ' })).toBe('RETRYING');
    expect(statusText({ status: 'STREAMING', reason: 'ignored' })).toBe('STREAMING');
    expect(statusText({ status: 'CONNECTING', reason: 'retry 3' })).toBe('CONNECTING');
  });
});

describe('countStreaming', () => {
  it('counts STREAMING cameras and all cameras', () => {
    const cams = ['STREAMING', 'RETRYING', 'STREAMING', 'STOPPED', 'CONNECTING'].map((status) => ({ status }));
    expect(countStreaming(cams)).toEqual({ streaming: 2, total: 5 });
    expect(countStreaming([])).toEqual({ streaming: 0, total: 0 });
  });
});

describe('cacheBustedUrl', () => {
  it('adds t= as the first or a further query parameter, before any fragment', () => {
    expect(cacheBustedUrl('/api/cameras/cam-01/latest.jpg', 1700000000123)).toBe('/api/cameras/cam-01/latest.jpg?t=1700000000123');
    expect(cacheBustedUrl('/img.jpg?w=320', 5.7)).toBe('/img.jpg?w=320&t=5');
    expect(cacheBustedUrl('/img.jpg#x', 9)).toBe('/img.jpg?t=9#x');
  });
});

describe('safeUrl', () => {
  it('passes same-origin paths and http(s) URLs only', () => {
    expect(safeUrl('/api/alerts/1/snapshot.jpg')).toBe('/api/alerts/1/snapshot.jpg');
    expect(safeUrl('https://cams.example/x.jpg')).toBe('https://cams.example/x.jpg');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('//evil.example/x')).toBeNull();
    expect(safeUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
  });
});

describe('analysisText and analysisClass', () => {
  it('summarises live, patrol and idle cameras', () => {
    expect(analysisText({ state: 'LIVE', role: 'PINNED', measuredFps: 2.96, lastAnalysedAt: null })).toBe(
      'LIVE (PINNED) · 3.0 fps',
    );
    expect(analysisText({ state: 'PATROL', role: 'PATROL', measuredFps: 4.04, lastAnalysedAt: null })).toBe(
      'PATROL · 4.0 fps',
    );
    expect(
      analysisText({ state: 'IDLE', role: null, measuredFps: 0, lastAnalysedAt: '2026-11-22T05:03:04Z' }, 'UTC'),
    ).toBe('IDLE · last 05:03:04');
    expect(analysisText({ state: 'IDLE', role: null, measuredFps: 0, lastAnalysedAt: null })).toBe(
      'IDLE · not analysed yet',
    );
    expect(analysisText(undefined)).toBe('');
    expect(analysisClass('LIVE')).toBe('analysis-live');
    expect(analysisClass('PATROL')).toBe('analysis-patrol');
    expect(analysisClass('IDLE')).toBe('analysis-idle');
    expect(analysisClass(undefined)).toBe('analysis-idle');
  });
});
