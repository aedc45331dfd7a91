import { describe, expect, it } from 'vitest';
import { applyFilter, choices, matches, NO_FILTER } from './filters';
import { alert, at } from './testdata';

const a1 = alert('1', at(1), { severity: 'P1', type: 'CROWD', district: 'District 1', state: 'NEW' });
const a2 = alert('2', at(2), { severity: 'P2', type: 'WRONG_WAY', district: 'Thu Duc', state: 'ACKNOWLEDGED' });
const a3 = alert('3', at(3), { severity: 'P1', type: 'CROWD', district: undefined, cameraId: 'cam-x', state: 'RESOLVED' });
const all = [a3, a2, a1];
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('feed filters', () => {
  it('pass everything with no filter, keeping the order', () => {
    expect(ids(applyFilter(all, NO_FILTER))).toEqual(['3', '2', '1']);
  });

  it('filter by severity, type and state', () => {
    expect(ids(applyFilter(all, { ...NO_FILTER, severity: 'P1' }))).toEqual(['3', '1']);
    expect(ids(applyFilter(all, { ...NO_FILTER, type: 'WRONG_WAY' }))).toEqual(['2']);
    expect(ids(applyFilter(all, { ...NO_FILTER, state: 'ACKNOWLEDGED' }))).toEqual(['2']);
    expect(ids(applyFilter(all, { ...NO_FILTER, state: 'OPEN' }))).toEqual(['2', '1']);
    expect(ids(applyFilter(all, { ...NO_FILTER, severity: 'P1', state: 'OPEN' }))).toEqual(['1']);
  });

  it('filter by district, from the camera when the alert has none', () => {
    const districtOf = (id: string) => (id === 'cam-x' ? 'District 1' : undefined);
    expect(ids(applyFilter(all, { ...NO_FILTER, district: 'District 1' }, districtOf))).toEqual(['3', '1']);
    expect(matches(a3, { ...NO_FILTER, district: 'District 1' })).toBe(false);
  });

  it('offer the known values first, then the others sorted, no blanks or duplicates', () => {
    expect(choices(['Z', 'CROWD', '', null, 'A', 'CROWD'], ['WRONG_WAY', 'CROWD'])).toEqual(['CROWD', 'A', 'Z']);
  });
});
