import { DocumentBuilder } from './document-builder';
import { appendHtml } from './parse-html';
import type { ExtractedDocument } from './types';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s*([-*+]|\d{1,9}[.)])\s+/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
// GFM: a delimiter cell is one dash or more, with optional alignment colons.
const DELIMITER_CELL = /^\s*:?-+:?\s*$/;
const QUOTE = /^ {0,3}> ?/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;

/** Markdown syntax that hurts reading and matching: link targets, image URLs, emphasis markers. */
export function stripInlineMarkdown(text: string): string {
  // Code spans keep their text as written ("`_internal_`", "`**kwargs`"): each is held as a
  // placeholder while the rules run over the whole line (a link or bold text may hold one), then
  // put back without its backticks.
  const spans: string[] = [];
  const held = text.replace(/\u0000/g, '').replace(/`([^`\n]+)`/g, (_, code: string) => {
    spans.push(code);
    return `\u0000${spans.length - 1}\u0000`;
  });
  return stripOutsideCode(held).replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)] ?? '');
}

function stripOutsideCode(text: string): string {
  return (
    text
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
      // _emphasis_, but not the underscores inside a snake_case name.
      .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
  );
}

/**
 * A table row's cells as written (GFM): split at pipes, except an escaped `\|` (kept as `|`) and a
 * pipe inside a closed code span (`a|b`), which GFM would split but the writer meant as text.
 * One leading and one trailing pipe are optional.
 */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const text = line.trim();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      const fence = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = text.indexOf(fence, i + fence.length);
      const end = close < 0 ? i + fence.length : close + fence.length;
      cell += text.slice(i, end).replace(/\\\|/g, '|');
      i = end - 1;
    } else if (ch === '|') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  if (text.startsWith('|')) cells.shift();
  if (text.endsWith('|') && !text.endsWith('\\|') && cells.length > 0) cells.pop();
  return cells;
}

function tableCells(line: string): string[] {
  // GFM cells hold one line; writers put <br> where they want a line break inside one.
  return splitRow(line).map((cell) => stripInlineMarkdown(cell.replace(/<br\s*\/?>/gi, ' ').trim()));
}

function isDelimiterRow(line: string): boolean {
  if (!line.includes('|')) return false;
  const cells = splitRow(line);
  return cells.length > 0 && cells.every((cell) => DELIMITER_CELL.test(cell));
}

export function parseMarkdown(source: string): ExtractedDocument {
  const builder = new DocumentBuilder('markdown');
  let lines = source.replace(/\r\n?/g, '\n').split('\n');
  // YAML front matter is metadata, not prose.
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (close > 0) lines = lines.slice(close + 1);
  }

  let paragraph: string[] = [];
  let paragraphTight = false;
  const flush = () => {
    if (paragraph.length > 0)
      builder.block(stripInlineMarkdown(paragraph.join(' ')), { tight: paragraphTight });
    paragraph = [];
    paragraphTight = false;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker); i++)
        code.push(lines[i] ?? '');
      builder.block(code.join('\n'));
      continue;
    }
    // An HTML table written into Markdown (READMEs do, for what pipe tables cannot hold): read as
    // HTML up to the tag that closes it (nested tables counted), blank lines inside included. A
    // table never closed ends at its first blank line, so it cannot swallow the rest of the file.
    if (/^ {0,3}<table[\s>]/i.test(line)) {
      flush();
      const start = i;
      let depth = 0;
      let end = -1;
      for (let k = i; k < lines.length && end < 0; k++) {
        for (const tag of (lines[k] ?? '').matchAll(/<(\/?)table[\s>]/gi)) {
          depth += tag[1] ? -1 : 1;
          if (depth === 0) {
            end = k;
            break;
          }
        }
      }
      if (end < 0) {
        end = start;
        while (end + 1 < lines.length && (lines[end + 1] ?? '').trim() !== '') end++;
      }
      appendHtml(builder, lines.slice(start, end + 1).join('\n'));
      i = end;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flush();
      builder.heading(atx[1]?.length ?? 1, stripInlineMarkdown(atx[2] ?? ''));
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (
      paragraph.length === 0 &&
      line.trim() &&
      !LIST_ITEM.test(line) &&
      /^ {0,3}(=+|-+)[ \t]*$/.test(next)
    ) {
      builder.heading(next.trim().startsWith('=') ? 1 : 2, stripInlineMarkdown(line.trim()));
      i++;
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      flush();
      continue;
    }
    // GFM: a header row is a line with pipes that a delimiter row (|---|:--:|) with as many cells
    // follows; outer pipes are optional there. Pipe-framed lines without one are a headerless table.
    // A table inside a blockquote is read the same, each of its lines without the "> ".
    const quoted = QUOTE.test(line);
    const view = (row: string): string | null =>
      quoted ? (QUOTE.test(row) ? row.replace(QUOTE, '') : null) : row;
    const first = view(line) ?? '';
    const second = view(next) ?? '';
    const headed =
      first.includes('|') && isDelimiterRow(second) && splitRow(first).length === splitRow(second).length;
    if (headed || TABLE_ROW.test(first)) {
      flush();
      const rows: string[] = [];
      const header = headed ? tableCells(first) : [];
      if (headed) i += 2;
      const inTable = (row: string | null) =>
        row !== null && (headed ? row.trim() !== '' && row.includes('|') : TABLE_ROW.test(row));
      for (; i < lines.length && inTable(view(lines[i] ?? '')); i++) rows.push(view(lines[i] ?? '') ?? '');
      i--;
      builder.table({ header, rows: rows.filter((row) => !isDelimiterRow(row)).map(tableCells) });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      paragraph = [line.trim()];
      paragraphTight = true;
      continue;
    }
    paragraph.push(line.replace(/^\s*>\s?/, '').trim());
  }
  flush();
  return builder.build();
}
