import { describe, expect, it } from 'vitest';
import { AlertStore, compareNewestFirst, MAX_ALERTS, MAX_OPEN_ALERTS, openSeverityByCamera } from './alerts';
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

  it('is bounded at 200 closed alerts by default and drops the oldest', () => {
    const s = new AlertStore();
    expect(s.maxSize).toBe(MAX_ALERTS);
    for (let i = 0; i < 250; i++) s.add(alert(`a${String(i).padStart(3, '0')}`, at(i), { state: 'RESOLVED' }));
    expect(s.size).toBe(200);
    expect(s.list()[0]?.id).toBe('a249');
    expect(s.list()[199]?.id).toBe('a050');
    expect(s.has('a049')).toBe(false);
    expect(s.has('a050')).toBe(true);
  });

  it('drops closed alerts before open ones, so an old open P1 keeps its highlight and its tile border', () => {
    const s = new AlertStore();
    const p1 = alert('p1', at(0), { severity: 'P1', state: 'NEW', cameraId: 'cam-old' });
    const acked = alert('acked', at(1), { severity: 'P2', state: 'ACKNOWLEDGED', cameraId: 'cam-ack' });
    s.merge([p1, acked]);
    for (let i = 0; i < 300; i++) {
      s.add(alert(`c${String(i).padStart(3, '0')}`, at(10 + i), { state: i % 2 ? 'RESOLVED' : 'FALSE_ALARM' }));
    }
    expect(s.size).toBe(200);
    expect(s.get('p1')).toBe(p1);
    expect(s.has('acked')).toBe(true);
    expect(openSeverityByCamera(s.list()).get('cam-old')).toBe('P1');
    // The 198 newest closed ones fill the rest.
    expect(s.has('c101')).toBe(false);
    expect(s.has('c102')).toBe(true);
    expect(s.list().at(-1)?.id).toBe('p1');

    // Closed, it is the first to go when room is needed.
    expect(s.add({ ...p1, state: 'RESOLVED', version: 2 })).toBe(true);
    expect(s.has('p1')).toBe(true);
    s.add(alert('c300', at(400), { state: 'RESOLVED' }));
    expect(s.has('p1')).toBe(false);
    expect(s.has('c102')).toBe(true);
    expect(s.size).toBe(200);
  });

  it('keeps open alerts beyond 200 up to 2,000, then drops the oldest open ones', () => {
    const s = new AlertStore();
    expect(s.maxOpen).toBe(MAX_OPEN_ALERTS);
    s.add(alert('closed', at(5_000), { state: 'RESOLVED' }));
    const open = (i: number) => alert(`o${String(i).padStart(4, '0')}`, at(i), { state: 'NEW' });
    s.merge(Array.from({ length: 2_099 }, (_, i) => open(i)));
    expect(s.size).toBe(2_000);
    s.add(open(2_099));
    expect(s.size).toBe(2_000);
    expect(s.has('closed')).toBe(false); // newest of all, but closed: it goes first
    expect(s.has('o0099')).toBe(false);
    expect(s.has('o0100')).toBe(true);
    expect(s.list()[0]?.id).toBe('o2099');
  });

  it('accepts again an id that was dropped for age, and bounds a big batch', () => {
    const s = new AlertStore(3, 3);
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

  it('rejects a size below one', () => {
    expect(() => new AlertStore(0)).toThrow(RangeError);
    expect(() => new AlertStore(1.5)).toThrow(RangeError);
    expect(() => new AlertStore(10, 0)).toThrow(RangeError);
  });
});

describe('open alerts', () => {
  it('are those not resolved nor false alarms; a P1 needs attention until acknowledged', async () => {
    const { isOpen, needsAttention, openSeverityByCamera } = await import('./alerts');
    const a = alert('a', at(1), { severity: 'P3', state: 'NEW', cameraId: 'c1' });
    const b = alert('b', at(2), { severity: 'P1', state: 'ACKNOWLEDGED', cameraId: 'c1' });
    const c = alert('c', at(3), { severity: 'P1', state: 'RESOLVED', cameraId: 'c2' });
    const d = alert('d', at(4), { severity: 'P1', state: 'NEW', cameraId: 'c3' });
    expect([a, b, c, d].map(isOpen)).toEqual([true, true, false, true]);
    expect([a, b, c, d].map(needsAttention)).toEqual([false, false, false, true]);
    expect(openSeverityByCamera([a, b, c, d])).toEqual(new Map([['c1', 'P1'], ['c3', 'P1']]));
  });

  it('a later updatedAt replaces a copy when the server sends no version', () => {
    const s = new AlertStore();
    s.add(alert('x', at(5), { updatedAt: at(5), state: 'NEW' }));
    expect(s.add(alert('x', at(5), { updatedAt: at(9), state: 'ACKNOWLEDGED' }))).toBe(true);
    expect(s.add(alert('x', at(5), { updatedAt: at(7), state: 'NEW' }))).toBe(false);
    expect(s.get('x')?.state).toBe('ACKNOWLEDGED');
  });
});
