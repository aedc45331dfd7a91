// The P1 alarm: a two-tone beep made with WebAudio (no sound file to download). Browsers let a page
// play sound only after a user gesture: `unlock()` is called on the login click and on any later click.

export class Alarm {
  private ctx: AudioContext | null = null;
  muted = false;
  /** Beeps played so far (read by the browser test through `data-beeps`). */
  beeps = 0;

  unlock(): void {
    try {
      this.ctx ??= new AudioContext();
      if (this.ctx.state === 'suspended') void this.ctx.resume();
    } catch {
      // no WebAudio: the highlight still shows
    }
  }

  /** Three short high-low pulses. */
  beep(): void {
    this.beeps++;
    document.body.dataset.beeps = String(this.beeps);
    if (this.muted) return;
    this.unlock();
    const ctx = this.ctx;
    if (!ctx) return;
    const t0 = ctx.currentTime + 0.02;
    for (let i = 0; i < 3; i++) {
      for (const [offset, freq] of [
        [0, 988],
        [0.16, 740],
      ] as const) {
        const start = t0 + i * 0.4 + offset;
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'square';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.15);
        osc.connect(gain).connect(ctx.destination);
        osc.start(start);
        osc.stop(start + 0.16);
      }
    }
  }
}
