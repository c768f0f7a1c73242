import { cleanBlock, cleanInline, usableTitle } from './clean-text';
import { detectLanguage } from './detect-language';
import { documentTooLarge } from './document-limits';
import type { ExtractedDocument, PageSpan, SectionSpan, SourceFormat, TableBlock } from './types';

interface OpenSection {
  headingPath: string[];
  start: number;
  end: number;
  /** False while the section holds only its own heading line. */
  hasBody: boolean;
  table?: true;
}

/** The block written last, so a table can take it as its title (see `table`). */
interface LastBlock {
  kind: 'heading' | 'block';
  text: string;
  /** Marked as a caption by its source (a Word Caption paragraph), whatever its words. */
  caption: boolean;
  start: number;
  end: number;
  /** The open section as it was before this block joined it. */
  before: { start: number; end: number; hasBody: boolean };
}

// A caption line written above a table as a paragraph: "Table 2. Prices", "Table IV: …", "表 3 …".
// The number is followed by a separator ("Table 2. Prices", "Table IV: …"), or by a label that is
// not a sentence ("Table 2 Prices by region", no final period): "Table 1 summarises the results."
// and "Table 1 above shows…" are prose about a table, not its caption.
const TABLE_CAPTION =
  /^(?:table\s*(?:\d+(?:[.-]\d+)*[a-z]?|[ivxlc]+)|tab\.\s*\d+(?:[.-]\d+)*[a-z]?)(?:\s*[.:)\u2013\u2014-]|$)|^table\s*\d+(?:[.-]\d+)*[a-z]?\s+[^\n]*[^.!?。\s]$|^表\s*[\d一二三四五六七八九十]+/iu;

// A caption (Word's Caption style) that names a figure, chart or image captions that, not the table
// that happens to follow it.
const FIGURE_CAPTION =
  /^(?:fig(?:ure)?\.?|chart|graph|image|photo|map|diagram|plate)\s*\d|^图\s*[\d一二三四五六七八九十]/iu;

/**
 * How a row's line names column `i`: by its header, else by position, except the first column under
 * an empty corner cell (a cross-table's row labels: "North; 2019: 10", not "column 1: North").
 */
function columnLabel(header: string[], i: number): string {
  if (header[i]) return `${header[i]}: `;
  return i === 0 ? '' : `column ${i + 1}: `;
}

/**
 * Assembles an `ExtractedDocument` block by block, so that every parser produces the same shape:
 * blocks are separated by a blank line (or a single line break for "tight" blocks such as table
 * rows and list items), headings open sections, and page spans are recorded as blocks arrive.
 */
