import { describe, expect, it } from 'vitest';
import { autoGridSize, gridSize, parseGridChoice, wallCameras } from './grid';

const cams = (...ids: string[]) => ids.map((id) => ({ id }));

describe('grid size', () => {
  it('auto: the smallest square that shows every camera, 2x2 to 6x6', () => {
    expect(autoGridSize(0, 1600, 900)).toBe(2);
    expect(autoGridSize(4, 1600, 900)).toBe(2);
    expect(autoGridSize(5, 1600, 900)).toBe(3);
    expect(autoGridSize(9, 1600, 900)).toBe(3);
    expect(autoGridSize(16, 1600, 900)).toBe(4);
    expect(autoGridSize(1000, 3840, 2160)).toBe(6);
  });

  it('auto: fewer, larger tiles when the screen is too small for the camera count', () => {
    expect(autoGridSize(36, 1280, 720)).toBe(4); // 5x5 would be 144 px high
    expect(autoGridSize(36, 1280, 800)).toBe(5);
    expect(autoGridSize(36, 700, 500)).toBe(2);
  });

  it('a chosen size is kept whatever the screen', () => {
    expect(gridSize(6, 4, 400, 300)).toBe(6);
    expect(gridSize(2, 100, 4000, 3000)).toBe(2);
    expect(gridSize('auto', 9, 1600, 900)).toBe(3);
  });

  it('parses the stored choice', () => {
    expect(parseGridChoice(null)).toBe('auto');
    expect(parseGridChoice('auto')).toBe('auto');
    expect(parseGridChoice('3')).toBe(3);
    expect(parseGridChoice('7')).toBe('auto');
    expect(parseGridChoice('x')).toBe('auto');
  });
});

describe('wallCameras', () => {
  it('puts pinned cameras first, then open alerts by severity, then the rest, in server order', () => {
    const all = cams('a', 'b', 'c', 'd', 'e', 'f');
    const open = new Map([
      ['e', 'P3'],
      ['f', 'P1'],
      ['b', 'P3'],
    ]);
    expect(wallCameras(all, new Set(['d']), open, 36).map((c) => c.id)).toEqual(['d', 'f', 'b', 'e', 'a', 'c']);
  });

  it('keeps only as many as the wall has tiles', () => {
    expect(wallCameras(cams('a', 'b', 'c', 'd', 'e'), new Set(), new Map([['e', 'P2']]), 4).map((c) => c.id)).toEqual([
      'e', 'a', 'b', 'c',
    ]);
    expect(wallCameras(cams('a'), new Set(), new Map(), 0)).toEqual([]);
  });
});
