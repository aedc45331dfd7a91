import { describe, expect, it } from 'vitest';
import { parsePushMessage, sseUrl, wsUrl } from './push';
import { alert, at, camera } from './testdata';

describe('parsePushMessage', () => {
  it('reads alert, camera and gap messages with their event id', () => {
    const a = alert('01J', at(1));
    expect(parsePushMessage(JSON.stringify({ type: 'alert', event: 'RAISED', eventId: 'E1', alert: a }))).toEqual({
      type: 'alert', event: 'RAISED', eventId: 'E1', alert: a,
    });
    const c = camera('cam-1', { status: 'RETRYING' });
    expect(parsePushMessage(JSON.stringify({ type: 'camera', eventId: 7, camera: c }))).toEqual({ type: 'camera', eventId: '7', camera: c });
    expect(parsePushMessage('{"type":"gap","eventId":"E9","message":"too old"}')).toEqual({ type: 'gap', eventId: 'E9', message: 'too old' });
  });

  it('ignores unknown types, malformed JSON and incomplete payloads', () => {
    expect(parsePushMessage('{"type":"hello"}')).toBeNull();
    expect(parsePushMessage('{"type":"alert",')).toBeNull();
    expect(parsePushMessage('null')).toBeNull();
    expect(parsePushMessage('[]')).toBeNull();
    expect(parsePushMessage('{"type":"alert","alert":{"id":"x"}}')).toBeNull();
    expect(parsePushMessage('{"type":"camera","camera":{"name":"x"}}')).toBeNull();
  });
});

describe('push URLs', () => {
  it('carry the token, the filters and where to resume', () => {
    expect(wsUrl({ protocol: 'http:', host: 'h:8080' }, null, null)).toBe('ws://h:8080/ws/alerts');
    expect(wsUrl({ protocol: 'https:', host: 'ops.city' }, 't k', 'E5', { district: 'District 1', minSeverity: 'P2' })).toBe(
      'wss://ops.city/ws/alerts?access_token=t+k&district=District+1&minSeverity=P2&since=E5',
    );
    expect(sseUrl('tok', 'E5')).toBe('/api/events?access_token=tok&since=E5');
    expect(sseUrl(null, null)).toBe('/api/events');
  });
});
