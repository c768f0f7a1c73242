import { type CheerioAPI, load } from 'cheerio';
import { cleanInline } from './clean-text';
import { DocumentBuilder } from './document-builder';
import type { ExtractedDocument, SourceFormat } from './types';

/** The parts of a parsed DOM node the walker reads (cheerio's nodes are domhandler nodes). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

// Never content, wherever they appear.
const ALWAYS_DROP =
  'script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, select, nav, aside, ' +
  '[role="navigation"], [role="complementary"], [role="search"], [aria-hidden="true"], [hidden]';
// Site chrome when outside the main content; an article's own <header> usually holds its title.
const CHROME = 'header, footer, [role="banner"], [role="contentinfo"]';
const CHROME_CLASS =
  /(^|[\s_-])(nav|navbar|menu|sidebar|breadcrumbs?|cookie|cookies|site-header|site-footer|skip-link)($|[\s_-])/i;

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'blockquote',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'figure',
  'figcaption',
  'address',
  'hr',
  'body',
  'html',
  'details',
  'summary',
  'caption',
]);

function removeBoilerplate($: CheerioAPI): void {
  $(ALWAYS_DROP).remove();
  $(CHROME)
    .filter((_, el) => $(el).closest('article, main, [role="main"]').length === 0)
    .remove();
  $('[class], [id]')
    .filter((_, el) => {
      const node = $(el);
      const marker = `${node.attr('class') ?? ''} ${node.attr('id') ?? ''}`;
      return CHROME_CLASS.test(marker) && node.closest('article, main, [role="main"]').length === 0;
    })
    .remove();
}

function pickContentRoot($: CheerioAPI): DomNode {
  const candidates = ['main', '[role="main"]', 'article', 'body'];
  for (const selector of candidates) {
    const found = $(selector);
    if (found.length === 0) continue;
    // Several <article>s (a listing page): take their common container instead of the first.
    if (selector === 'article' && found.length > 1) continue;
    const first = found.get(0);
    if (first && $(first).text().trim()) return first as unknown as DomNode;
  }
  return $.root().get(0) as unknown as DomNode;
}

/** Walks the DOM in document order, turning block elements into builder blocks and headings into sections. */
class HtmlWalker {
  private buffer = '';
  private tight = false;

  constructor(private readonly builder: DocumentBuilder) {}

  walk(node: DomNode): void {
    if (node.type === 'text') {
      this.buffer += node.data ?? '';
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.name?.toLowerCase() ?? '';
    const heading = /^h([1-6])$/.exec(name);
    if (heading) {
      this.flush();
      this.builder.heading(Number(heading[1]), textOf(node));
      return;
    }
    if (name === 'br') {
      this.buffer += '\n';
      return;
    }
    if (name === 'pre') {
      this.flush();
      this.builder.block(textOf(node));
      return;
    }
    if (name === 'table' && !descendants(node).some((d) => d.name === 'table')) {
      this.flush();
      this.builder.table(readTable(node));
      return;
    }
    // A row of a layout table (one holding other tables) is read as one line.
    if (name === 'tr') {
      this.flush();
      const cells = (node.children ?? []).filter(
        (c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'),
      );
      const row = cells
        .map((cell) => cleanInline(textOf(cell)))
        .filter(Boolean)
        .join(' | ');
      if (row) this.builder.block(row, { tight: true });
      return;
    }
    if (name === 'li') {
      this.flush();
      this.tight = true;
      for (const child of node.children ?? []) this.walk(child);
      this.flush();
      this.tight = true;
      return;
    }
    const block = BLOCK_TAGS.has(name);
    if (block) this.flush();
    for (const child of node.children ?? []) this.walk(child);
    if (block) this.flush();
  }

  flush(): void {
    // HTML whitespace is not significant; only <br> line breaks survive.
    const text = this.buffer
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .join('\n');
    if (text.trim()) this.builder.block(text, { tight: this.tight });
    this.buffer = '';
    this.tight = false;
  }
}

function descendants(node: DomNode): DomNode[] {
  return (node.children ?? []).flatMap((child) => [child, ...descendants(child)]);
}

/** A data table's caption, header row (its <thead>, a first row of <th> only, or of labels) and data rows. */
function readTable(table: DomNode): { title: string | null; header: string[]; rows: string[][] } {
  const all = descendants(table);
  const cellsOf = (tr: DomNode) =>
    (tr.children ?? []).filter((c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));
  const headRows = all.filter((d) => d.name === 'thead').flatMap((head) => descendants(head));
  const rows = all.filter((d) => d.name === 'tr');
  const first = rows[0];
  const texts = rows.map((row) => cellsOf(row).map((cell) => cleanInline(textOf(cell))));
  // Word tables rarely mark their header row: a first row of labels over rows holding numbers is one.
  const labelsOverNumbers =
    (texts[0] ?? []).every((cell) => cell && !/\d/.test(cell)) &&
    texts.slice(1).some((row) => row.some((cell) => /\d/.test(cell)));
  const headerRow =
    first &&
    (headRows.includes(first) || cellsOf(first).every((cell) => cell.name === 'th') || labelsOverNumbers)
      ? first
      : null;
  const caption = all.find((d) => d.name === 'caption');
  return {
    title: caption ? textOf(caption) : null,
    header: headerRow ? cellsOf(headerRow).map(textOf) : [],
    rows: rows.filter((row) => row !== headerRow).map((row) => cellsOf(row).map(textOf)),
  };
}

function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.name === 'br') return '\n';
  return (node.children ?? []).map(textOf).join('');
}

/** Appends the main content of an HTML page to `builder`; returns the page's <title>, if any. */
export function appendHtml(builder: DocumentBuilder, html: string): string | null {
  const $ = load(html);
  const title = cleanInline($('title').first().text()) || null;
  removeBoilerplate($);
  const walker = new HtmlWalker(builder);
  walker.walk(pickContentRoot($));
  walker.flush();
  return title;
}

export function parseHtml(html: string, format: SourceFormat = 'html'): ExtractedDocument {
  const builder = new DocumentBuilder(format);
  const title = appendHtml(builder, html);
  return builder.build({ title });
}
