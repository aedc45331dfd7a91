import { describe, expect, it } from 'vitest';
import { alertsPerHour, countsByClass, SystemHistory } from './statsdata';

describe('alertsPerHour', () => {
  const now = Date.UTC(2026, 10, 22, 2, 30);
  it('makes one series per type over the last hours, labelled in the time zone, districts summed', () => {
    const d = alertsPerHour(
      [
        { hour: '2026-11-22T02:00:00Z', type: 'CROWD', district: 'D1', count: 2 },
        { hour: '2026-11-22T02:00:00Z', type: 'CROWD', district: 'D3', count: 1 },
        { hour: '2026-11-22T00:00:00Z', type: 'WRONG_WAY', district: 'D1', count: 4 },
        { hour: '2026-11-21T20:00:00Z', type: 'CROWD', district: 'D1', count: 9 }, // before the window
        { hour: 'garbage', type: 'CROWD', district: 'D1', count: 9 },
      ],
      now,
      3,
      'Asia/Ho_Chi_Minh',
    );
    expect(d.labels).toEqual(['07:00', '08:00', '09:00']);
    expect(d.series).toEqual([
      { label: 'CROWD', data: [0, 0, 3] },
      { label: 'WRONG_WAY', data: [4, 0, 0] },
    ]);
  });
});

describe('countsByClass', () => {
  it('sums cameras and lines per class and direction', () => {
    const d = countsByClass([
      { camera: 'a', line: 'g', class: 'car', direction: 'away', count: 5 },
      { camera: 'b', line: 'g', class: 'car', direction: 'away', count: 2 },
      { camera: 'a', line: 'g', class: 'truck', direction: 'towards', count: 1 },
    ]);
    expect(d).toEqual({
      labels: ['car', 'truck'],
      series: [
        { label: 'away', data: [7, 0] },
        { label: 'towards', data: [0, 1] },
      ],
    });
  });
});

describe('SystemHistory', () => {
  it('keeps the latest samples only', () => {
    const h = new SystemHistory(3);
    for (let i = 0; i < 5; i++) h.add({ at: i, camerasOnline: i, camerasTotal: 4, analysedStreams: 0, inferenceFps: 0, latencyP99Ms: null, alertsOpen: 0 });
    expect(h.list().map((s) => s.at)).toEqual([2, 3, 4]);
    expect(h.latest()?.at).toBe(4);
  });

  it("starts again from the server's history, without an open-alert count", () => {
    const h = new SystemHistory(3);
    h.add({ at: 99, camerasOnline: 1, camerasTotal: 4, analysedStreams: 0, inferenceFps: 0, latencyP99Ms: null, alertsOpen: 5 });
    const point = (at: number) => ({ at, camerasOnline: 4, camerasTotal: 4, analysedStreams: 1, inferenceFps: 2, latencyP99Ms: 300 });
    h.reset([point(1), point(2), point(3), point(4)]);
    expect(h.list().map((s) => s.at)).toEqual([2, 3, 4]);
    expect(h.latest()?.alertsOpen).toBeNull();
  });
});
