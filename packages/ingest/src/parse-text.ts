import { DocumentBuilder } from './document-builder';
import { reflowLines } from './reflow';
import type { ExtractedDocument } from './types';

/** Plain text: paragraphs are separated by blank lines; hard-wrapped prose is re-joined. */
export function parseText(source: string): ExtractedDocument {
  const builder = new DocumentBuilder('text');
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  // Hyphenation in plain text is usually intended ("e-\nmail" from a 72-column wrap is rare), so
  // only PDFs get de-hyphenated.
  for (const block of reflowLines(lines, { dehyphenate: false })) {
    const level = chineseHeadingLevel(block.text);
    if (level !== null) builder.heading(level, block.text);
    else builder.block(block.text, { tight: block.tight });
  }
  return builder.build({ title: null });
}

// "第二章 差旅费", "一、总则", "（三）报销流程": Chinese documents number their headings so, and plain
// text has no other mark of them. As headings they start sections: chunk boundaries and the
// heading path a citation shows (a Chinese IT guide's "一、如何修改邮箱密码" had none).
const CHAPTER = /^第[一二三四五六七八九十百零\d]+[章篇部]\s*\S/u;
const SECTION = /^(?:第[一二三四五六七八九十百零\d]+节\s*\S|[一二三四五六七八九十]+、\S)/u;
const SUBSECTION = /^[（(][一二三四五六七八九十]+[）)]\s*\S/u;

/**
 * The heading level of a line that is a numbered Chinese heading, else null. A numbered clause
 * that states something ("一、员工不得…，…。") is no heading: a heading is short and has no
 * sentence punctuation. ("第三条" numbers clauses, not headings.)
 */
export function chineseHeadingLevel(line: string): number | null {
  const text = line.trim();
  if ([...text].length > 24 || /[，。；！？,;!?]/u.test(text)) return null;
  if (CHAPTER.test(text)) return 1;
  if (SECTION.test(text)) return 2;
  if (SUBSECTION.test(text)) return 3;
  return null;
}
