import { DocumentBuilder } from './document-builder';
import type { ExtractedDocument } from './types';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s*([-*+]|\d{1,9}[.)])\s+/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;

/** Markdown syntax that hurts reading and matching: link targets, image URLs, emphasis markers. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => stripInlineMarkdown(cell.trim()));
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
    if (TABLE_ROW.test(line)) {
      flush();
      const rows: string[] = [];
      for (; i < lines.length && TABLE_ROW.test(lines[i] ?? ''); i++) rows.push(lines[i] ?? '');
      i--;
      // GFM: a header row is the one the delimiter row (|---|---|) follows.
      const hasHeader = rows.length > 1 && TABLE_RULE.test(rows[1] ?? '');
      builder.table({
        header: hasHeader ? tableCells(rows[0] ?? '') : [],
        rows: rows.filter((row, n) => !TABLE_RULE.test(row) && !(hasHeader && n === 0)).map(tableCells),
      });
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
