import type { TextVariant } from '../injection/variants';
import { isCjk, mapSpan } from '../text/normalize';

/**
 * Sparse features for the learned guardrails, computable offline in well under a millisecond for a
 * question: character n-grams (2–5) of the normalised text, which work for any script including
 * Chinese (no word segmentation needed), and word uni/bigrams for spaced scripts, both hashed into
 * a fixed number of buckets (no vocabulary to ship). Counts are damped (1 + ln c) and the vector is
 * L2-normalised so that a 4,000-character jailbreak and a ten-word question are on one scale.
 *
 * Each bucket remembers the first n-gram that landed in it and where, so a verdict can show the
 * n-grams that pushed the score up.
 */

export interface HashedFeatureOptions {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  minN: number;
  maxN: number;
}

export interface SparseFeatures {
  indices: number[];
  values: number[];
  /** For explanations: bucket → first n-gram that hashed there and its span in the original text. */
  evidence: Map<number, { gram: string; start: number; end: number }>;
}

/** FNV-1a over UTF-16 code units, with a seed so char and word n-grams use different hash spaces. */
function fnv1a(text: string, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const WORD = /[\p{L}\p{N}]+/gu;
const SPACES = /\s+/g;

/** Collapses whitespace runs to one space, keeping the index map (spans must still map back). */
function collapse(variant: TextVariant): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  let prevSpace = true;
  for (let i = 0; i < variant.text.length; i++) {
    const ch = variant.text[i] as string;
    const space = SPACES.test(ch);
    SPACES.lastIndex = 0;
    if (space && prevSpace) continue;
    text += space ? ' ' : ch;
    map.push(variant.map[i] as number);
    prevSpace = space;
  }
  map.push(variant.map[variant.map.length - 1] as number);
  return { text, map };
}

export function hashedFeatures(
  variants: readonly TextVariant[],
  options: HashedFeatureOptions,
): SparseFeatures {
  const mask = options.buckets - 1;
  const counts = new Map<number, number>();
  const evidence = new Map<number, { gram: string; start: number; end: number }>();
  const add = (bucket: number, gram: string, norm: { text: string; map: number[] }, s: number, e: number) => {
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    if (evidence.has(bucket)) return;
    const span = mapSpan(norm, s, e);
    // The padding spaces map past the last character; keep spans inside the original text.
    const last = norm.map[norm.map.length - 1] ?? 0;
    evidence.set(bucket, { gram, start: Math.min(span.start, last), end: Math.min(span.end, last) });
  };
  for (const variant of variants) {
    const norm = collapse(variant);
    const t = ` ${norm.text} `;
    // Padded with spaces so word starts and ends are n-grams of their own; map shifted by one.
    const padded = { text: t, map: [norm.map[0] ?? 0, ...norm.map, norm.map[norm.map.length - 1] ?? 0] };
    for (let n = options.minN; n <= options.maxN; n++) {
      for (let i = 0; i + n <= t.length; i++) {
        const bucket = fnv1a(t, i, i + n, n) & mask;
        add(bucket, t.slice(i, i + n), padded, i, i + n);
      }
    }
    // Chinese runs have no spaces, so a "word" would be a whole clause: the char n-grams cover them.
    const words = [...norm.text.matchAll(WORD)].filter((m) => !isCjk(m[0][0] as string));
    for (let w = 0; w < words.length; w++) {
      const m = words[w] as RegExpMatchArray;
      const start = m.index as number;
      add(fnv1a(m[0], 0, m[0].length, 101) & mask, m[0], norm, start, start + m[0].length);
      const next = words[w + 1];
      if (next) {
        const pair = `${m[0]} ${next[0]}`;
        add(
          fnv1a(pair, 0, pair.length, 202) & mask,
          pair,
          norm,
          start,
          (next.index as number) + next[0].length,
        );
      }
    }
  }
  const indices: number[] = [];
  const values: number[] = [];
  let sq = 0;
  for (const [bucket, c] of counts) {
    const v = 1 + Math.log(c);
    indices.push(bucket);
    values.push(v);
    sq += v * v;
  }
  const norm = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * norm;
  return { indices, values, evidence };
}