export class DocumentBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly headingStack: { level: number; text: string }[] = [];
  private current: OpenSection = { headingPath: [], start: 0, end: 0, hasBody: false };
  private readonly sections: SectionSpan[] = [];
  private readonly tables: TableBlock[] = [];
  private readonly pages: PageSpan[] = [];
  private openPage: { number: number; start: number | null; end: number } | null = null;
  private firstHeading: string | null = null;
  private last: LastBlock | null = null;

  /** `maxChars` stops a huge document as its text grows, before all of it is held (issue #12). */
  constructor(
    private readonly format: SourceFormat,
    private readonly limits: { maxChars?: number } = {},
  ) {}

  /**
   * Appends a heading and opens a section under it. Levels are 1 (top) to 6. `title: false` keeps
   * it from becoming the document's title (a numbered heading of plain text).
   */
  heading(level: number, rawText: string, options: { title?: boolean } = {}): void {
    const text = cleanInline(rawText);
    if (!text) return;
    this.closeSection();
    while (this.headingStack.length > 0 && (this.headingStack.at(-1)?.level ?? 0) >= level) {
      this.headingStack.pop();
    }
    this.headingStack.push({ level, text });
    if (options.title !== false) this.firstHeading ??= text;
    const span = this.append(text, '\n\n');
    this.current = {
      headingPath: this.headingStack.map((h) => h.text),
      start: span.start,
      end: span.end,
      hasBody: false,
    };
    this.last = { kind: 'heading', text, caption: false, ...span, before: { ...this.current } };
  }

  /** Opens a section with no heading line of its own (CSV row groups, e-mail bodies). */
  section(headingPath: string[]): void {
    this.closeSection();
    this.current = { headingPath: [...headingPath], start: this.length, end: this.length, hasBody: false };
    this.last = null;
  }

  /** Appends a block of body text, cleaned. `tight` joins it to the previous block with one line break. */
  block(
    rawText: string,
    options: { tight?: boolean; caption?: boolean } = {},
  ): { start: number; end: number } | undefined {
    const text = cleanBlock(rawText);
    if (!text) return undefined;
    const before = { start: this.current.start, end: this.current.end, hasBody: this.current.hasBody };
    const span = this.append(text, options.tight ? '\n' : '\n\n');
    this.last = { kind: 'block', text, caption: options.caption ?? false, ...span, before };
    // A section opened without a heading line starts at its first block, after the separator.
    if (!this.current.hasBody && this.current.end === this.current.start) this.current.start = span.start;
    this.current.end = span.end;
    this.current.hasBody = true;
    return span;
  }

  /**
   * Appends a table in a section of its own, under the current headings plus its caption: the
   * caption, the header row (`a | b`), then one line per data row rendered `header: value; …`
   * (see `TableBlock`). Empty cells are left out of a row's line. `rowsOnly` leaves out the header
   * line (CSV: every row names its columns anyway). `rowsPerSection` splits the table's section
   * into row groups labelled "rows 1-20" (a chunk never spans two), still one `TableBlock`.
   */
  table(input: {
    title?: string | null;
    header: string[];
    /** Data rows, and group labels ("Europe" over its countries) written bare between them. */
    rows: (string[] | { label: string })[];
    rowsOnly?: boolean;
    rowsPerSection?: number;
  }): void {
    // A header row of empty cells names nothing: the table is read as one without a header.
    const named = input.header.map(cleanInline);
    const header = named.some(Boolean) ? named : [];
    const rows = input.rows
      .map((row) => (Array.isArray(row) ? row.map(cleanInline) : { label: cleanInline(row.label) }))
      .filter((row) =>
        Array.isArray(row) ? row.some(Boolean) && row.join('|') !== header.join('|') : row.label !== '',
      );
    if (!rows.some((row) => Array.isArray(row))) return;
    let title = cleanInline(input.title ?? '') || null;
    // Without a caption, the line written just before the table names it: a heading (already in
    // the heading path), or a "Table 2. …" paragraph, which moves into the table's section so the
    // table's chunks and the prose before it do not share it.
    const last = this.last?.end === this.length && !input.rowsOnly ? this.last : null;
    const headingTitle = !title && last?.kind === 'heading' && !this.current.hasBody;
    const captionLine =
      !title &&
      last?.kind === 'block' &&
      last.text.length <= 200 &&
      !last.text.includes('\n') &&
      ((last.caption && !FIGURE_CAPTION.test(last.text)) || TABLE_CAPTION.test(last.text))
        ? last
        : null;
    if (headingTitle) title = last?.text ?? null;
    if (captionLine) {
      title = captionLine.text;
      this.current.start = captionLine.before.start;
      this.current.end = captionLine.before.end;
      this.current.hasBody = captionLine.before.hasBody;
    }
    this.closeSection();
    const headingPath = [...this.headingStack.map((h) => h.text), ...(title && !headingTitle ? [title] : [])];
    const perSection = input.rowsPerSection ?? 0;
    const groupPath = (first: number) =>
      perSection > 0
        ? [...headingPath, `rows ${first + 1}-${Math.min(rows.length, first + perSection)}`]
        : headingPath;
    this.current = captionLine
      ? {
          headingPath: groupPath(0),
          start: captionLine.start,
          end: captionLine.end,
          hasBody: true,
          table: true,
        }
      : { headingPath: groupPath(0), start: this.length, end: this.length, hasBody: false, table: true };
    if (title && !headingTitle && !captionLine) this.block(title);
    if (header.length > 0 && !input.rowsOnly) {
      this.block(header.filter(Boolean).join(' | '), { tight: this.current.hasBody });
    }
    const table: TableBlock = {
      title,
      header,
      rows: [],
      start: -1,
      end: -1,
      page: this.openPage?.number ?? null,
    };
    rows.forEach((cells, n) => {
      if (perSection > 0 && n > 0 && n % perSection === 0) {
        this.closeSection();
        this.current = {
          headingPath: groupPath(n),
          start: this.length,
          end: this.length,
          hasBody: false,
          table: true,
        };
      }
      if (!Array.isArray(cells)) {
        this.block(cells.label, { tight: this.current.hasBody });
        if (table.start < 0) table.start = this.current.start;
        return;
      }
      const line = header.length
        ? cells
            .map((cell, i) => (cell ? `${columnLabel(header, i)}${cell}` : ''))
            .filter(Boolean)
            .join('; ')
        : cells.filter(Boolean).join(' | ');
      const span = this.block(line, { tight: this.current.hasBody });
      if (table.start < 0) table.start = this.current.start;
      if (span) table.rows.push({ cells, ...span });
    });
    table.end = this.current.end;
    this.tables.push(table);
    this.closeSection();
    this.current = {
      headingPath: this.headingStack.map((h) => h.text),
      start: this.length,
      end: this.length,
      hasBody: false,
    };
    this.last = null;
  }

  /** Starts a new page (1-based); blocks appended afterwards belong to it. */
  startPage(number: number): void {
    this.endPage();
    this.openPage = { number, start: null, end: this.length };
  }

  endPage(): void {
    if (!this.openPage) return;
    const start = this.openPage.start ?? this.length;
    this.pages.push({ number: this.openPage.number, start, end: Math.max(start, this.openPage.end) });
    this.openPage = null;
  }

  get textLength(): number {
    return this.length;
  }

  build(options: { title?: string | null; metadata?: Record<string, unknown> } = {}): ExtractedDocument {
    this.endPage();
    this.closeSection();
    const text = this.parts.join('');
    const pages = this.pages.length > 0 ? this.pages : [{ number: 1, start: 0, end: text.length }];
    return {
      format: this.format,
      text,
      title: usableTitle(options.title) ?? this.firstHeading,
      pages,
      sections: this.sections,
      tables: this.tables,
      language: detectLanguage(text),
      metadata: options.metadata ?? {},
    };
  }

  private append(text: string, separator: string): { start: number; end: number } {
    if (this.length > 0) {
      this.parts.push(separator);
      this.length += separator.length;
    }
    const start = this.length;
    this.parts.push(text);
    this.length += text.length;
    const maxChars = this.limits.maxChars ?? Number.POSITIVE_INFINITY;
    if (this.length > maxChars) throw documentTooLarge('chars', this.length, maxChars, { atLeast: true });
    if (this.openPage) {
      this.openPage.start ??= start;
      this.openPage.end = this.length;
    }
    return { start, end: this.length };
  }

  private closeSection(): void {
    // A heading directly followed by a sub-heading has no body of its own: its text stays in the
    // document (a gap between sections) and its title lives on in the sub-section's headingPath.
    if (this.current.hasBody && this.current.end > this.current.start) {
      this.sections.push({
        headingPath: this.current.headingPath,
        start: this.current.start,
        end: this.current.end,
        ...(this.current.table ? { table: true as const } : {}),
      });
    }
  }
}
