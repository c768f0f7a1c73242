import type { PageBlock, PageLayout } from './types';

/** Lines in this share of the page's height at the top or bottom are header/footer candidates. */
const EDGE_SHARE = 0.08;
/** As are the first and last few lines of a page, wherever they sit. */
const EDGE_LINES = 2;
/** Long lines repeated this often are print furniture wherever they sit. */
const LONG_REPEAT_MIN_CHARS = 20;
const PAGE_NUMBER = /^(page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(of|\/)\s*\d{1,4})?$|^[ivxlc]{1,6}$/i;

type LineBlock = Extract<PageBlock, { kind: 'line' }>;

/** Digits aside, and a page number at either end aside (running heads alternate sides). */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*\d+\s+|\s+\d+\s*$/g, '')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A page counter anywhere in a line: "1/2", "page 1", "1 of 2", "Page 1 of 2". */
const PAGE_COUNTER =
  /(?<![\d/.-])(?:page\s+\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|\d{1,4}\s*(?:of|\/)\s*\d{1,4})\s*$|^\s*page\s+\d{1,4}\b/giu;

/** The line, lower-cased, with its spaces collapsed and a page counter at its end or start removed. */
function withoutPageCounter(text: string): string {
  return text.toLowerCase().replace(PAGE_COUNTER, '').replace(/\s+/g, ' ').trim();
}

/** A URL or file path. */
const URL_OR_PATH = /\b(?:https?|file|ftp):\/\/|\bwww\.|(?:^|\s)(?:[a-z]:\\|~?\/)[\w.-]+[\\/]/iu;
/** A line that is a date and/or a time and nothing else: "12/6/26, 7:32 AM", "2026-12-06 07:32". */
const DATE_TIME_STAMP =
  /^(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:,?\s*|\s+|T)?)?(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?$/iu;

/** Print furniture's shape: a URL or path, a date-time stamp, a bare page counter. */
function isFurnitureShape(text: string): boolean {
  const trimmed = text.trim();
  return (
    URL_OR_PATH.test(trimmed) ||
    (/\d/u.test(trimmed) && DATE_TIME_STAMP.test(trimmed)) ||
    PAGE_NUMBER.test(trimmed)
  );
}

/**
 * What two margin lines of furniture's shape must share: digits aside, except in a date stamp,
 * whose date must be the same (a print's two pages differ at most in the minute). Two one-page
 * letters dated 05/12/2026 and 19/01/2027 are two dates, content both (review).
 */
function furnitureKey(text: string): string {
  const trimmed = text.trim();
  if (/\d/u.test(trimmed) && DATE_TIME_STAMP.test(trimmed))
    return `@${trimmed.toLowerCase().replace(/\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?/giu, '#')}`;
  return normalize(text);
}

function edgeLines(page: PageLayout): Set<LineBlock> {
  const lines = page.blocks.filter((b): b is LineBlock => b.kind === 'line');
  const edges = new Set([...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)]);
  for (const line of lines) {
    if (line.bottom <= page.height * EDGE_SHARE || line.top >= page.height * (1 - EDGE_SHARE))
      edges.add(line);
  }
  return edges;
}

/**
 * Drops running headers, footers and page numbers: lines repeated (digits aside) on most pages at
 * a page's top or bottom, long lines repeated on most pages anywhere (print-shop slugs), and, in a
 * document of several pages, a bare page number at a page's edge. They carry no content and would
 * be glued into many chunks.
 */
export function dropRunningLines(pages: PageLayout[]): PageLayout[] {
  const edgeCounts = new Map<string, number>();
  const anywhereCounts = new Map<string, number>();
  const bump = (counts: Map<string, number>, keys: Iterable<string>) => {
    for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const edges = pages.map(edgeLines);
  pages.forEach((page, i) => {
    bump(
      edgeCounts,
      [...(edges[i] ?? [])].map((b) => normalize(b.text)),
    );
    bump(
      anywhereCounts,
      page.blocks
        .filter((b): b is LineBlock => b.kind === 'line')
        .map((b) => normalize(b.text))
        .filter((key) => key.length >= LONG_REPEAT_MIN_CHARS),
    );
  });
  const threshold = Math.max(3, Math.ceil(pages.length * 0.6));
  const frequent = (counts: Map<string, number>) =>
    new Set([...counts].filter(([key, n]) => key && n >= threshold).map(([key]) => key));
  const atEdges = pages.length >= 3 ? frequent(edgeCounts) : new Set<string>();
  const anywhere = pages.length >= 3 ? frequent(anywhereCounts) : new Set<string>();
  // A two-page document (a browser's print of a web page: date and URL with "1/2" in the margins)
  // has too few pages for the share above, so a line in the very margin of both pages is
  // furniture all the same, if it is the same line but for a page counter ("1/2", "page 1",
  // "1 of 2"), or it has furniture's shape (a URL or file path, a date-time stamp) with digits
  // aside. Two one-page letters or invoices in one file differ in other digits ("Invoice 1001",
  // "Invoice 1002", their due dates): those lines are content and stay. Only the margin band
  // counts here, not a page's first lines, so a heading that opens both pages stays.
  const inMargin = (page: PageLayout, block: LineBlock) =>
    block.bottom <= page.height * EDGE_SHARE || block.top >= page.height * (1 - EDGE_SHARE);
  const marginLines = (page: PageLayout) =>
    page.blocks.filter((b): b is LineBlock => b.kind === 'line' && inMargin(page, b));
  const marginKeys = (page: PageLayout) => {
    const keys = new Set<string>();
    for (const line of marginLines(page)) {
      const same = withoutPageCounter(line.text);
      if (same) keys.add(`=${same}`);
      if (isFurnitureShape(line.text)) keys.add(`~${furnitureKey(line.text)}`);
    }
    return keys;
  };
  const inBothMargins =
    pages.length === 2
      ? new Set([...marginKeys(pages[0]!)].filter((key) => marginKeys(pages[1]!).has(key)))
      : new Set<string>();
  const sharedMarginLine = (block: LineBlock) =>
    inBothMargins.has(`=${withoutPageCounter(block.text)}`) ||
    (isFurnitureShape(block.text) && inBothMargins.has(`~${furnitureKey(block.text)}`));
  return pages.map((page, i) => {
    const pageEdges = edges[i] ?? new Set();
    const blocks = page.blocks.filter((block) => {
      if (block.kind !== 'line') return true;
      const key = normalize(block.text);
      if (anywhere.has(key)) return false;
      if (inMargin(page, block) && sharedMarginLine(block)) return false;
      if (!pageEdges.has(block)) return true;
      if (atEdges.has(key)) return false;
      const atVeryEdge =
        block.bottom <= page.height * EDGE_SHARE || block.top >= page.height * (1 - EDGE_SHARE);
      return !(pages.length >= 2 && atVeryEdge && PAGE_NUMBER.test(block.text.trim()));
    });
    return { ...page, blocks };
  });
}
