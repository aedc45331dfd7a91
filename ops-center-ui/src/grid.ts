// The alert wall's grid: its size (2x2 .. 6x6, chosen or fitted to the screen) and which cameras fill it.
// No DOM.

export const MIN_GRID = 2;
export const MAX_GRID = 6;
/** A tile narrower or lower than this is unreadable on a wall screen: `auto` picks fewer, larger tiles. */
export const MIN_TILE_WIDTH = 240;
export const MIN_TILE_HEIGHT = 150;

export type GridChoice = 'auto' | 2 | 3 | 4 | 5 | 6;
export const GRID_CHOICES: readonly GridChoice[] = ['auto', 2, 3, 4, 5, 6];

function clamp(n: number): number {
  return Math.min(MAX_GRID, Math.max(MIN_GRID, n));
}

/**
 * The side of the square grid for `cameraCount` cameras in a `width` x `height` pixel area: the smallest
 * that shows every camera, within 2..6, and no larger than keeps tiles at least MIN_TILE_WIDTH x
 * MIN_TILE_HEIGHT.
 */
export function autoGridSize(cameraCount: number, width: number, height: number): number {
  let n = clamp(Math.ceil(Math.sqrt(Math.max(0, cameraCount))));
  while (n > MIN_GRID && (width / n < MIN_TILE_WIDTH || height / n < MIN_TILE_HEIGHT)) n--;
  return n;
}

export function gridSize(choice: GridChoice, cameraCount: number, width: number, height: number): number {
  return choice === 'auto' ? autoGridSize(cameraCount, width, height) : clamp(choice);
}

export function parseGridChoice(v: string | null): GridChoice {
  if (v === null || v === 'auto') return 'auto';
  const n = Number(v);
  return (GRID_CHOICES as readonly unknown[]).includes(n) ? (n as GridChoice) : 'auto';
}

const SEVERITY_RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/**
 * The cameras on a wall of `slots` tiles: pinned ones first, then those with an open alert (most severe
 * first), then the rest; the server's order within each group, so tiles do not jump around.
 */
export function wallCameras<C extends { id: string }>(
  cameras: readonly C[],
  pinned: ReadonlySet<string>,
  openSeverity: ReadonlyMap<string, string>,
  slots: number,
): C[] {
  const rank = (c: C): number => {
    if (pinned.has(c.id)) return 0;
    const sev = openSeverity.get(c.id);
    return sev ? (SEVERITY_RANK[sev] ?? 5) : 10;
  };
  return cameras
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, Math.max(0, slots))
    .map((x) => x.c);
}
