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
    for (const block of reflowLines(mail.text.split('\n'), { dehyphenate: false })) {
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
