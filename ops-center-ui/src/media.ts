// Images and clips that need the token: fetched with the Authorization header and shown through object
// URLs, each revoked once it is replaced or its element goes away, so memory stays bounded.
import { ApiError, type ApiClient } from './client';

/** An <img> showing `path`, fetched with the token; `release()` revokes its object URL. */
export class AuthedImage {
  readonly img: HTMLImageElement;
  private url: string | null = null;
  private controller: AbortController | null = null;

  constructor(
    private readonly api: ApiClient,
    readonly path: string,
    alt: string,
    className = '',
  ) {
    this.img = document.createElement('img');
    this.img.alt = alt;
    this.img.className = className;
    this.img.decoding = 'async';
  }

  /** Fetches the image (once); resolves false when it could not be had. */
  async load(): Promise<boolean> {
    if (this.url || this.controller) return this.url !== null;
    this.controller = new AbortController();
    try {
      const blob = await this.api.blob(this.path, this.controller.signal);
      if (!this.controller) return false; // released meanwhile
      this.url = URL.createObjectURL(blob);
      this.img.src = this.url;
      return true;
    } catch {
      return false;
    } finally {
      this.controller = null;
    }
  }

  release(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.img.removeAttribute('src');
  }
}

/**
 * A camera's latest image, fetched again about once a second while visible: one timer per visible image,
 * none while hidden. The previous object URL is revoked once the next image has loaded.
 */
export class LiveImage {
  readonly img: HTMLImageElement;
  /** Images shown so far (the browser test reads it from `data-frames`). */
  frames = 0;
  /** Images that differed from the one before (by size: two JPEG pictures of a live view rarely match). */
  changes = 0;
  private lastSize = -1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private shown: string | null = null;
  private visible = false;
  private disposed = false;

  constructor(
    private readonly api: ApiClient,
    private readonly path: string,
    private readonly onResult: (ok: boolean, frames: number, changes: number) => void,
    private readonly periodMs = 1_000,
    private readonly retryMs = 5_000,
  ) {
    this.img = document.createElement('img');
    this.img.decoding = 'async';
    this.img.draggable = false;
  }

  /** Starts refreshing when it becomes visible, stops when it no longer is. */
  setVisible(visible: boolean): void {
    if (this.disposed || visible === this.visible) return;
    this.visible = visible;
    if (visible) {
      if (!this.controller && this.timer === null) void this.tick();
    } else {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      this.controller?.abort();
      this.controller = null;
    }
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.visible || this.disposed) return;
    const started = Date.now();
    const controller = new AbortController();
    this.controller = controller;
    let ok = false;
    let next = this.periodMs;
    try {
      const blob = await this.api.blob(this.path, controller.signal);
      if (controller.signal.aborted || this.disposed) return;
      await this.show(URL.createObjectURL(blob));
      if (this.lastSize >= 0 && blob.size !== this.lastSize) this.changes++;
      this.lastSize = blob.size;
      ok = true;
    } catch (e) {
      if (controller.signal.aborted || this.disposed) return;
      // No frame yet (404) or a failure: try again, less often.
      next = e instanceof ApiError && e.status === 404 ? this.periodMs * 2 : this.retryMs;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
    if (ok) this.frames++;
    this.onResult(ok, this.frames, this.changes);
    if (this.visible && !this.disposed && this.timer === null && !this.controller) {
      this.timer = setTimeout(() => void this.tick(), Math.max(0, next - (Date.now() - started)));
    }
  }

  private show(url: string): Promise<void> {
    return new Promise((resolve) => {
      const previous = this.shown;
      this.shown = url;
      const done = () => {
        this.img.removeEventListener('load', done);
        this.img.removeEventListener('error', done);
        if (previous) URL.revokeObjectURL(previous);
        resolve();
      };
      this.img.addEventListener('load', done);
      this.img.addEventListener('error', done);
      this.img.src = url;
    });
  }

  dispose(): void {
    this.setVisible(false);
    this.disposed = true;
    if (this.shown) URL.revokeObjectURL(this.shown);
    this.shown = null;
    this.img.removeAttribute('src');
  }
}
