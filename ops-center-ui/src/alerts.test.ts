import { describe, expect, it } from 'vitest';
import { AlertStore, compareNewestFirst, MAX_ALERTS } from './alerts';
import { alert, at } from './testdata';

const ids = (s: AlertStore) => s.list().map((a) => a.id);

describe('AlertStore', () => {
  it('keeps alerts newest first whatever the arrival order', () => {
    const s = new AlertStore();
    s.merge([alert('b', at(20)), alert('a', at(10))]);
    s.add(alert('d', at(40)));
    s.add(alert('c', at(30)));
    expect(ids(s)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('holds one copy per id when the fetch and the socket deliver the same alert', () => {
    const s = new AlertStore();
    expect(s.merge([alert('x', at(5)), alert('y', at(4))])).toBe(true);
    expect(s.add(alert('x', at(5)))).toBe(false);
    expect(s.merge([alert('y', at(4)), alert('x', at(5))])).toBe(false);
    expect(s.merge([alert('z', at(6)), alert('z', at(6))])).toBe(true);
    expect(ids(s)).toEqual(['z', 'x', 'y']);
    expect(s.size).toBe(3);
  });

  it('keeps the highest version of an id', () => {
    const s = new AlertStore();
    s.add(alert('x', at(5), { message: 'first', version: 1 }));
    expect(s.add(alert('x', at(5), { message: 'second', version: 1 }))).toBe(false);
    expect(s.list()[0]?.message).toBe('first');
    expect(s.add(alert('x', at(5), { message: 'acknowledged', version: 3, state: 'ACKNOWLEDGED' }))).toBe(true);
    expect(s.add(alert('x', at(5), { message: 'late update', version: 2 }))).toBe(false);
    expect(s.list()[0]?.message).toBe('acknowledged');
    expect(s.size).toBe(1);
  });

  it('is bounded at 200 by default and drops the oldest', () => {
    const s = new AlertStore();
    expect(s.maxSize).toBe(MAX_ALERTS);
    for (let i = 0; i < 250; i++) s.add(alert(`a${String(i).padStart(3, '0')}`, at(i)));
    expect(s.size).toBe(200);
    expect(s.list()[0]?.id).toBe('a249');
    expect(s.list()[199]?.id).toBe('a050');
    expect(s.has('a049')).toBe(false);
    expect(s.has('a050')).toBe(true);
  });

  it('accepts again an id that was dropped for age, and bounds a big batch', () => {
    const s = new AlertStore(3);
    s.merge([1, 2, 3, 4, 5].map((i) => alert(`id${i}`, at(i))));
    expect(ids(s)).toEqual(['id5', 'id4', 'id3']);
    // Older than everything kept: no visible change, still not held.
    expect(s.add(alert('id1', at(1)))).toBe(false);
    expect(s.has('id1')).toBe(false);
    expect(s.add(alert('id6', at(6)))).toBe(true);
    expect(ids(s)).toEqual(['id6', 'id5', 'id4']);
  });

  it('orders equal start times by id, larger first, and bad times last', () => {
    const s = new AlertStore();
    s.merge([alert('01A', at(1)), alert('bad', 'not a time'), alert('01C', at(1)), alert('01B', at(1))]);
    expect(ids(s)).toEqual(['01C', '01B', '01A', 'bad']);
    expect(compareNewestFirst(alert('q', at(1)), alert('q', at(1)))).toBe(0);
  });

  it('lists the cameras with an alert in the last 60 s', () => {
    const s = new AlertStore();
    s.merge([
      alert('1', at(0), { cameraId: 'cam-old' }),
      alert('2', at(40), { cameraId: 'cam-edge' }),
      alert('3', at(95), { cameraId: 'cam-new' }),
      alert('4', at(99), { cameraId: 'cam-new' }),
    ]);
    const now = Date.parse(at(100));
    expect([...s.recentCameraIds(now)].sort()).toEqual(['cam-edge', 'cam-new']);
    expect([...s.recentCameraIds(now + 1)]).toEqual(['cam-new']);
    expect([...s.recentCameraIds(now, 5_000)]).toEqual(['cam-new']);
  });

  it('rejects a size below one', () => {
    expect(() => new AlertStore(0)).toThrow(RangeError);
    expect(() => new AlertStore(1.5)).toThrow(RangeError);
  });
});
