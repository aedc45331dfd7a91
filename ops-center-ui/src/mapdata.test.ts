import { describe, expect, it } from 'vitest';
import { bounds, districtLabels, markerState, worstState } from './mapdata';
import { camera } from './testdata';

describe('markers', () => {
  it('are coloured by an open alert first, then by status', () => {
    expect(markerState({ status: 'STREAMING' }, undefined)).toBe('online');
    expect(markerState({ status: 'RETRYING' }, undefined)).toBe('offline');
    expect(markerState({ status: 'STALLED' }, undefined)).toBe('degraded');
    expect(markerState({ status: 'STOPPED' }, undefined)).toBe('stopped');
    expect(markerState({ status: 'SOMETHING', online: true }, undefined)).toBe('online');
    expect(markerState({ status: 'RETRYING' }, 'P1')).toBe('alert-p1');
    expect(markerState({ status: 'STREAMING' }, 'P3')).toBe('alert-p3');
  });

  it('a cluster shows its most urgent camera', () => {
    expect(worstState(['online', 'alert-p3', 'offline'])).toBe('alert-p3');
    expect(worstState(['online', 'offline'])).toBe('offline');
    expect(worstState(['alert-p2', 'alert-p1'])).toBe('alert-p1');
    expect(worstState([])).toBe('online');
  });
});

describe('district labels', () => {
  it('sit at the centroid of each district cameras, skipping cameras without a position', () => {
    const cams = [
      camera('a', { district: 'D1', latitude: 10, longitude: 106 }),
      camera('b', { district: 'D1', latitude: 12, longitude: 108 }),
      camera('c', { district: 'Thu Duc', latitude: 10.8, longitude: 106.75 }),
      camera('d', { district: 'D1', latitude: Number.NaN, longitude: 0 }),
    ];
    expect(districtLabels(cams)).toEqual([
      { district: 'D1', latitude: 11, longitude: 107, cameras: 2 },
      { district: 'Thu Duc', latitude: 10.8, longitude: 106.75, cameras: 1 },
    ]);
    expect(bounds(cams)).toEqual([
      [10, 106],
      [12, 108],
    ]);
    expect(bounds([])).toBeNull();
  });
});
