import { describe, expect, it } from 'vitest';
import { alertsWsUrl, fetchAlerts, fetchCameras, parseAlertMessage, type FetchFn } from './api';
import { alert, at, camera } from './testdata';

function stubFetch(status: number, body: unknown, calls: string[] = []): FetchFn {
  return async (url) => {
    calls.push(url);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
}

describe('parseAlertMessage', () => {
  it('returns the alert of an alert message', () => {
    const a = alert('01JD', at(1));
    expect(parseAlertMessage(JSON.stringify({ type: 'alert', alert: a }))).toEqual(a);
  });

  it('ignores other types, malformed JSON and incomplete alerts', () => {
    expect(parseAlertMessage(JSON.stringify({ type: 'hello', alert: alert('x', at(1)) }))).toBeNull();
    expect(parseAlertMessage('{"type":"alert",')).toBeNull();
    expect(parseAlertMessage('null')).toBeNull();
    expect(parseAlertMessage('[]')).toBeNull();
    expect(parseAlertMessage(JSON.stringify({ type: 'alert' }))).toBeNull();
    expect(parseAlertMessage(JSON.stringify({ type: 'alert', alert: { id: 'x' } }))).toBeNull();
    expect(parseAlertMessage(JSON.stringify({ type: 'alert', alert: { ...alert('', at(1)) } }))).toBeNull();
  });
});

describe('alertsWsUrl', () => {
  it('uses ws for http and wss for https, with host and port', () => {
    expect(alertsWsUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws/alerts');
    expect(alertsWsUrl({ protocol: 'https:', host: 'ops.city.vn' })).toBe('wss://ops.city.vn/ws/alerts');
  });
});

describe('fetchCameras', () => {
  it('GETs /api/cameras and drops entries without an id, status or image', async () => {
    const calls: string[] = [];
    const cams = await fetchCameras(stubFetch(200, [camera('cam-01'), { id: 'broken' }, camera('cam-02')], calls));
    expect(calls).toEqual(['/api/cameras']);
    expect(cams.map((c) => c.id)).toEqual(['cam-01', 'cam-02']);
  });

  it('fails on an HTTP error or a body that is not an array', async () => {
    await expect(fetchCameras(stubFetch(503, { error: 'down' }))).rejects.toThrow(/503/);
    await expect(fetchCameras(stubFetch(200, { cameras: [] }))).rejects.toThrow(/array/);
  });

  it('gives up after the timeout', async () => {
    const hang: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    await expect(fetchCameras(hang, 20)).rejects.toThrow('aborted');
  });
});

describe('fetchAlerts', () => {
  it('asks for the limit and keeps valid alerts in the server order', async () => {
    const calls: string[] = [];
    const body = [alert('b', at(2)), { id: 'no-camera' }, alert('a', at(1))];
    const alerts = await fetchAlerts(100, stubFetch(200, body, calls));
    expect(calls).toEqual(['/api/alerts?limit=100']);
    expect(alerts.map((a) => a.id)).toEqual(['b', 'a']);
  });
});
