import type { TextPiece } from './types';

/** Baselines closer than this many ems are the same line. */
const SAME_BASELINE_EM = 0.15;
/** A piece reaching this many ems past another's ends still lies on it. */
const EDGE_SLACK_EM = 0.15;

/** Non-space characters of a text, counted. */
function charCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text.replace(/\s+/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}

/** Whether every non-space character of `part` (with its count) is found in `whole`. */
function charsWithin(part: string, whole: string): boolean {
  const have = charCounts(whole);
  for (const [ch, n] of charCounts(part)) if ((have.get(ch) ?? 0) < n) return false;
  return true;
}

const weight = (p: TextPiece) => p.text.replace(/\s+/g, '').length;

/**
 * Drops text drawn over other text: a piece lying on the same baseline within the x range of
 * another piece, with no character that piece lacks, is a second rendering of the same glyphs
 * (fake bold drawn twice at a tiny offset, or a clipped or partial copy of the run) and would
 * otherwise be read twice. Of two such pieces the one with more characters stays; of two equal
 * ones, the first.
 */
export function dropOverprintedText(pieces: TextPiece[]): TextPiece[] {
  const order = pieces
    .map((_, i) => i)
    .sort((a, b) => (pieces[a] as TextPiece).y - (pieces[b] as TextPiece).y);
  const dropped = new Set<number>();
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const a = pieces[i] as TextPiece;
    for (let m = k + 1; m < order.length; m++) {
      const j = order[m] as number;
      const b = pieces[j] as TextPiece;
      const em = Math.min(a.size, b.size);
      if (b.y - a.y > SAME_BASELINE_EM * Math.max(a.size, b.size)) break;
      if (dropped.has(i) || dropped.has(j)) continue;
      if (Math.abs(a.size - b.size) > 0.2 * Math.max(a.size, b.size)) continue;
      // The smaller piece (fewer characters; the later one on a tie) is the copy.
      const aFirst = i < j;
      const [big, small, smallIndex] =
        weight(a) > weight(b) || (weight(a) === weight(b) && aFirst) ? [a, b, j] : [b, a, i];
      const slack = EDGE_SLACK_EM * em;
      const inside = small.x0 >= big.x0 - slack && small.x1 <= big.x1 + slack;
      if (inside && weight(small) > 0 && charsWithin(small.text, big.text)) dropped.add(smallIndex);
    }
  }
  return pieces.filter((_, i) => !dropped.has(i));
}
