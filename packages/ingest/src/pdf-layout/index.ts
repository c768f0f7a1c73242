import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import type { DocumentBuilder } from '../document-builder';
import { reflowLines } from '../reflow';
import { headingLevels } from './headings';
import { layoutPage } from './layout-page';
import { readPageContent } from './page-content';
import { dropRunningLines } from './running-lines';
import type { LayoutTable, PageLayout } from './types';

export { layoutPage } from './layout-page';
export { readPageContent } from './page-content';
export type { LayoutTable, PageBlock, PageLayout } from './types';

/**
 * The pdf.js document behind a `PDFParse` instance, so the layout reads the same parsed file
 * instead of parsing it a second time. pdf-parse keeps it behind a private `load()`; the package
 * pins the pdfjs-dist version this code is typed against.
 */
export async function pdfDocumentOf(parser: object): Promise<PDFDocumentProxy> {
  const load = (parser as { load?: () => Promise<PDFDocumentProxy> }).load;
  if (typeof load !== 'function') throw new Error('pdf-parse no longer exposes its pdf.js document');
  return load.call(parser);
}

/** One page laid out: lines in reading order and tables (see `layoutPage`). */
export async function readPageLayout(doc: PDFDocumentProxy, pageNumber: number): Promise<PageLayout> {
  const page = await doc.getPage(pageNumber);
  try {
    return layoutPage(await readPageContent(page));
  } finally {
    page.cleanup();
  }
}

/** Non-space characters on a laid-out page (the text-layer check). */
export function visibleChars(layout: PageLayout): number {
  let count = 0;
  for (const block of layout.blocks) {
    const text =
      block.kind === 'line'
        ? block.text
        : [block.table.title ?? '', ...block.table.header, ...block.table.rows.flat()].join('');
    count += text.replace(/\s+/g, '').length;
  }
  return count;
}

/**
 * Writes laid-out pages into the builder: running headers, footers and page numbers dropped,
 * lines set clearly larger than the body as headings (sections), wrapped lines reflowed into
 * paragraphs, tables as table blocks (header, rows, caption).
 */
/** Lines whose type sizes differ by more than this many points are not one paragraph. */
const SIZE_BREAK = 1;

export function writePages(builder: DocumentBuilder, pages: { num: number; layout: PageLayout }[]): void {
  const kept = dropRunningLines(pages.map((p) => p.layout));
  const levels = headingLevels(kept);
  let previous: LayoutTable | null = null;
  pages.forEach((page, i) => {
    builder.startPage(page.num);
    let lines: string[] = [];
    // Indices into `lines` of rows (see `PageBlock`), which reflow keeps as lines of their own.
    let rows = new Set<number>();
    // Type size of the last line in `lines`.
    let size: number | undefined;
    const flush = () => {
      for (const block of reflowLines(lines, { dehyphenate: true, rows }))
        builder.block(block.text, { tight: block.tight });
      lines = [];
      rows = new Set();
    };
    // A heading wrapped over several lines (same level, one after another) is one heading.
    const heading: { level: number; text: string }[] = [];
    const endHeading = () => {
      for (const h of heading.splice(0)) builder.heading(h.level, h.text);
    };
    for (const block of kept[i]?.blocks ?? []) {
      const level = block.kind === 'line' ? levels.get(block) : undefined;
      if (block.kind === 'line' && level !== undefined) {
        flush();
        const open = heading[0];
        if (open?.level === level) open.text += ` ${block.text}`;
        else {
          endHeading();
          heading.push({ level, text: block.text });
        }
        continue;
      }
      endHeading();
      if (block.kind === 'line') {
        // A change of type size is a paragraph break (a large-type lead paragraph above the body):
        // reflow reads line lengths against the typical one, which differs between sizes.
        if (block.size !== undefined && size !== undefined && Math.abs(block.size - size) > SIZE_BREAK)
          flush();
        size = block.size;
        if (block.row) rows.add(lines.length);
        lines.push(block.text);
      } else {
        flush();
        // A table continued on the next page without its header row keeps the header (and
        // caption) of the table it continues, so each row still says what its values are.
        const before = previous as LayoutTable | null;
        const table: LayoutTable =
          before && block.table.header.length === 0 && before.header.length === block.table.rows[0]?.length
            ? { ...block.table, header: before.header, title: block.table.title ?? before.title }
            : block.table;
        builder.table(table);
        previous = table;
      }
    }
    endHeading();
    flush();
  });
}
