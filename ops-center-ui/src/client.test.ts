import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, withQuery, type FetchFn } from './client';
import { alert, at, camera } from './testdata';

interface Call {
  url: string;
  init?: RequestInit;
}

function stub(status: number, body: unknown, calls: Call[] = []): FetchFn {
  return async (url, init) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
}

const header = (c: Call | undefined, name: string) => (c?.init?.headers as Record<string, string> | undefined)?.[name];

describe('ApiClient', () => {
  it('sends the bearer token when logged in, none otherwise', async () => {
    const calls: Call[] = [];
    let token: string | null = 'T0K';
    const api = new ApiClient({ token: () => token, fetchFn: stub(200, [camera('a')], calls) });
    expect((await api.cameras()).map((c) => c.id)).toEqual(['a']);
    expect(header(calls[0], 'Authorization')).toBe('Bearer T0K');
    token = null;
    await api.cameras();
    expect(header(calls[1], 'Authorization')).toBeUndefined();
  });

  it('logs in with a JSON body and reads the token and role', async () => {
    const calls: Call[] = [];
    const api = new ApiClient({ token: () => null, fetchFn: stub(200, { token: 't', user: 'lan', role: 'operator', expiresAt: 'x' }, calls) });
    expect(await api.login('lan', 'pw')).toEqual({ token: 't', user: 'lan', role: 'operator', expiresAt: 'x' });
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('{"user":"lan","password":"pw"}');
  });

  it('turns JSON errors into ApiError with status and code', async () => {
    const api = new ApiClient({ token: () => 't', fetchFn: stub(403, { code: 'forbidden', message: 'operators only' }) });
    const e = await api.act('A1', 'acknowledge').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 403, code: 'forbidden', message: 'operators only' });
  });

  it('ends the session on a 401 when a token was sent, not for a wrong password nor without a token', async () => {
    let ended = 0;
    let token: string | null = 't';
    const api = new ApiClient({ token: () => token, onUnauthorized: () => ended++, fetchFn: stub(401, { code: 'unauthorized', message: 'expired' }) });
    await expect(api.alerts()).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    await expect(api.login('x', 'y')).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    token = null;
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
  });

  it('drops malformed entries of lists', async () => {
    const api = new ApiClient({ token: () => null, fetchFn: stub(200, [alert('a', at(1)), { id: 'broken' }]) });
    expect((await api.alerts({ limit: 5, severity: 'P1' })).map((a) => a.id)).toEqual(['a']);
  });

  it('posts actions with their body and pins with POST / DELETE', async () => {
    const calls: Call[] = [];
    const api = new ApiClient({ token: () => 't', fetchFn: stub(200, alert('A 1', at(1), { state: 'DISPATCHED' }), calls) });
    await api.act('A 1', 'dispatch', { unit: 'Ward 6', note: 'crowd' });
    expect(calls[0]?.url).toBe('/api/alerts/A%201/dispatch');
    expect(calls[0]?.init?.body).toBe('{"unit":"Ward 6","note":"crowd"}');
    const pins: Call[] = [];
    const pinApi = new ApiClient({ token: () => 't', fetchFn: stub(204, undefined, pins) });
    await pinApi.pin('cam-1', true);
    await pinApi.pin('cam-1', false);
    expect(pins.map((c) => `${c.init?.method} ${c.url}`)).toEqual(['POST /api/cameras/cam-1/pin', 'DELETE /api/cameras/cam-1/pin']);
  });

  it('reads the UI config, with no tile URL meaning a plain map', async () => {
    const api = new ApiClient({ token: () => null, fetchFn: stub(200, { tileUrl: null, attribution: '', center: [10.78, 106.7], zoom: 12 }) });
    expect(await api.uiConfig()).toEqual({ tileUrl: null, attribution: '', center: [10.78, 106.7], zoom: 12 });
  });

  it("asks for the system's history and reads its samples, skipping malformed ones", async () => {
    const calls: Call[] = [];
    const body = {
      camerasTotal: 4, camerasOnline: 3, analysedStreams: 1, inferenceFps: 2.5, latencyP99Ms: 300, alertsOpen: 2,
      history: [
        { at: '2026-12-06T10:00:00Z', camerasTotal: 4, camerasOnline: 4, analysedStreams: 1, inferenceFps: null, latencyP99Ms: null },
        { at: 'not a time', camerasTotal: 4 },
        { at: '2026-12-06T10:00:10Z', camerasTotal: 4, camerasOnline: 3, analysedStreams: 1, inferenceFps: 3, latencyP99Ms: 280.5 },
      ],
    };
    const api = new ApiClient({ token: () => 't', fetchFn: stub(200, body, calls) });
    const s = await api.systemStats(60);
    expect(calls[0]?.url).toBe('/api/stats/system?historyMinutes=60');
    expect(s.alertsOpen).toBe(2);
    expect(s.camerasOnline).toBe(3);
    expect(s.history.map((p) => [p.at, p.camerasOnline, p.inferenceFps, p.latencyP99Ms])).toEqual([
      [Date.parse('2026-12-06T10:00:00Z'), 4, null, null],
      [Date.parse('2026-12-06T10:00:10Z'), 3, 3, 280.5],
    ]);
    await api.systemStats();
    expect(calls[1]?.url).toBe('/api/stats/system');
  });
});

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/alerts', { camera: 'a b', district: '', limit: 10, x: undefined })).toBe('/api/alerts?camera=a+b&limit=10');
    expect(withQuery('/api/alerts', {})).toBe('/api/alerts');
  });
});
