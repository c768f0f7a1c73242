import { describe, expect, it } from 'vitest';
import { regionCorners, textRegions } from './text-regions';

/** A probability map with the given value inside each predicate. */
function map(width: number, height: number, fill: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = fill(x, y);
  return out;
}

describe('text regions from a DB probability map', () => {
  it('finds one upright rectangle per blob, grown by the unclip offset', () => {
    const prob = map(200, 100, (x, y) =>
      (x >= 20 && x < 120 && y >= 10 && y < 20) || (x >= 20 && x < 80 && y >= 50 && y < 60) ? 0.9 : 0.05,
    );
    const regions = textRegions(prob, 200, 100).sort((a, b) => a.cy - b.cy);
    expect(regions).toHaveLength(2);
    const [first] = regions;
    expect(first?.angle).toBe(0);
    expect(first?.cx).toBeCloseTo(70, 5);
    expect(first?.cy).toBeCloseTo(15, 5);
    // 100 x 10 core, offset = 100 * 10 * 1.5 / (2 * 110) ≈ 6.82 on each side.
    const grow = (100 * 10 * 1.5) / 220;
    expect(first?.length).toBeCloseTo(100 + 2 * grow, 5);
    expect(first?.thickness).toBeCloseTo(10 + 2 * grow, 5);
    expect(first?.score).toBeCloseTo(0.9, 5);
  });

  it('drops blobs below the mean score, and specks thinner than the minimum size', () => {
    const prob = map(100, 60, (x, y) => {
      if (x >= 10 && x < 60 && y >= 10 && y < 20) return 0.4; // above the pixel threshold, weak on average
      if (x >= 10 && x < 60 && y >= 40 && y < 42) return 0.95; // 2 pixels thick
      return 0;
    });
    expect(textRegions(prob, 100, 60)).toEqual([]);
  });

  it('follows a tilted line, whose corners enclose it', () => {
    const tilt = (3 * Math.PI) / 180;
    const prob = map(400, 120, (x, y) => {
      const v = (y - 60) * Math.cos(tilt) - (x - 200) * Math.sin(tilt);
      const u = (x - 200) * Math.cos(tilt) + (y - 60) * Math.sin(tilt);
      return Math.abs(v) < 6 && Math.abs(u) < 150 ? 0.9 : 0;
    });
    const [region] = textRegions(prob, 400, 120);
    expect(region?.angle).toBeCloseTo(tilt, 2);
    const corners = regionCorners(region!);
    expect(Math.min(...corners.map((c) => c.x))).toBeLessThan(52);
    expect(Math.max(...corners.map((c) => c.x))).toBeGreaterThan(348);
  });
});
