// A task run now and then again a fixed time after each run ends, one run at a time; `now()` asks for a run at
// once (after the one in flight, if any), so answers apply in the order they were asked for. No DOM.

export class Poller {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;
  private stopped = true;

  /** `task` reports its own failures; a rejection only ends that run. */
  constructor(
    private readonly task: () => Promise<void>,
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.now();
  }

  /** Runs the task at once, or right after the run in flight (whose answer may predate what changed). */
  now(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      await this.task();
    } catch {
      // The task shows its own errors; the next run is scheduled all the same.
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      void this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.everyMs);
  }
}
