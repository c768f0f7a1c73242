import { cleanBlock } from './clean-text';
import { DocumentBuilder } from './document-builder';
import { reflowLines } from './reflow';
import type { ExtractedDocument } from './types';

/** Plain text: paragraphs are separated by blank lines; hard-wrapped prose is re-joined. */
export function parseText(source: string): ExtractedDocument {
  const builder = new DocumentBuilder('text');
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  // Hyphenation in plain text is usually intended ("e-\nmail" from a 72-column wrap is rare), so
  // only PDFs get de-hyphenated.
  // Blocks the builder would clean to nothing (a zero-width space, a BOM) are no body: a heading
  // before one would lose its text from every chunk (second review).
  const blocks = reflowLines(lines, { dehyphenate: false }).filter((b) => cleanBlock(b.text) !== '');
  const levels = headingLevels(blocks.map((b) => b.text));
  blocks.forEach((block, i) => {
    const level = levels[i] ?? null;
    // A numbered heading never names the whole document ("一、目的" is no title of it).
    if (level !== null) builder.heading(level, block.text, { title: false });
    else builder.block(block.text, { tight: block.tight });
  });
  return builder.build({ title: null });
}

/**
 * The heading level of each block, or null. A numbered line is a heading only when body text follows
 * it: a section with no body is dropped from every chunk, so a list of numbered items
 * ("一、遵守考勤制度\n二、按时提交周报"), a last line, or a chapter line right above a section line stays
 * text, and no text leaves the chunks.
 */
function headingLevels(texts: string[]): (number | null)[] {
  return texts.map((text, i) => {
    const next = texts[i + 1];
    if (next === undefined || chineseHeadingLevel(next) !== null) return null;
    return chineseHeadingLevel(text);
  });
}

const NUMERAL = '[一二三四五六七八九十百零〇\\d]';
// 部 is left out: "第一部门" and "第一部手机" are words, not parts.
const CHAPTER = new RegExp(`^第${NUMERAL}+[章篇](.*)$`, 'u');
const SECTION = new RegExp(`^(?:第${NUMERAL}+节|[一二三四五六七八九十]+、)(.*)$`, 'u');
const SUBSECTION = /^[（(][一二三四五六七八九十]+[）)](.*)$/u;

/**
 * Whether what follows a heading's number reads as a title: nothing, a space before the title, or a
 * short title that starts with no numeral ("一、二月份销售额下降" and "十、一月" are text).
 */
function titleLike(rest: string): boolean {
  if (rest === '' || /^\s+\S/u.test(rest)) return true;
  return [...rest].length <= 12 && !new RegExp(`^${NUMERAL}`, 'u').test(rest) && !/、/u.test(rest);
}

/**
 * The heading level of a line that is a numbered Chinese heading, else null. A numbered clause
 * that states something ("一、员工不得…，…。") is no heading: a heading is short and has no
 * sentence punctuation, and no colon ("一、费用：按实报销"). ("第三条" numbers clauses, not headings.)
 */
export function chineseHeadingLevel(line: string): number | null {
  const text = line.trim();
  if ([...text].length > 24 || /[，。；！？：,;!?:]/u.test(text)) return null;
  const levels: [RegExp, number][] = [
    [CHAPTER, 1],
    [SECTION, 2],
    [SUBSECTION, 3],
  ];
  for (const [pattern, level] of levels) {
    const m = pattern.exec(text);
    if (m) return titleLike(m[1] ?? '') ? level : null;
  }
  return null;
}
