import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LivePush, type EventSourceLike, type LiveState, type SocketLike, type Transport } from './live';
import type { PushMessage } from './push';
import { alert, at } from './testdata';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.({});
  }
  drop(): void {
    this.onerror?.({});
    this.onclose?.({});
  }
  send(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) });
  }
}

class FakeEventSource implements EventSourceLike {
  onopen: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, ((ev: { data?: unknown; lastEventId?: string }) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (ev: { data?: unknown; lastEventId?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  emit(type: string, msg: unknown, lastEventId = ''): void {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(msg), lastEventId });
  }
}

function setup(opts: { token?: string | null; wsFailuresBeforeSse?: number } = {}) {
  const sockets: FakeSocket[] = [];
  const sources: FakeEventSource[] = [];
  const messages: PushMessage[] = [];
  const states: [LiveState, Transport, number | undefined][] = [];
  const opens: { reconnected: boolean; resumed: boolean; transport: Transport }[] = [];
  const live = new LivePush({
    location: { protocol: 'http:', host: 'host' },
    token: () => opts.token ?? 'tok',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    createEventSource: (url) => {
      const e = new FakeEventSource(url);
      sources.push(e);
      return e;
    },
    wsFailuresBeforeSse: opts.wsFailuresBeforeSse,
    onMessage: (m) => messages.push(m),
    onState: (s, t, ms) => states.push([s, t, ms]),
    onOpen: (o) => opens.push(o),
  });
  const ws = () => sockets[sockets.length - 1]!;
  const sse = () => sources[sources.length - 1]!;
  return { live, sockets, sources, messages, states, opens, ws, sse };
}

const raised = (id: string, eventId: string) => ({ type: 'alert', event: 'RAISED', eventId, alert: alert(id, at(1)) });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LivePush over WebSocket', () => {
  it('connects with the token, passes messages on and reports the state', () => {
    const t = setup();
    t.live.start();
    expect(t.ws().url).toBe('ws://host/ws/alerts?access_token=tok');
    t.ws().open();
    t.ws().send(raised('a', 'E1'));
    t.ws().send('{"type":"hello"}');
    t.ws().send('not json');
    expect(t.messages.map((m) => m.type)).toEqual(['alert']);
    expect(t.states.map((s) => s[0])).toEqual(['connecting', 'connected']);
    expect(t.opens).toEqual([{ reconnected: false, resumed: false, transport: 'ws' }]);
    expect(t.live.lastEventId).toBe('E1');
  });

  it('reconnects with since = the last event id seen, after a backoff', () => {
    const t = setup();
    t.live.start();
    t.ws().open();
    t.ws().send(raised('a', 'E1'));
    t.ws().send({ type: 'camera', eventId: 'E2', camera: { id: 'c', status: 'RETRYING' } });
    t.ws().drop();
    expect(t.states[t.states.length - 1]).toEqual(['reconnecting', 'ws', 1000]);
    vi.advanceTimersByTime(999);
    expect(t.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.sockets).toHaveLength(2);
    expect(t.ws().url).toBe('ws://host/ws/alerts?access_token=tok&since=E2');
    t.ws().open();
    expect(t.opens[1]).toEqual({ reconnected: true, resumed: true, transport: 'ws' });
  });

  it('backs off 1, 2, 4 s while the server stays away, and again from 1 s after a stable connection', () => {
    const t = setup();
    t.live.start();
    t.ws().open(); // WebSocket works here: never falls back to SSE
    t.ws().drop();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      delays.push(t.states[t.states.length - 1]![2]!);
      vi.advanceTimersByTime(delays[i]!);
      t.ws().drop();
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(t.sockets.every((s) => s.url.startsWith('ws://'))).toBe(true);
    vi.advanceTimersByTime(8000);
    t.ws().open();
    vi.advanceTimersByTime(6000);
    t.ws().drop();
    expect(t.states[t.states.length - 1]).toEqual(['reconnecting', 'ws', 1000]);
  });

  it('a gap message is passed on (the app refetches the alerts)', () => {
    const t = setup();
    t.live.start();
    t.ws().open();
    t.ws().send({ type: 'gap', eventId: 'E7', message: 'events before E7 are gone' });
    expect(t.messages).toEqual([{ type: 'gap', eventId: 'E7', message: 'events before E7 are gone' }]);
    expect(t.live.lastEventId).toBe('E7');
  });

  it('stop closes the socket and cancels the reconnect', () => {
    const t = setup();
    t.live.start();
    t.ws().open();
    t.ws().drop();
    t.live.stop();
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
    t.live.start();
    expect(t.sockets).toHaveLength(2);
    t.live.stop();
    expect(t.ws().closed).toBe(true);
  });
});

describe('LivePush falling back to SSE', () => {
  it('uses /api/events when WebSocket never opens, and resumes from the last event id', () => {
    const t = setup({ wsFailuresBeforeSse: 2 });
    t.live.start();
    t.ws().drop();
    vi.advanceTimersByTime(1000);
    t.ws().drop();
    expect(t.live.transport).toBe('sse');
    vi.advanceTimersByTime(1000);
    expect(t.sources).toHaveLength(1);
    expect(t.sse().url).toBe('/api/events?access_token=tok');
    t.sse().open();
    expect(t.opens).toEqual([{ reconnected: false, resumed: false, transport: 'sse' }]);
    t.sse().emit('message', raised('a', 'E3'), 'E3');
    t.sse().emit('alert', { type: 'alert', event: 'UPDATED', alert: alert('a', at(1)) }, 'E4');
    expect(t.messages.map((m) => m.type)).toEqual(['alert', 'alert']);
    expect(t.live.lastEventId).toBe('E4');

    // The browser retries on its own (readyState CONNECTING) ...
    t.sse().readyState = 0;
    t.sse().onerror?.({});
    expect(t.sources).toHaveLength(1);
    // ... until it gives up (CLOSED): then we reconnect with since.
    t.sse().readyState = 2;
    t.sse().onerror?.({});
    vi.advanceTimersByTime(1999);
    expect(t.sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.sources).toHaveLength(2);
    expect(t.sse().url).toBe('/api/events?access_token=tok&since=E4');
    expect(t.sources[0]!.closed).toBe(true);
  });

  it('never falls back once WebSocket has worked', () => {
    const t = setup({ wsFailuresBeforeSse: 1 });
    t.live.start();
    t.ws().open();
    t.ws().drop();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(20_000);
      t.ws().drop();
    }
    expect(t.live.transport).toBe('ws');
    expect(t.sources).toHaveLength(0);
  });
});
