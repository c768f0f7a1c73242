import { describe, expect, it } from 'vitest';
import { cropInk, inkBox } from './crop-ink';

/** An RGBA crop, white, with black rectangles [x0, x1) x [y0, y1). */
function crop(width: number, height: number, rects: [number, number, number, number][]): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const [x0, x1, y0, y1] of rects) {
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) rgba.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  }
  return rgba;
}

describe('ink in a line crop', () => {
  it('marks blank columns, and a single speck as blank', () => {
    const ink = cropInk(
      crop(20, 10, [
        [2, 5, 2, 8],
        [10, 11, 5, 6],
      ]),
      20,
    );
    expect([...ink.blank.slice(0, 6)]).toEqual([1, 1, 0, 0, 0, 1]);
    expect(ink.blank[10]).toBe(1);
  });

  it('has no ink in a crop without contrast', () => {
    const flat = new Uint8ClampedArray(10 * 4 * 4).fill(200);
    expect(cropInk(flat, 10).blank.every((b) => b === 1)).toBe(true);
  });

  it("grows a word's columns over its glyphs, stops at its neighbours, and hugs its rows", () => {
    const ink = cropInk(
      crop(60, 20, [
        [5, 25, 6, 15],
        [30, 50, 4, 16],
      ]),
      60,
    );
    // The decoder's peaks sit inside the glyphs; the ink reaches beyond them.
    expect(inkBox(ink, 12, 16, 0, 28)).toEqual({ x0: 5, x1: 25, y0: 6, y1: 15 });
    // Glyphs touching across the limit are cut there.
    expect(inkBox(ink, 35, 40, 27, 45)).toEqual({ x0: 30, x1: 45, y0: 4, y1: 16 });
    expect(inkBox(ink, 26, 29, 25, 30)).toBeNull();
  });
});
