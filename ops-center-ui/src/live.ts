// The live push: a WebSocket to /ws/alerts that resumes after the last event seen (since=<eventId>), with
// backoff; Server-Sent Events (/api/events) when WebSocket never gets through (a proxy that blocks it).
// No DOM: the socket and the event source are made by factories, so tests pass fakes.
import { Backoff } from './backoff';
import { parsePushMessage, sseUrl, wsUrl, type PushFilters, type PushMessage } from './push';

/** The subset of the browser WebSocket used here. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

/** The subset of the browser EventSource used here. */
export interface EventSourceLike {
  onopen: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  readonly readyState: number;
  addEventListener(type: string, listener: (ev: { data?: unknown; lastEventId?: string }) => void): void;
  close(): void;
}

export type SocketFactory = (url: string) => SocketLike;
export type EventSourceFactory = (url: string) => EventSourceLike;
export type LiveState = 'connecting' | 'connected' | 'reconnecting';
export type Transport = 'ws' | 'sse';

export interface LiveOptions {
  location: { protocol: string; host: string };
  token: () => string | null;
  filters?: PushFilters;
  onMessage: (msg: PushMessage) => void;
  /** State changes; `retryInMs` is set while waiting to reconnect. */
  onState?: (state: LiveState, transport: Transport, retryInMs?: number) => void;
  /**
   * Each successful open. `resumed` is true when the server was asked for what followed the last event
   * seen (it answers with the missed events, or a gap message when it no longer holds them).
   */
  onOpen?: (info: { reconnected: boolean; resumed: boolean; transport: Transport }) => void;
  createSocket?: SocketFactory;
  createEventSource?: EventSourceFactory;
  backoff?: Backoff;
  /** A connection must stay open this long before the backoff starts again at 1 s. */
  stableAfterMs?: number;
  /** WebSocket attempts that never opened before falling back to SSE (when one ever opened, never). */
  wsFailuresBeforeSse?: number;
}

const CLOSED = 2;

const defaultSocket: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike;
const defaultEventSource: EventSourceFactory = (url) => new EventSource(url) as unknown as EventSourceLike;

export class LivePush {
  private socket: SocketLike | null = null;
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private openedAt: number | null = null;
  private everOpened = false;
  private wsEverOpened = false;
  private wsFailures = 0;
  private stopped = true;
  private lastId: string | null = null;
  private mode: Transport = 'ws';
  private readonly backoff: Backoff;

  constructor(private readonly opts: LiveOptions) {
    this.backoff = opts.backoff ?? new Backoff();
  }

  /** The id of the last event received: where a reconnect resumes. */
  get lastEventId(): string | null {
    return this.lastId;
  }

  get transport(): Transport {
    return this.mode;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.closeCurrent();
  }

  private closeCurrent(): void {
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onerror = s.onmessage = s.onopen = null;
      s.close();
    }
    const e = this.source;
    this.source = null;
    if (e) {
      e.onopen = e.onerror = null;
      e.close();
    }
  }

  private receive(data: unknown, lastEventId?: string): void {
    if (typeof data !== 'string') return;
    const msg = parsePushMessage(data);
    const id = msg?.eventId ?? (lastEventId || null);
    if (id) this.lastId = id;
    if (msg) this.opts.onMessage(msg);
  }

  private opened(transport: Transport, resumed: boolean): void {
    const reconnected = this.everOpened;
    this.everOpened = true;
    this.openedAt = Date.now();
    this.opts.onState?.('connected', transport);
    this.opts.onOpen?.({ reconnected, resumed, transport });
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    this.opts.onState?.(this.everOpened ? 'reconnecting' : 'connecting', this.mode);
    const since = this.lastId;
    try {
      if (this.mode === 'ws') this.connectWs(since);
      else this.connectSse(since);
    } catch {
      this.scheduleReconnect();
    }
  }

  private connectWs(since: string | null): void {
    const s = (this.opts.createSocket ?? defaultSocket)(
      wsUrl(this.opts.location, this.opts.token(), since, this.opts.filters),
    );
    this.socket = s;
    let open = false;
    s.onopen = () => {
      if (this.socket !== s) return;
      open = true;
      this.wsEverOpened = true;
      this.wsFailures = 0;
      this.opened('ws', since !== null);
    };
    s.onmessage = (ev) => {
      if (this.socket === s) this.receive(ev.data);
    };
    s.onerror = () => {
      // Browsers follow an error with a close event; reconnecting is handled there.
    };
    s.onclose = () => {
      if (this.socket !== s) return;
      this.socket = null;
      if (!open && !this.wsEverOpened && ++this.wsFailures >= (this.opts.wsFailuresBeforeSse ?? 3)) {
        this.mode = 'sse';
        this.backoff.reset();
      }
      this.connectionLost();
    };
  }

  private connectSse(since: string | null): void {
    const e = (this.opts.createEventSource ?? defaultEventSource)(sseUrl(this.opts.token(), since, this.opts.filters));
    this.source = e;
    let first = true;
    e.onopen = () => {
      if (this.source !== e) return;
      // The browser's own reconnects send Last-Event-ID, so they resume too.
      this.opened('sse', since !== null || !first);
      first = false;
    };
    const listener = (ev: { data?: unknown; lastEventId?: string }) => {
      if (this.source === e) this.receive(ev.data, ev.lastEventId);
    };
    for (const type of ['message', 'alert', 'camera', 'gap']) e.addEventListener(type, listener);
    e.onerror = () => {
      if (this.source !== e) return;
      if (e.readyState === CLOSED) {
        // The browser gave up (an HTTP error, such as 401): reconnect with our own backoff.
        this.source = null;
        e.onopen = e.onerror = null;
        e.close();
        this.connectionLost();
      } else {
        this.opts.onState?.('reconnecting', 'sse');
      }
    };
  }

  private connectionLost(): void {
    if (this.openedAt !== null && Date.now() - this.openedAt >= (this.opts.stableAfterMs ?? 5_000)) this.backoff.reset();
    this.openedAt = null;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.opts.onState?.('reconnecting', this.mode, delay);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
