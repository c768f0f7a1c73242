import { AppError } from '@grounded/core';
import Papa from 'papaparse';
import type { SourceFormat } from './types';
import { isZip, readZipDirectory } from './zip-directory';

export interface FormatHints {
  filename?: string;
  mimeType?: string;
}

const SNIFF_BYTES = 8192;
const TEXT_LIKE: ReadonlySet<SourceFormat> = new Set(['text', 'markdown', 'csv']);

const EXTENSION_FORMATS: Record<string, SourceFormat> = {
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
  log: 'text',
  csv: 'csv',
  tsv: 'csv',
};

const MIME_FORMATS: Record<string, SourceFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
};

const EML_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'return-path',
  'message-id',
  'mime-version',
  'content-type',
  'reply-to',
  'delivered-to',
  'x-mailer',
  'sender',
  'in-reply-to',
  'references',
]);

/** Decodes bytes as text when they look like text (valid UTF-8 or UTF-16 with a BOM, no NULs). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes);
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return null;
  try {
    // Cut the sniffed head at a code-point boundary so a multi-byte character split at 8 KiB is
    // not mistaken for invalid UTF-8: step back while the first byte past the cut continues a
    // character (read from `bytes`: `head` ends at the cut).
    let end = head.length;
    while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return null;
  }
}

/** PNG, JPEG and TIFF (both byte orders), from their magic numbers. */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | 'tiff' | null {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return null;
}

function hintedFormat(hints: FormatHints | undefined): SourceFormat | null {
  const mime = hints?.mimeType?.split(';')[0]?.trim().toLowerCase();
  if (mime && MIME_FORMATS[mime]) return MIME_FORMATS[mime];
  const extension = hints?.filename?.split('.').pop()?.toLowerCase();
  if (extension && hints?.filename?.includes('.') && EXTENSION_FORMATS[extension])
    return EXTENSION_FORMATS[extension];
  return null;
}

function looksLikeEml(head: string): boolean {
  const lines = head.split('\n');
  let known = 0;
  for (const line of lines.slice(0, 60)) {
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line)) continue; // folded header continuation
    const match = /^([A-Za-z][A-Za-z0-9-]*):/.exec(line);
    if (!match) return false;
    if (EML_HEADERS.has(match[1]?.toLowerCase() ?? '')) known++;
  }
  return known >= 2;
}

function looksLikeHtml(head: string): boolean {
  const start = head.trimStart().slice(0, 512).toLowerCase();
  if (
    start.startsWith('<!doctype html') ||
    start.startsWith('<html') ||
    (start.startsWith('<?xml') && /<html/i.test(head))
  ) {
    return true;
  }
  if (/<(html|head|body)[\s>]/i.test(head)) return true;
  const blockTags = head.match(/<(p|div|h[1-6]|ul|ol|li|table|article|section|span|a)[\s>]/gi)?.length ?? 0;
  return blockTags >= 3 && blockTags * 40 > head.split('\n').length;
}

function looksLikeCsv(head: string): boolean {
  const lines = head.split('\n').filter((line) => line.trim() !== '');
  // The last sniffed line may be cut off mid-row.
  if (lines.length > 2) lines.pop();
  if (lines.length < 2) return false;
  // Papa's parser (not a naive split) so quoted delimiters do not break the column count.
  const parsed = Papa.parse<string[]>(lines.slice(0, 20).join('\n'), {
    delimitersToGuess: [',', '\t', ';', '|'],
  });
  const counts = parsed.data.map((row) => row.length);
  const first = counts[0] ?? 0;
  if (first < 2 || parsed.errors.length > 0) return false;
  return counts.filter((c) => c === first).length / counts.length >= 0.9;
}

function looksLikeMarkdown(head: string): boolean {
  let signals = 0;
  if (/^#{1,6} \S/m.test(head)) signals += 2;
  if (/^(```|~~~)/m.test(head)) signals += 2;
  if (/^\S.*\n(=+|-+)\s*$/m.test(head)) signals += 1;
  if (/\[[^\]\n]+\]\([^)\s]+\)/.test(head)) signals += 1;
  if (/^\s*([-*+]|\d+\.) \S/m.test(head)) signals += 1;
  if (/(\*\*|__)\S[^\n]*\S\1/.test(head)) signals += 1;
  return signals >= 2;
}

/**
 * Detects a document's format from its bytes. The hints (file name, MIME type) only choose among
 * the text-like formats the bytes cannot tell apart (markdown vs plain text vs CSV).
 */
export function detectFormat(bytes: Uint8Array, hints?: FormatHints): SourceFormat {
  if (bytes.length === 0) {
    throw new AppError('empty_document', 'The document is empty (0 bytes).');
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (imageKind(bytes)) return 'image';
  if (isZip(bytes)) {
    const entries = readZipDirectory(bytes);
    if (entries?.some((entry) => entry.name === 'word/document.xml')) return 'docx';
    throw new AppError('unsupported_type', 'The file is a zip archive that is not a Word (.docx) document.', {
      details: { detected: 'zip' },
    });
  }
  const text = decodeText(bytes);
  if (text === null) {
    throw new AppError(
      'unsupported_type',
      'The file is binary data in a format that is not supported (supported: PDF, DOCX, HTML, Markdown, plain text, CSV, EML, PNG, JPEG, TIFF).',
    );
  }
  const sample = text
    .slice(0, SNIFF_BYTES)
    .replace(/\r\n?/g, '\n')
    .replace(/^\uFEFF/, '');
  let sniffed: SourceFormat;
  if (looksLikeEml(sample)) sniffed = 'eml';
  else if (looksLikeHtml(sample)) sniffed = 'html';
  else if (looksLikeMarkdown(sample)) sniffed = 'markdown';
  else if (looksLikeCsv(sample)) sniffed = 'csv';
  else sniffed = 'text';
  const hinted = hintedFormat(hints);
  if (hinted && TEXT_LIKE.has(sniffed) && TEXT_LIKE.has(hinted)) return hinted;
  return sniffed;
}
