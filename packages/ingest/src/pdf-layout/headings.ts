import type { PageBlock, PageLayout } from './types';

type LineBlock = Extract<PageBlock, { kind: 'line' }>;

/** A line set this much larger than the body text is a heading candidate. */
const HEADING_SIZE_RATIO = 1.15;
/** Headings are short: a longer line is display text, a pull quote or a table of big figures. */
const MAX_HEADING_CHARS = 120;
/** Heading sizes within this many points are one level. */
const LEVEL_TOLERANCE = 0.75;
/** Past this share of the text in large type, size says nothing about structure (a slide deck). */
const MAX_HEADING_SHARE = 0.25;

/**
 * Heading levels of a PDF's lines, from font size alone (issue: a PDF printed from a web page or
 * a word processor kept no section headings, so its chunks had no heading path and its title was
 * empty). The body size is the size most of the text is set in; a short line set clearly larger
 * and not ending as a sentence does is a heading, its level the rank of its size among the
 * headings' sizes (largest = 1). Returns, per page, a level for each heading line block.
 */
export function headingLevels(pages: readonly PageLayout[]): Map<LineBlock, number> {
  const lines = pages.flatMap((p) =>
    p.blocks.filter((b): b is LineBlock => b.kind === 'line' && b.size !== undefined),
  );
  const charsBySize = new Map<number, number>();
  let total = 0;
  for (const line of lines) {
    const size = Math.round(line.size! * 2) / 2;
    const chars = line.text.replace(/\s+/gu, '').length;
    charsBySize.set(size, (charsBySize.get(size) ?? 0) + chars);
    total += chars;
  }
  const body = [...charsBySize].sort((a, b) => b[1] - a[1])[0]?.[0];
  const levels = new Map<LineBlock, number>();
  if (body === undefined) return levels;
  const candidates = lines.filter((line) => {
    const text = line.text.trim();
    return (
      line.size! >= body * HEADING_SIZE_RATIO &&
      text.length <= MAX_HEADING_CHARS &&
      /\p{L}/u.test(text) &&
      !/[.,;:]$/u.test(text)
    );
  });
  const large = candidates.reduce((n, line) => n + line.text.replace(/\s+/gu, '').length, 0);
  if (large > total * MAX_HEADING_SHARE) return levels;
  const sizes: number[] = [];
  for (const size of candidates.map((l) => l.size!).sort((a, b) => b - a)) {
    if (sizes.length === 0 || sizes.at(-1)! - size > LEVEL_TOLERANCE) sizes.push(size);
  }
  for (const line of candidates) {
    const level = sizes.findIndex((size) => size - line.size! <= LEVEL_TOLERANCE) + 1;
    levels.set(line, Math.min(6, Math.max(1, level)));
  }
  return levels;
}
