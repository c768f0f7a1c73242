import { AppError } from '@grounded/core';
import { type AddressObject, simpleParser } from 'mailparser';
import { cleanInline } from './clean-text';
import { DocumentBuilder } from './document-builder';
import { appendHtml } from './parse-html';
import { reflowLines } from './reflow';
import type { ExtractedDocument } from './types';

function addresses(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  const list = Array.isArray(value) ? value : [value];
  const text = list.map((item) => item.text).join(', ');
  return text ? cleanInline(text) : null;
}

// "> " (or ">> ", "> > ") before a line of a reply's quoted message, its depth the count of ">".
// A '>' before a figure is never a marker, at any depth ("> > 10,000 EUR needs the CFO", second review).
const QUOTE_PREFIX = /^(?:[ \t]*>(?![ \t]*[\d.,€$£]))+[ \t]?/u;
// The line introducing a quoted message: "On Wed, 16 Apr 2025 at 16:05, Tom <tom@x> wrote:".
const ATTRIBUTION = /^(?:on|am|le|el|op)\s.{4,200}\s(?:wrote|writes|schrieb|a écrit|escribió|schreef):$/iu;
// The signature delimiter ("-- ", also typed as "--").
const SIGNATURE = /^--[ \t]?$/u;
/** A signature is a few rows (a name, a title, a phone number); past this it is the mail again. */
const MAX_SIGNATURE_ROWS = 6;

function isQuoted(line: string | undefined): boolean {
  // "> 10,000 EUR needs the CFO.": QUOTE_PREFIX takes no '>' before a figure, which means "more than".
  return line !== undefined && QUOTE_PREFIX.test(line);
}

/**
 * "On the question of refunds, the customer writes:" is prose; an attribution has a date or an
 * address in it, or a quoted message right after it (probe2 review).
 */
function isAttribution(raw: readonly string[], i: number): boolean {
  const text = (raw[i] ?? '').trim();
  if (!ATTRIBUTION.test(text)) return false;
  if (/[@\d]/u.test(text)) return true;
  const next = raw.slice(i + 1).find((line) => line.trim() !== '');
  return isQuoted(next);
}

/**
 * A plain-text thread as its reader sees it: the quote markers of earlier messages removed (they
 * were read as text, joined mid-sentence into the reply above them, and quoted in citations), each
 * message (a change of quote depth, an "On … wrote:" line) a paragraph of its own, and the lines of
 * a signature kept as separate rows (a name, a title, a phone number), not joined as prose.
 * Only a block of quoted lines (two or more, or one after an attribution) loses its markers: a
 * single "> 10,000 EUR" line in a mail's own text is content (probe2 review).
 */
function unquote(raw: readonly string[]): { lines: string[]; rows: Set<number> } {
  const quoted = raw.map(
    (line, i) => isQuoted(line) && (isQuoted(raw[i - 1]) || isQuoted(raw[i + 1]) || afterAttribution(raw, i)),
  );
  const lines: string[] = [];
  const rows = new Set<number>();
  let depth = 0;
  let signatureRows = -1;
  for (const [i, line] of raw.entries()) {
    const prefix = quoted[i] ? (QUOTE_PREFIX.exec(line)?.[0] ?? '') : '';
    const lineDepth = (prefix.match(/>/gu) ?? []).length;
    const text = line.slice(prefix.length);
    if (lineDepth !== depth && text.trim() !== '') {
      // A new message starts: its text does not carry on the sentence of the one before.
      if (lines.length > 0 && lines.at(-1)?.trim() !== '') lines.push('');
      depth = lineDepth;
      signatureRows = -1;
    }
    if (SIGNATURE.test(text.trim() === '--' ? '--' : text)) {
      if (lines.length > 0 && lines.at(-1)?.trim() !== '') lines.push('');
      signatureRows = 0;
      continue;
    }
    if (isAttribution(raw, i)) {
      if (lines.length > 0 && lines.at(-1)?.trim() !== '') lines.push('');
      lines.push(text.trim(), '');
      signatureRows = -1;
      continue;
    }
    // The signature ends at a blank line or after a few rows: what follows is the mail's text (a
    // forwarded message, a disclaimer), not more rows of it.
    if (signatureRows >= 0 && (text.trim() === '' || signatureRows >= MAX_SIGNATURE_ROWS)) signatureRows = -1;
    if (signatureRows >= 0) {
      rows.add(lines.length);
      signatureRows++;
    }
    lines.push(text);
  }
  return { lines, rows };
}

/** Whether the nearest non-blank line before line `i` is an "On … wrote:" attribution. */
function afterAttribution(raw: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    if ((raw[j] ?? '').trim() === '') continue;
    return ATTRIBUTION.test((raw[j] ?? '').trim());
  }
  return false;
}

/** E-mail (.eml): a header block (Subject, From, To, Cc, Date) followed by the body text. */
export async function parseEml(bytes: Uint8Array): Promise<ExtractedDocument> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes));
  } catch (error) {
    throw new AppError('malformed_document', 'The e-mail message is malformed and cannot be read.', {
      details: { reason: error instanceof Error ? error.message : String(error) },
      cause: error,
    });
  }
  const subject = mail.subject ? cleanInline(mail.subject) : null;
  const from = addresses(mail.from);
  const to = addresses(mail.to);
  const cc = addresses(mail.cc);
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null;

  const builder = new DocumentBuilder('eml');
  builder.section(subject ? [subject] : []);
  const header = [
    subject && `Subject: ${subject}`,
    from && `From: ${from}`,
    to && `To: ${to}`,
    cc && `Cc: ${cc}`,
    date && `Date: ${date}`,
  ].filter((line): line is string => Boolean(line));
  if (header.length > 0) builder.block(header.join('\n'));

  // mailparser derives `text` from an HTML-only body by itself (upper-casing headings); our own
  // HTML walker keeps the structure, so it is used whenever the message has no text/plain part.
  const raw = new TextDecoder('latin1').decode(bytes);
  const hasPlainPart = /content-type:\s*text\/plain/i.test(raw) || !/content-type:/i.test(raw);
  const before = builder.textLength;
  if (typeof mail.html === 'string' && mail.html.trim() && !hasPlainPart) {
    appendHtml(builder, mail.html);
  } else if (mail.text) {
    const { lines, rows } = unquote(mail.text.split(/\r?\n/u));
    for (const block of reflowLines(lines, { dehyphenate: false, rows })) {
      builder.block(block.text, { tight: block.tight });
    }
  }
  return builder.build({
    title: subject,
    metadata: {
      subject,
      from,
      to,
      cc,
      date,
      messageId: mail.messageId ?? null,
      attachments: mail.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
      })),
      hasBody: builder.textLength > before,
    },
  });
}
