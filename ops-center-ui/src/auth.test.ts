import { describe, expect, it } from 'vitest';
import { actionsFor, atLeast, can, clearSession, loadSession, saveSession } from './auth';
import { memoryStorage } from './testdata';

describe('roles', () => {
  it('are ordered viewer < operator < dispatcher < admin', () => {
    expect(atLeast('viewer', 'viewer')).toBe(true);
    expect(atLeast('viewer', 'operator')).toBe(false);
    expect(atLeast('operator', 'viewer')).toBe(true);
    expect(atLeast('dispatcher', 'operator')).toBe(true);
    expect(atLeast('admin', 'dispatcher')).toBe(true);
    expect(atLeast('dispatcher', 'admin')).toBe(false);
  });

  it('give operators acknowledge and pin, dispatchers dispatch, resolve and false alarm', () => {
    expect(can('viewer', 'acknowledge')).toBe(false);
    expect(can('viewer', 'pin')).toBe(false);
    expect(can('operator', 'acknowledge')).toBe(true);
    expect(can('operator', 'pin')).toBe(true);
    expect(can('operator', 'dispatch')).toBe(false);
    expect(can('operator', 'resolve')).toBe(false);
    expect(can('dispatcher', 'dispatch')).toBe(true);
    expect(can('dispatcher', 'false-alarm')).toBe(true);
    expect(can('admin', 'resolve')).toBe(true);
  });
});

describe('actionsFor', () => {
  it('shows a viewer no action at all', () => {
    for (const s of ['NEW', 'ACKNOWLEDGED', 'DISPATCHED', 'RESOLVED', 'FALSE_ALARM']) expect(actionsFor('viewer', s)).toEqual([]);
  });

  it('shows an operator acknowledge on a new alert only', () => {
    expect(actionsFor('operator', 'NEW')).toEqual(['acknowledge']);
    expect(actionsFor('operator', 'ACKNOWLEDGED')).toEqual([]);
    expect(actionsFor('operator', undefined)).toEqual(['acknowledge']);
  });

  it('follows the workflow for a dispatcher', () => {
    expect(actionsFor('dispatcher', 'NEW')).toEqual(['acknowledge', 'dispatch', 'resolve', 'false-alarm']);
    expect(actionsFor('dispatcher', 'ACKNOWLEDGED')).toEqual(['dispatch', 'resolve', 'false-alarm']);
    expect(actionsFor('dispatcher', 'DISPATCHED')).toEqual(['resolve', 'false-alarm']);
    expect(actionsFor('dispatcher', 'RESOLVED')).toEqual([]);
    expect(actionsFor('admin', 'FALSE_ALARM')).toEqual([]);
  });
});

describe('session storage', () => {
  it('round-trips a session and forgets it on logout', () => {
    const s = memoryStorage();
    expect(loadSession(s)).toBeNull();
    saveSession(s, { token: 'abc', user: 'lan', role: 'operator', expiresAt: '2999-01-01T00:00:00Z' });
    expect(loadSession(s)).toEqual({ token: 'abc', user: 'lan', role: 'operator', expiresAt: '2999-01-01T00:00:00Z' });
    clearSession(s);
    expect(loadSession(s)).toBeNull();
  });

  it('ignores an expired session, an unknown role and garbage', () => {
    const s = memoryStorage();
    saveSession(s, { token: 'abc', user: 'lan', role: 'operator', expiresAt: '2000-01-01T00:00:00Z' });
    expect(loadSession(s)).toBeNull();
    s.setItem('citywatch.session', JSON.stringify({ token: 'abc', role: 'god' }));
    expect(loadSession(s)).toBeNull();
    s.setItem('citywatch.session', '{not json');
    expect(loadSession(s)).toBeNull();
  });
});

describe('tokenFromFragment', () => {
  it('takes a token handed over in the fragment and keeps the rest', async () => {
    const { tokenFromFragment } = await import('./auth');
    expect(tokenFromFragment('#access_token=abc.def')).toEqual({ token: 'abc.def', rest: '' });
    expect(tokenFromFragment('#map&access_token=abc')).toEqual({ token: 'abc', rest: 'map' });
    expect(tokenFromFragment('#map')).toEqual({ token: null, rest: 'map' });
    expect(tokenFromFragment('')).toEqual({ token: null, rest: '' });
    expect(tokenFromFragment('#access_token=')).toEqual({ token: null, rest: '' });
  });
});
