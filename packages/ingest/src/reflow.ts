/**
 * Rebuilds paragraphs from hard-wrapped lines (PDF text lines, 72-column plain text). Without it
 * every wrapped line would read as its own sentence, and citations would quote line fragments.
 */
export interface ReflowedBlock {
  text: string;
  /** True for table-like rows, which keep a single line break to their neighbours. */
  tight: boolean;
}

const BULLET = /^\s*([-*•·▪◦–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+\S/u;
// A contract's numbered clause ("2.3 You must…", "4.1.2. The Supplier…"): a clause number before a
// capital starts a clause of its own, but only after a line that ends its sentence: wrapped prose
// goes on with a figure just as well ("…up to" / "1.5 TB of storage", "…of clause" / "4.2 The…"),
// and splitting there cut a sentence in two (probe2 review).
const CLAUSE_NUMBER = /^\s*\d{1,3}(?:\.\d{1,3}){1,3}\.?\s+[\p{Lu}("“]/u;
const CLAUSE_END = /[.:;]$/u;
const SENTENCE_END = /[.!?:;。！？；…"”’)]$/u;
const CJK_EDGE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}，。、]/u;
/** Below this typical line length the lines are not wrapped prose (lists, tables, verse). */
const MIN_WRAP_WIDTH = 25;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function isTableRow(line: string): boolean {
  return line.includes('\t');
}

function joinWrapped(left: string, right: string, dehyphenate: boolean): string {
  // "adip-" + "iscing" → "adipiscing": a lowercase letter on both sides of a line-final hyphen is
  // line-break hyphenation far more often than a compound split across lines.
  if (dehyphenate && /\p{Ll}-$/u.test(left) && /^\p{Ll}/u.test(right)) return left.slice(0, -1) + right;
  const cjk = CJK_EDGE.test(left.at(-1) ?? '') && CJK_EDGE.test(right[0] ?? '');
  return cjk ? left + right : `${left} ${right}`;
}

/**
 * A row ending in a figure is a complete item (an index entry's or a contents line's page number,
 * a form's value), even where the next line starts in lowercase (an index's subentry).
 */
const ENDS_IN_FIGURE = /\d[.,;)]?$/u;

/** A line starting in lowercase carries on the sentence of the line before it. */
function continuesSentence(line: string): boolean {
  return /^\p{Ll}/u.test(line) && !BULLET.test(line);
}

/**
 * `rows`: indices of lines known to be rows of separate items rather than wrapped prose (a form's
 * label/value lines, as the PDF layout sees them): a row ends the paragraph it may close, and a
 * row after another row stands alone, one line break after it. A block of rows (two in a row)
 * starts a block of its own, not the end of an unfinished paragraph above it. Where the next line
 * starts in lowercase, the row was wrapped prose after all (a justified line stretched wide, an
 * item's text wrapping onto the next line) and the paragraph goes on, unless the row ends in a
 * figure. Rows are separate items, so a hyphen at the end of a row followed by another row is kept
 * as written, not taken for a word broken across the line.
 */
export function reflowLines(
  rawLines: string[],
  options: { dehyphenate: boolean; rows?: ReadonlySet<number> },
): ReflowedBlock[] {
  const lines = rawLines.map((line) => line.replace(/[ \u00A0]+$/u, '').replace(/^ +/, ''));
  const typical = median(
    lines.filter((line) => line.trim() !== '' && !isTableRow(line)).map((l) => l.length),
  );
  const wrapped = typical >= MIN_WRAP_WIDTH;
  const blocks: ReflowedBlock[] = [];
  let paragraph: string | null = null;
  // Whether the paragraph is a row after a row (with what wraps on from it): one line break apart.
  let afterRow = false;
  const flush = () => {
    if (paragraph !== null && paragraph.trim() !== '') blocks.push({ text: paragraph, tight: afterRow });
    paragraph = null;
    afterRow = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (isTableRow(line)) {
      flush();
      blocks.push({ text: line, tight: blocks.at(-1)?.tight === true || isTableRow(lines[i + 1] ?? '') });
      continue;
    }
    const row = options.rows?.has(i) === true;
    if (row && paragraph !== null && options.rows?.has(i + 1) && !continuesSentence(line)) flush();
    if (row && options.rows?.has(i - 1) && paragraph === null) afterRow = true;
    paragraph = paragraph === null ? line : joinWrapped(paragraph, line, options.dehyphenate);
    const next = lines[i + 1] ?? '';
    const endsParagraph =
      (row && (!continuesSentence(next) || ENDS_IN_FIGURE.test(line))) ||
      !wrapped ||
      next.trim() === '' ||
      BULLET.test(next) ||
      (CLAUSE_NUMBER.test(next) && CLAUSE_END.test(line)) ||
      isTableRow(next) ||
      line.length < typical * 0.6 ||
      (SENTENCE_END.test(line) && line.length < typical * 0.85);
    if (endsParagraph) {
      // Short unwrapped lines (lists, addresses, verse) stay lines; only wrapped prose becomes one block.
      if (!wrapped && paragraph !== null) {
        blocks.push({ text: paragraph, tight: blocks.length > 0 && lines[i - 1]?.trim() !== '' });
        paragraph = null;
      } else {
        flush();
      }
    }
  }
  flush();
  return blocks;
}
