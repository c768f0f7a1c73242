/**
 * Where the ink is in a line crop, so that word boxes hug the glyphs as Tesseract's do. The
 * recogniser only says at which timesteps it emitted a character (a narrow peak per glyph), and a
 * detected line's rectangle is padded well beyond its text; reading-order.ts measures gutters in
 * units of word height, so padded boxes would hide gutters a glyph-tight box leaves visible.
 */
export interface CropInk {
  width: number;
  height: number;
  /** 1 where a pixel is ink. */
  ink: Uint8Array;
  /** 1 for a column with at most one ink pixel (a speck). */
  blank: Uint8Array;
}

/**
 * Ink is darker than the midpoint between the crop's lightest and darkest pixel, so a grey scan's
 * background is not ink; a crop with almost no contrast has none.
 */
export function cropInk(rgba: Uint8ClampedArray, width: number): CropInk {
  const height = rgba.length / 4 / width;
  const luminance = new Float32Array(width * height);
  let lightest = 0;
  let darkest = 255;
  for (let p = 0; p < luminance.length; p++) {
    const value =
      0.299 * (rgba[p * 4] ?? 0) + 0.587 * (rgba[p * 4 + 1] ?? 0) + 0.114 * (rgba[p * 4 + 2] ?? 0);
    luminance[p] = value;
    lightest = Math.max(lightest, value);
    darkest = Math.min(darkest, value);
  }
  const ink = new Uint8Array(width * height);
  const blank = new Uint8Array(width).fill(1);
  if (lightest - darkest < 32) return { width, height, ink, blank };
  const threshold = (lightest + darkest) / 2;
  const perColumn = new Uint16Array(width);
  for (let p = 0; p < luminance.length; p++) {
    if ((luminance[p] as number) < threshold) {
      ink[p] = 1;
      perColumn[p % width] = (perColumn[p % width] ?? 0) + 1;
    }
  }
  for (let x = 0; x < width; x++) blank[x] = (perColumn[x] as number) < 2 ? 1 : 0;
  return { width, height, ink, blank };
}

/**
 * The ink box of a word whose characters the decoder placed in columns [from, to): grown outward
 * over inked columns (a glyph reaches beyond its peak), but never past `left`/`right` (the
 * neighbouring words), then trimmed to the rows and columns that hold ink. Null where none does.
 */
export function inkBox(
  crop: CropInk,
  from: number,
  to: number,
  left: number,
  right: number,
): { x0: number; x1: number; y0: number; y1: number } | null {
  let x0 = Math.max(Math.floor(from), Math.ceil(left), 0);
  let x1 = Math.min(Math.ceil(to), Math.floor(right), crop.width);
  while (x0 > Math.max(Math.ceil(left), 0) && crop.blank[x0 - 1] === 0) x0--;
  while (x1 < Math.min(Math.floor(right), crop.width) && crop.blank[x1] === 0) x1++;
  while (x0 < x1 && crop.blank[x0] === 1) x0++;
  while (x1 > x0 && crop.blank[x1 - 1] === 1) x1--;
  if (x1 <= x0) return null;
  let y0 = crop.height;
  let y1 = 0;
  for (let y = 0; y < crop.height; y++) {
    for (let x = x0; x < x1; x++) {
      if (crop.ink[y * crop.width + x] === 1) {
        y0 = Math.min(y0, y);
        y1 = y + 1;
        break;
      }
    }
  }
  return y1 > y0 ? { x0, x1, y0, y1 } : null;
}
