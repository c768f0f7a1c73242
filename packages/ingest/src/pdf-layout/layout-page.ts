import { findAlignedTables } from './aligned-tables';
import { readingOrder } from './columns';
import { buildLines, lineText } from './lines';
import { dropOverprintedText } from './overprint';
import { findRuledTables, type RuledTable } from './ruled-tables';
import { CAPTION } from './table-shape';
import type { Fragment, LayoutTable, Line, PageBlock, PageContent, PageLayout } from './types';

/** A caption is looked for this many lines above a table. */
const CAPTION_LOOKBACK = 6;

function lineBlock(line: Line, row = false): PageBlock {
  const block: PageBlock = {
    kind: 'line',
    text: lineText(line),
    top: line.top,
    bottom: line.bottom,
    x0: line.x0,
    x1: line.x1,
    size: line.size,
  };
  return row ? { ...block, row } : block;
}

/**
 * Items on one line further apart than this many ems are separate items (a label and its value,
 * a title and a tag set at the right margin), not words of a sentence: a justified line stretches
 * its word spaces far less.
 */
const ITEM_GAP_EM = 2;

/**
 * A list item's enumerator standing as a fragment of its own ("(a)", "1.", "[12]", "iv)", "•"). The
 * gap after it is the item's hanging indent, not a gap between items: a lettered clause or a
 * numbered reference wraps like any paragraph.
 */
const ENUMERATOR = /^([-*•·▪◦–]|\(?\d{1,3}[.)]|\[\d{1,3}\]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)])$/u;

function hasItemGap(line: Line): boolean {
  return line.fragments.some(
    (f, i) =>
      i > 0 &&
      !(i === 1 && ENUMERATOR.test((line.fragments[0] as Fragment).text)) &&
      f.x0 - (line.fragments[i - 1] as Fragment).x1 >= ITEM_GAP_EM * line.size,
  );
}

/**
 * Blocks for a run of lines outside tables. Lines of separate items next to each other (a form's
 * label/value lines, a report's title block) are rows: each stays a line of its own, where reflow
 * would otherwise join such a block of full-width lines into one paragraph.
 */
function lineBlocks(lines: Line[]): PageBlock[] {
  const itemised = lines.map(hasItemGap);
  return lines.map((line, i) => lineBlock(line, !!itemised[i] && (!!itemised[i - 1] || !!itemised[i + 1])));
}

/** Takes the caption line nearest above position `at` (within the lookback) out of `blocks`. */
function takeCaption(blocks: PageBlock[], at: number): string | null {
  for (let i = at - 1; i >= Math.max(0, at - CAPTION_LOOKBACK); i--) {
    const block = blocks[i] as PageBlock;
    if (block.kind === 'table') return null;
    if (CAPTION.test(block.text)) {
      blocks.splice(i, 1);
      return block.text;
    }
  }
  return null;
}

function placeRuled(blocks: PageBlock[], table: RuledTable): void {
  // Before the first line below the table's top that shares its horizontal extent.
  let at = blocks.findIndex(
    (b) => b.kind === 'line' && b.top >= table.top - 1 && b.x1 > table.x0 && b.x0 < table.x1,
  );
  if (at < 0) at = blocks.length;
  const { x0: _x0, x1: _x1, pieces: _pieces, ...shape } = table;
  const layout: LayoutTable = { ...shape, title: null };
  blocks.splice(at, 0, { kind: 'table', table: layout });
  const title = takeCaption(blocks, blocks.indexOf(blocks[at] as PageBlock));
  layout.title = title;
}

/**
 * Lays out one page: ruled tables first (their text leaves the flow), then lines rebuilt from the
 * remaining glyph runs, put in reading order across columns, with whitespace-aligned tables found
 * in each column. Tables take the caption line found just above them as their title.
 */
export function layoutPage(content: PageContent): PageLayout {
  const pieces = dropOverprintedText(content.pieces);
  const ruled = findRuledTables(content.segments, [...pieces, ...content.offAxis]);
  const taken = new Set(ruled.flatMap((t) => t.pieces));
  const lines = buildLines(pieces.filter((p) => !taken.has(p)));
  const blocks: PageBlock[] = [];
  for (const region of readingOrder(lines)) {
    let next = 0;
    for (const table of findAlignedTables(region)) {
      blocks.push(...lineBlocks(region.slice(next, table.from)));
      const { from: _from, to: _to, ...shape } = table;
      const title = takeCaption(blocks, blocks.length);
      blocks.push({ kind: 'table', table: { ...shape, title } });
      next = table.to;
    }
    blocks.push(...lineBlocks(region.slice(next)));
  }
  for (const table of ruled) placeRuled(blocks, table);
  // Text in another direction (a margin label, a stamp) follows the page's own text.
  const end = content.height;
  for (const piece of content.offAxis) {
    if (!taken.has(piece))
      blocks.push({ kind: 'line', text: piece.text, top: end, bottom: end, x0: 0, x1: 0 });
  }
  return { width: content.width, height: content.height, blocks };
}
