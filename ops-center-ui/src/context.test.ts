import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { AppContext } from './context';
import { camera } from './testdata';
import type { CameraAnalysis } from './types';

function context(): AppContext {
  // A real client that is never called here: the context only holds it.
  return new AppContext(new ApiClient({ token: () => null }), 'lan', 'operator', 'en', 'UTC');
}

const IDLE: CameraAnalysis = {
  state: 'IDLE',
  role: null,
  fps: 0,
  measuredFps: 0,
  reason: 'waiting for patrol turn (2 of 3)',
  lastAnalysedAt: '2026-11-22T02:00:00Z',
};

describe('AppContext cameras', () => {
  it('merges a pushed analysis into the held one, keeping the fields the push does not carry', () => {
    const ctx = context();
    ctx.setCameras([camera('a', { analysis: IDLE }), camera('b')]);
    let changes = 0;
    ctx.on('cameras', () => changes++);

    // A camera message: the status and analysis {state, role, fps} only.
    ctx.updateCamera({ id: 'a', status: 'STREAMING', analysis: { state: 'LIVE', role: 'PINNED', fps: 5 } });

    const a = ctx.camera('a');
    expect(a?.analysis).toEqual({ ...IDLE, state: 'LIVE', role: 'PINNED', fps: 5 });
    expect(a?.name).toBe('Camera a');
    expect(a?.latitude).toBe(10.77);
    expect(ctx.cameras.map((c) => c.id)).toEqual(['a', 'b']);
    expect(ctx.cameras[0]).toBe(a);
    expect(changes).toBe(1);
  });

  it('keeps the held analysis when a message has none, and takes a pushed one for a camera that had none', () => {
    const ctx = context();
    ctx.setCameras([camera('a', { analysis: IDLE }), camera('b')]);
    ctx.updateCamera({ id: 'a', status: 'RETRYING' });
    expect(ctx.camera('a')?.analysis).toEqual(IDLE);
    expect(ctx.camera('a')?.status).toBe('RETRYING');
    ctx.updateCamera({ id: 'b', status: 'STREAMING', analysis: { state: 'PATROL', role: 'PATROL', fps: 5 } });
    expect(ctx.camera('b')?.analysis).toEqual({ state: 'PATROL', role: 'PATROL', fps: 5 });
  });

  it('reads a pin from the role, and a pin made here until the server shows it', () => {
    const ctx = context();
    ctx.setCameras([camera('a', { analysis: IDLE })]);
    const a = () => ctx.camera('a')!;
    expect(ctx.isPinned(a())).toBe(false);

    ctx.setPinned('a', true);
    expect(ctx.isPinned(a())).toBe(true);
    // An answer from before the pin: this console's pin holds.
    ctx.setCameras([camera('a', { analysis: IDLE })]);
    expect(ctx.isPinned(a())).toBe(true);
    // The server shows it: from now on the server's word counts, and a pinned camera with an alert stays PINNED.
    ctx.updateCamera({ id: 'a', status: 'STREAMING', analysis: { state: 'LIVE', role: 'PINNED', fps: 5 } });
    expect(ctx.pinOverride.has('a')).toBe(false);
    expect(ctx.isPinned(a())).toBe(true);
    // Another console unpins it: this one follows.
    ctx.updateCamera({ id: 'a', status: 'STREAMING', analysis: { state: 'LIVE', role: 'ALERT', fps: 5 } });
    expect(ctx.isPinned(a())).toBe(false);
    expect(ctx.pinnedIds()).toEqual(new Set());
  });
});
