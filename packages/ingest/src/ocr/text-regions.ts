/**
 * Text regions from a DB (differentiable binarization) probability map, the output of PaddleOCR's
 * detection model: one value per pixel, the chance that it lies in the shrunk core of a text line.
 * Thresholding the map, labelling its connected components and growing each back by the amount
 * the training shrank it ("unclip") gives one rotated rectangle per line.
 */

/** A rotated rectangle in map pixels: centre, length along `angle` (radians), thickness across. */
export interface TextRegion {
  cx: number;
  cy: number;
  length: number;
  thickness: number;
  angle: number;
  /** Mean probability over the region's pixels, 0 to 1. */
  score: number;
}

export interface TextRegionOptions {
  /** A pixel is text above this probability (PaddleOCR's det_db_thresh). */
  threshold: number;
  /** A region whose mean probability is lower is dropped (det_db_box_thresh). */
  minScore: number;
  /** How far the shrunk core grows back (det_db_unclip_ratio): area x ratio / perimeter. */
  unclipRatio: number;
  /** Regions thinner than this, before growing, are noise (PaddleOCR's min_size). */
  minSize: number;
}

export const DEFAULT_TEXT_REGION_OPTIONS: TextRegionOptions = {
  threshold: 0.3,
  minScore: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
};

/**
 * A rectangle is only tilted to follow its pixels where they are clearly elongated (length over
 * thickness above this): the principal axis of a blob about as wide as high, a single character,
 * points anywhere.
 */
const MIN_ELONGATION_TO_TILT = 2.5;
/** Tilts beyond this (radians, ~30°) are vertical text or noise; the region stays upright. */
const MAX_TILT = Math.PI / 6;

interface Moments {
  count: number;
  sum: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/**
 * Labels 8-connected components of `prob > threshold` with an explicit stack (no recursion: a
 * column-wide region has hundreds of thousands of pixels) and returns each one's rectangle.
 */
export function textRegions(
  prob: Float32Array,
  width: number,
  height: number,
  options: TextRegionOptions = DEFAULT_TEXT_REGION_OPTIONS,
): TextRegion[] {
  const labels = new Int32Array(width * height);
  const moments: Moments[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < prob.length; start++) {
    if (labels[start] !== 0 || (prob[start] ?? 0) <= options.threshold) continue;
    const label = moments.length + 1;
    const m: Moments = { count: 0, sum: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const index = stack[--top] as number;
      const x = index % width;
      const y = (index - x) / width;
      m.count++;
      m.sum += prob[index] ?? 0;
      m.sx += x;
      m.sy += y;
      m.sxx += x * x;
      m.syy += y * y;
      m.sxy += x * y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const next = ny * width + nx;
          if (labels[next] !== 0 || (prob[next] ?? 0) <= options.threshold) continue;
          labels[next] = label;
          stack[top++] = next;
        }
      }
    }
    moments.push(m);
  }

  // Orientation from second moments, then the extent of each component along and across it.
  const axes = moments.map((m) => {
    const cx = m.sx / m.count;
    const cy = m.sy / m.count;
    const vxx = m.sxx / m.count - cx * cx;
    const vyy = m.syy / m.count - cy * cy;
    const vxy = m.sxy / m.count - cx * cy;
    const spread = Math.sqrt((vxx - vyy) ** 2 + 4 * vxy * vxy);
    const major = (vxx + vyy + spread) / 2;
    const minor = Math.max((vxx + vyy - spread) / 2, 1e-6);
    let angle = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
    if (Math.sqrt(major / minor) < MIN_ELONGATION_TO_TILT || Math.abs(angle) > MAX_TILT) angle = 0;
    return {
      cx,
      cy,
      cos: Math.cos(angle),
      sin: Math.sin(angle),
      angle,
      u0: Infinity,
      u1: -Infinity,
      v0: Infinity,
      v1: -Infinity,
    };
  });
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index] as number;
    if (label === 0) continue;
    const a = axes[label - 1]!;
    const x = (index % width) - a.cx;
    const y = Math.floor(index / width) - a.cy;
    const u = x * a.cos + y * a.sin;
    const v = -x * a.sin + y * a.cos;
    if (u < a.u0) a.u0 = u;
    if (u > a.u1) a.u1 = u;
    if (v < a.v0) a.v0 = v;
    if (v > a.v1) a.v1 = v;
  }

  const regions: TextRegion[] = [];
  for (const [i, a] of axes.entries()) {
    const m = moments[i]!;
    const score = m.sum / m.count;
    // Pixel centres: the rectangle reaches half a pixel beyond the outermost ones.
    const length = a.u1 - a.u0 + 1;
    const thickness = a.v1 - a.v0 + 1;
    if (Math.min(length, thickness) < options.minSize || score < options.minScore) continue;
    // Grow by the offset DB's training shrank the text by (Vatti clipping of a rectangle).
    const grow = (length * thickness * options.unclipRatio) / (2 * (length + thickness));
    if (thickness + 2 * grow < options.minSize + 2) continue;
    // Centre of the extent box (not the centroid: glyph mass is not symmetric), back in map axes.
    const du = (a.u0 + a.u1) / 2;
    const dv = (a.v0 + a.v1) / 2;
    regions.push({
      cx: a.cx + du * a.cos - dv * a.sin + 0.5,
      cy: a.cy + du * a.sin + dv * a.cos + 0.5,
      length: length + 2 * grow,
      thickness: thickness + 2 * grow,
      angle: a.angle,
      score,
    });
  }
  return regions;
}

/** The four corners of a region, in its own coordinate frame. */
export function regionCorners(region: Pick<TextRegion, 'cx' | 'cy' | 'length' | 'thickness' | 'angle'>) {
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  const hl = region.length / 2;
  const ht = region.thickness / 2;
  return [
    [-hl, -ht],
    [hl, -ht],
    [hl, ht],
    [-hl, ht],
  ].map(([u, v]) => ({
    x: region.cx + (u as number) * cos - (v as number) * sin,
    y: region.cy + (u as number) * sin + (v as number) * cos,
  }));
}
