import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from './api';
import { LiveAlerts, type LiveState, type SocketLike } from './live';
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
  send(data: unknown): void {
    this.onmessage?.({ data });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const alerts: Alert[] = [];
  const states: [LiveState, number | undefined][] = [];
  const opens: boolean[] = [];
  const live = new LiveAlerts({
    url: 'ws://host/ws/alerts',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onAlert: (a) => alerts.push(a),
    onState: (s, ms) => states.push([s, ms]),
    onOpen: (re) => opens.push(re),
  });
  const last = () => sockets[sockets.length - 1]!;
  return { live, sockets, alerts, states, opens, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveAlerts', () => {
  it('connects, reports the state and passes on alert messages only', () => {
    const t = setup();
    t.live.start();
    expect(t.sockets.map((s) => s.url)).toEqual(['ws://host/ws/alerts']);
    expect(t.states).toEqual([['connecting', undefined]]);
    t.last().open();
    expect(t.states.at(-1)).toEqual(['connected', undefined]);
    expect(t.opens).toEqual([false]);

    const a = alert('01JD', at(1));
    t.last().send(JSON.stringify({ type: 'alert', alert: a }));
    t.last().send(JSON.stringify({ type: 'stats', cameras: 3 }));
    t.last().send('garbage');
    t.last().send(new ArrayBuffer(4));
    expect(t.alerts).toEqual([a]);
  });

  it('reconnects with 1, 2, 4, 8, 15, 15 s delays while the server stays away', () => {
    const t = setup();
    t.live.start();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      t.last().drop();
      const [state, ms] = t.states.at(-1)!;
      expect(state).toBe('reconnecting');
      delays.push(ms);
      const before = t.sockets.length;
      vi.advanceTimersByTime(ms! - 1);
      expect(t.sockets.length).toBe(before);
      vi.advanceTimersByTime(1);
      expect(t.sockets.length).toBe(before + 1);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it('tells a reconnect apart from the first open', () => {
    const t = setup();
    t.live.start();
    t.last().open();
    t.last().drop();
    vi.advanceTimersByTime(1000);
    t.last().open();
    expect(t.opens).toEqual([false, true]);
  });

  it('starts the backoff over only after a connection that stayed up', () => {
    const t = setup();
    t.live.start();
    t.last().drop(); // 1 s
    vi.advanceTimersByTime(1000);
    t.last().drop(); // 2 s
    vi.advanceTimersByTime(2000);
    t.last().open();
    vi.advanceTimersByTime(1000);
    t.last().drop(); // up 1 s only: keeps growing
    expect(t.states.at(-1)).toEqual(['reconnecting', 4000]);
    vi.advanceTimersByTime(4000);
    t.last().open();
    vi.advanceTimersByTime(60_000);
    t.last().drop(); // up a minute: back to 1 s
    expect(t.states.at(-1)).toEqual(['reconnecting', 1000]);
  });

  it('ignores events of a replaced socket and stops cleanly', () => {
    const t = setup();
    t.live.start();
    const first = t.last();
    first.drop();
    vi.advanceTimersByTime(1000);
    first.send(JSON.stringify({ type: 'alert', alert: alert('old', at(1)) }));
    expect(t.alerts).toEqual([]);

    const second = t.last();
    t.live.stop();
    expect(second.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(t.sockets.length).toBe(2);
  });

  it('retries when the socket cannot even be created', () => {
    let fail = true;
    const made: string[] = [];
    const states: [LiveState, number | undefined][] = [];
    const live = new LiveAlerts({
      url: 'ws://x/ws/alerts',
      createSocket: (url) => {
        if (fail) throw new Error('SyntaxError');
        made.push(url);
        return new FakeSocket(url);
      },
      onAlert: () => {},
      onState: (s, ms) => states.push([s, ms]),
    });
    live.start();
    expect(states.at(-1)).toEqual(['reconnecting', 1000]);
    fail = false;
    vi.advanceTimersByTime(1000);
    expect(made).toEqual(['ws://x/ws/alerts']);
    live.stop();
  });
});
