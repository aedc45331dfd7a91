// The live alert WebSocket with reconnect and backoff. No DOM; the socket is
// created through a factory so tests can pass a fake one.
import { parseAlertMessage, type Alert } from './api';
import { Backoff } from './backoff';

/** The subset of the browser WebSocket used here. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

export type SocketFactory = (url: string) => SocketLike;

export type LiveState = 'connecting' | 'connected' | 'reconnecting';

export interface LiveOptions {
  url: string;
  onAlert: (alert: Alert) => void;
  /** State changes; `retryInMs` is set while waiting to reconnect. */
  onState?: (state: LiveState, retryInMs?: number) => void;
  /** Each successful open; `reconnected` is false only for the very first one. */
  onOpen?: (reconnected: boolean) => void;
  createSocket?: SocketFactory;
  backoff?: Backoff;
  /** A connection must stay open this long before the backoff starts again at 1 s (stops a flapping server being hammered). */
  stableAfterMs?: number;
}

const defaultFactory: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike;

export class LiveAlerts {
  private socket: SocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private openedAt: number | null = null;
  private everOpened = false;
  private stopped = true;
  private readonly backoff: Backoff;
  private readonly createSocket: SocketFactory;
  private readonly stableAfterMs: number;

  constructor(private readonly opts: LiveOptions) {
    this.backoff = opts.backoff ?? new Backoff();
    this.createSocket = opts.createSocket ?? defaultFactory;
    this.stableAfterMs = opts.stableAfterMs ?? 5_000;
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
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onerror = s.onmessage = s.onopen = null;
      s.close();
    }
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    this.opts.onState?.(this.everOpened ? 'reconnecting' : 'connecting');
    let s: SocketLike;
    try {
      s = this.createSocket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      if (this.socket !== s) return;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.openedAt = Date.now();
      this.opts.onState?.('connected');
      this.opts.onOpen?.(reconnected);
    };
    s.onmessage = (ev) => {
      if (this.socket !== s || typeof ev.data !== 'string') return;
      const alert = parseAlertMessage(ev.data);
      if (alert) this.opts.onAlert(alert);
    };
    s.onerror = () => {
      // Browsers follow an error with a close event; reconnecting is handled there.
    };
    s.onclose = () => {
      if (this.socket !== s) return;
      this.socket = null;
      if (this.openedAt !== null && Date.now() - this.openedAt >= this.stableAfterMs) this.backoff.reset();
      this.openedAt = null;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.opts.onState?.('reconnecting', delay);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
