/**
 * Text cleaning shared by every parser. Cleaning happens BEFORE a block is appended to the
 * document text, so every span computed afterwards indexes the cleaned text.
 */

// Compatibility characters whose NFKC form is what a reader (and a tokenizer) expects: Latin
// ligatures (ﬁ → fi, common in PDFs), full-width letters/digits, half-width katakana, exotic
// spaces. Full-width PUNCTUATION (，。！？；：) is deliberately left alone: Chinese text keeps it
// and the sentence splitter relies on it. Superscripts, fractions and circled digits are left
// alone too because NFKC changes their meaning (m² → m2).
const NFKC_SAFE =
  /[\uFB00-\uFB06\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFF9F\u00A0\u2000-\u200A\u202F\u205F\u3000\uF900-\uFAFF]/gu;

// C0/C1 controls except \t and \n, zero-width characters, BOM and soft hyphen: invisible noise
// that breaks exact-match search and citations.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/** Unicode normalization + control-character stripping, keeping line structure. */
export function normalizeUnicode(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(NFKC_SAFE, (ch) => ch.normalize('NFKC'))
    .replace(INVISIBLE, '');
}

/**
 * Cleans one block of text: normalizes Unicode, collapses runs of spaces/tabs, trims every line
 * and collapses 3+ line breaks into one blank line. Line breaks themselves are kept because they
 * carry structure (table rows, CSV rows, list items).
 */
export function cleanBlock(text: string): string {
  return normalizeUnicode(text)
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cleans text that must become a single line (headings, header values, table cells). */
export function cleanInline(text: string): string {
  return normalizeUnicode(text).replace(/\s+/g, ' ').trim();
}
