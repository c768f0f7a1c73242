import { type CheerioAPI, load } from 'cheerio';
import { cleanInline } from './clean-text';
import { DocumentBuilder } from './document-builder';
import { type DomNode, descendants, readTable, textOf } from './html-table';
import type { ExtractedDocument, SourceFormat } from './types';

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

// Widgets a help centre or blog sets inside the article itself: "Was this article helpful?",
// related-article links, share buttons (probe2: a help page's "Related articles" list became a
// chunk of its own). Only these exact class names count, as whole tokens: a looser match took
// <body class="single social">, <section id="social-media">, "share-plan", "helpful-tips" and whole
// pages with them (probe2 review).
const WIDGET_CLASSES = new Set([
  'article-votes',
  'article-vote',
  'article-feedback',
  'article-helpful',
  'was-this-helpful',
  'helpful-widget',
  'related-articles',
  'related-posts',
  'related-links',
  'share-buttons',
  'sharing-buttons',
  'social-share',
  'social-sharing',
]);
// Elements that hold a page's content, never a widget, whatever their class.
const NEVER_WIDGET = new Set(['html', 'body', 'main', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** A widget's own words: a vote prompt, a few button labels. More than this is prose. */
const MAX_WIDGET_WORDS = 8;

function isWidget(element: ReturnType<CheerioAPI>): boolean {
  if (NEVER_WIDGET.has((element.prop('tagName') ?? '').toLowerCase())) return false;
  const tokens = (element.attr('class') ?? '').toLowerCase().split(/\s+/u);
  if (!tokens.some((token) => WIDGET_CLASSES.has(token))) return false;
  // Its words outside links and headings: a related-articles list is a heading over links, while
  // prose in a widget-classed box is content a page put there.
  // A table, a figure or a full sentence in it is content too ("Carry-over is capped at 5 days.",
  // "Late fee | 25 EUR", "Call 0800 123 456"): a vote prompt is a question with no figure (second review).
  const node = element.clone();
  if (node.find('table').length > 0) return false;
  const hasHeading = node.find('h1, h2, h3, h4, h5, h6').length > 0;
  node.find('a, h1, h2, h3, h4, h5, h6, button').remove();
  const rest = node.text();
  if (/\p{N}/u.test(rest) || /[.!](?:\s|$)/u.test(rest)) return false;
  const words = rest.split(/\s+/u).filter(Boolean).length;
  return hasHeading ? words === 0 : words <= MAX_WIDGET_WORDS;
}

function removeBoilerplate($: CheerioAPI): void {
  $(ALWAYS_DROP).remove();
  $('[class]')
    .filter((_, el) => isWidget($(el)))
    .remove();
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
  /** An ordered list item's number ("3. "), until the item's first text is written. */
  private marker = '';
  private inItem = false;
  /** A <figure>'s caption, for the one table inside it that has no <caption> of its own. */
  private figureTitle: string | null = null;

  constructor(
    private readonly builder: DocumentBuilder,
    private readonly listNumbers: boolean,
  ) {}

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
      // An item that opens with a heading (<li><h3>Prepare</h3>…): the number is the heading's.
      const marker = this.marker && !ITEM_MARKER.test(textOf(node).trimStart()) ? this.marker : '';
      this.marker = '';
      this.builder.heading(Number(heading[1]), marker + textOf(node).trimStart());
      return;
    }
    if (name === 'br') {
      this.buffer += '\n';
      return;
    }
    // A caption paragraph (Word's Caption style; pages that class it so) can title the next table.
    if (name === 'p' && /(^|\s)caption($|\s)/i.test(node.attribs?.class ?? '')) {
      this.flush();
      this.builder.block(textOf(node).replace(/\s+/g, ' ').trim(), { caption: true });
      return;
    }
    if (name === 'pre') {
      this.flush();
      this.builder.block(textOf(node));
      return;
    }
    if (name === 'table' && !descendants(node).some((d) => d.name === 'table')) {
      this.flush();
      const table = readTable(node);
      this.builder.table({ ...table, title: table.title ?? this.figureTitle });
      this.figureTitle = null;
      return;
    }
    // <figure><figcaption>…</figcaption><table>…</table></figure>: the caption is the table's title.
    if (name === 'figure') {
      const caption = (node.children ?? []).find((c) => c.name === 'figcaption');
      const tables = descendants(node).filter((d) => d.name === 'table');
      if (caption && tables.length === 1) {
        this.flush();
        this.figureTitle = cleanInline(textOf(caption)) || null;
        for (const child of node.children ?? []) if (child !== caption) this.walk(child);
        this.flush();
        this.figureTitle = null;
        return;
      }
    }
    // A row of a layout table (one holding other tables) is read as one line, unless a table sits
    // in it: then each cell is walked on its own, so that table is read as a table.
    if (name === 'tr') {
      this.flush();
      const cells = (node.children ?? []).filter(
        (c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'),
      );
      if (descendants(node).some((d) => d.name === 'table')) {
        for (const cell of cells) {
          for (const child of cell.children ?? []) this.walk(child);
          this.flush();
        }
        return;
      }
      const row = cells
        .map((cell) => cleanInline(textOf(cell)))
        .filter(Boolean)
        .join(' | ');
      if (row) this.builder.block(row, { tight: true });
      return;
    }
    // An ordered list's numbers are text the reader sees ("Step 3", "see 2. above"): the browser
    // (and mammoth, for Word's automatic numbering) draws them, so the walker writes them.
    if (name === 'ol') {
      this.flush();
      const items = (node.children ?? []).filter((c) => c.type === 'tag' && c.name === 'li');
      const reversed = node.attribs?.reversed !== undefined;
      const start = Number.parseInt(node.attribs?.start ?? '', 10);
      let n = Number.isFinite(start) ? start : reversed ? items.length : 1;
      for (const child of node.children ?? []) {
        if (child.type === 'tag' && child.name === 'li') {
          const value = Number.parseInt(child.attribs?.value ?? '', 10);
          if (Number.isFinite(value)) n = value;
          const marker = this.listNumbers
            ? `${listMarker(n, child.attribs?.type ?? node.attribs?.type)} `
            : '';
          this.listItem(child, marker);
          n += reversed ? -1 : 1;
        } else this.walk(child);
      }
      this.flush();
      return;
    }
    if (name === 'li') {
      this.listItem(node, '');
      return;
    }
    const block = BLOCK_TAGS.has(name);
    if (block) this.flush();
    for (const child of node.children ?? []) this.walk(child);
    if (block) this.flush();
  }

  private listItem(node: DomNode, marker: string): void {
    this.flush();
    this.tight = true;
    // Written before the item's first text, which may sit in a <p> inside the <li>; that <p>'s
    // own (empty) flush must not undo the item's line break.
    this.marker = marker;
    const outer = this.inItem;
    this.inItem = true;
    for (const child of node.children ?? []) this.walk(child);
    this.flush();
    this.inItem = outer;
    this.marker = '';
    this.tight = true;
  }

  flush(): void {
    // HTML whitespace is not significant; only <br> line breaks survive.
    const text = this.buffer
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .join('\n');
    this.buffer = '';
    if (text.trim()) {
      // "<li>1. Open the portal.</li>": the item writes its own number; no second one before it.
      const marker = ITEM_MARKER.test(text.trimStart()) ? '' : this.marker;
      this.builder.block(marker + text.trimStart(), { tight: this.tight });
      this.marker = '';
    } else if (this.inItem) return;
    this.tight = false;
  }
}

/** A number or letter an item's text already starts with: "1. ", "2) ", "(b) ", "iv. ". */
const ITEM_MARKER = /^\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-z]|[ivx]{1,4})[.)]\s/iu;

