import type { PageBlock, PageLayout } from './types';

type LineBlock = Extract<PageBlock, { kind: 'line' }>;

/** A line set this much larger than the body text is a heading candidate. */
const HEADING_SIZE_RATIO = 1.15;
/** Headings are short: a longer line is display text, a pull quote or a table of big figures. */
const MAX_HEADING_CHARS = 120;
/**
 * A heading wraps over at most this many lines; a longer run of large type is a lead paragraph
 * (a web page printed to PDF sets its intro larger than the body).
 */
const MAX_HEADING_LINES = 3;
/** Heading sizes within this many points are one level. */
const LEVEL_TOLERANCE = 0.75;
/** Lines whose sizes differ by at most this many points are one run (one heading or paragraph). */
const RUN_TOLERANCE = 0.25;
/** Past this share of the text in large type, size says nothing about structure (a slide deck). */
const MAX_HEADING_SHARE = 0.25;
/** A size holding this share of the text and setting a paragraph is body text, not fine print. */
const MIN_BODY_SHARE = 0.15;
/**
 * A heading does not end as a sentence or a clause does: Latin and CJK full stops, commas,
 * semicolons, colons, the enumeration comma, exclamation marks. A question mark does not count:
 * question headings are common ("Was ist Topologie?" in a textbook, an FAQ's questions).
 */
const SENTENCE_END = /[.,;:!。，、；：！]$/u;

const charCount = (text: string) => text.replace(/\s+/gu, '').length;

/**
 * Runs of consecutive lines set in one size: a heading is classified as a whole, never line by
 * line, because a wrapped line of a large-type paragraph ends without punctuation just as a
 * heading does; only the run shows that it goes on into a sentence. A table or a page break ends
 * a run.
 */
function sizeRuns(pages: readonly PageLayout[]): LineBlock[][] {
  const runs: LineBlock[][] = [];
  for (const page of pages) {
    let run: LineBlock[] = [];
    for (const block of page.blocks) {
      if (block.kind !== 'line' || block.size === undefined) {
        if (run.length > 0) runs.push(run);
        run = [];
        continue;
      }
      const last = run.at(-1);
      if (last && Math.abs(last.size! - block.size) > RUN_TOLERANCE) {
        runs.push(run);
        run = [];
      }
      run.push(block);
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}

/**
 * The body size: the largest size that holds a fair share of the text and sets a paragraph (a run
 * longer than a heading can be). A document mostly in fine print (terms, footnotes) would
 * otherwise take the fine print as its body and its body text as headings. Without such a size,
 * the size most of the text is set in.
 */
function bodySize(runs: readonly LineBlock[][]): number | undefined {
  const charsBySize = new Map<number, number>();
  const paragraphSizes = new Set<number>();
  let total = 0;
  for (const run of runs) {
    for (const line of run) {
      const size = Math.round(line.size! * 2) / 2;
      const chars = charCount(line.text);
      charsBySize.set(size, (charsBySize.get(size) ?? 0) + chars);
      total += chars;
    }
    if (run.length > MAX_HEADING_LINES) paragraphSizes.add(Math.round(run[0]!.size! * 2) / 2);
  }
  const body = [...charsBySize]
    .filter(([size, chars]) => paragraphSizes.has(size) && chars >= total * MIN_BODY_SHARE)
    .sort((a, b) => b[0] - a[0])[0]?.[0];
  return body ?? [...charsBySize].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Heading levels of a PDF's lines, from font size alone (issue: a PDF printed from a web page or
 * a word processor kept no section headings, so its chunks had no heading path and its title was
 * empty). A short run of lines set clearly larger than the body, not ending as a sentence or
 * clause does, is a heading; its level is the rank of its size among the headings' sizes (largest
 * = 1). Returns a level for each line block of each heading.
 */
export function headingLevels(pages: readonly PageLayout[]): Map<LineBlock, number> {
  const runs = sizeRuns(pages);
  const levels = new Map<LineBlock, number>();
  const body = bodySize(runs);
  if (body === undefined) return levels;
  const total = runs.flat().reduce((n, line) => n + charCount(line.text), 0);
  const candidates = runs.filter((run) => {
    const text = run.map((line) => line.text.trim()).join(' ');
    return (
      run[0]!.size! >= body * HEADING_SIZE_RATIO &&
      run.length <= MAX_HEADING_LINES &&
      text.length <= MAX_HEADING_CHARS &&
      /\p{L}/u.test(text) &&
      !SENTENCE_END.test(text)
    );
  });
  const large = candidates.flat().reduce((n, line) => n + charCount(line.text), 0);
  if (large > total * MAX_HEADING_SHARE) return levels;
  const sizes: number[] = [];
  for (const size of candidates.map((run) => run[0]!.size!).sort((a, b) => b - a)) {
    if (sizes.length === 0 || sizes.at(-1)! - size > LEVEL_TOLERANCE) sizes.push(size);
  }
  for (const run of candidates) {
    const level = sizes.findIndex((size) => size - run[0]!.size! <= LEVEL_TOLERANCE) + 1;
    for (const line of run) levels.set(line, Math.min(6, Math.max(1, level)));
  }
  return levels;
}
