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

// Private-use code points carry no meaning outside the font that drew them: Word's Symbol-font
// bullets (U+F0B7, U+F0A7, U+F076...) come out of PDFs and DOCX files as these and would leak
// into chunks and summaries.
const PRIVATE_USE = /[\uE000-\uF8FF]/gu;

// Word's second-level bullet is a Courier "o": at the start of a line, before a capitalised word,
// it is a list marker, not a word.
const SUB_BULLET = /^o +(?=\p{Lu})/gmu;

/** Unicode normalization + control-character stripping, keeping line structure. */
export function normalizeUnicode(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(NFKC_SAFE, (ch) => ch.normalize('NFKC'))
    .replace(INVISIBLE, '')
    .replace(PRIVATE_USE, '');
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
    .replace(SUB_BULLET, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cleans text that must become a single line (headings, header values, table cells). */
export function cleanInline(text: string): string {
  return normalizeUnicode(text).replace(/\s+/g, ' ').trim();
}

// Title metadata that authoring tools fill in without meaning: the application's prefix
// ("Microsoft Word - report.doc"), a file name ("10811.exe"), or a placeholder ("Untitled").
const APP_PREFIX =
  /^(microsoft (office )?(word|powerpoint|excel)|libreoffice \w+|openoffice\.org \w+)\s+-\s+/i;
const FILE_NAME = /\.(exe|docx?|dotx?|rtf|odt|pptx?|xlsx?|pdf|txt|html?|indd|tmp|tex|dvi|ps)$/i;
const PLACEHOLDER = /^(untitled|no title|title|document ?\d*|slide ?\d*|page ?\d*|\d+|[\W_]+)$/i;

/**
 * The title worth showing from a document's metadata, or null when the metadata holds junk; the
 * caller then falls back to the first heading, and the document's display to its file name.
 */
export function usableTitle(raw: string | null | undefined): string | null {
  const title = cleanInline(raw ?? '').replace(APP_PREFIX, '');
  if (!title || FILE_NAME.test(title) || PLACEHOLDER.test(title)) return null;
  return title;
}