/** The number of an ordered list's item as the list's `type` draws it: 3 → "3.", "c.", "iii.". */
function listMarker(n: number, type: string | undefined): string {
  if (n >= 1 && n <= 26 && (type === 'a' || type === 'A')) {
    const letter = String.fromCharCode(96 + n);
    return `${type === 'A' ? letter.toUpperCase() : letter}.`;
  }
  if (n >= 1 && n < 40 && (type === 'i' || type === 'I')) {
    const roman = romanOf(n);
    return `${type === 'I' ? roman.toUpperCase() : roman}.`;
  }
  return `${n}.`;
}

function romanOf(n: number): string {
  const parts: [number, string][] = [
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  let rest = n;
  for (const [value, digits] of parts) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

/** Appends the main content of an HTML page to `builder`; returns the page's <title>, if any. */
export function appendHtml(
  builder: DocumentBuilder,
  html: string,
  options: {
    /**
     * Write an ordered list's item numbers. Not for mammoth's DOCX output: it restarts an <ol> at
     * each paragraph that interrupts Word's numbering, so its numbers are wrong ("3.1" read as
     * "1."; probe2 review).
     */
    listNumbers?: boolean;
  } = {},
): string | null {
  const $ = load(html);
  const title = cleanInline($('title').first().text()) || null;
  removeBoilerplate($);
  const walker = new HtmlWalker(builder, options.listNumbers ?? true);
  walker.walk(pickContentRoot($));
  walker.flush();
  return title;
}

export function parseHtml(html: string, format: SourceFormat = 'html'): ExtractedDocument {
  const builder = new DocumentBuilder(format);
  const title = appendHtml(builder, html);
  return builder.build({ title });
}
