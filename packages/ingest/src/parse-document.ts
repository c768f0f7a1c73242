import { AppError } from '@grounded/core';
import { fileTypeFromBuffer } from 'file-type';
import { decodeText, detectFormat, imageKind } from './detect-format';
import { documentTooLarge } from './document-limits';
import { parseCsv } from './parse-csv';
import { parseDocx } from './parse-docx';
import { parseEml } from './parse-eml';
import { parseHtml } from './parse-html';
import { parseImage } from './parse-image';
import { type Deadline, type ResolvedParseOptions, resolveParseOptions } from './parse-limits';
import { parseMarkdown } from './parse-markdown';
import { parsePdf } from './parse-pdf';
import { parseText } from './parse-text';
import type { ExtractedDocument, ParseOptions, SourceFormat } from './types';

function textOf(bytes: Uint8Array): string {
  const text = decodeText(bytes);
  if (text === null)
    throw new AppError('malformed_document', 'The file is not valid text (UTF-8 or UTF-16).');
  return text;
}

async function parseByFormat(
  format: SourceFormat,
  bytes: Uint8Array,
  options: ResolvedParseOptions,
  deadline: Deadline,
): Promise<ExtractedDocument> {
  switch (format) {
    case 'pdf':
      return parsePdf(bytes, options, deadline);
    case 'docx':
      return parseDocx(bytes, options);
    case 'eml':
      return parseEml(bytes);
    case 'html':
      return parseHtml(textOf(bytes));
    case 'markdown':
      return parseMarkdown(textOf(bytes));
    case 'csv':
      return parseCsv(textOf(bytes), options);
    case 'text':
      return parseText(textOf(bytes));
    case 'image':
      return parseImage(bytes, imageKind(bytes) ?? 'png', options, deadline);
  }
}

/** Names a binary type for the error message ("image/png"), best effort. */
async function describeBinary(bytes: Uint8Array): Promise<string | null> {
  try {
    return (await fileTypeFromBuffer(bytes))?.mime ?? null;
  } catch {
    return null;
  }
}

function timeoutError(ms: number): AppError {
  return new AppError('parse_timeout', `Parsing the document took longer than ${ms} ms.`, {
    retryable: true,
  });
}

/**
 * Runs `work` under a deadline: a timer for work that awaits real I/O, plus cooperative
 * checkpoints for work that does not yield (see `Deadline`). CPU-bound synchronous stretches
 * inside one library call still run to their end before the deadline can be noticed.
 */
async function withDeadline<T>(ms: number, work: (deadline: Deadline) => Promise<T>): Promise<T> {
  const cleanups: (() => unknown)[] = [];
  const expiresAt = performance.now() + ms;
  let expired = false;
  const abort = () => {
    if (expired) return;
    expired = true;
    for (const cleanup of cleanups) {
      try {
        Promise.resolve(cleanup()).catch(() => undefined);
      } catch {
        // Cleanup is best effort; the timeout error is what the caller needs.
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(timeoutError(ms));
    }, ms);
  });
  const deadline: Deadline = {
    async checkpoint() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (expired || performance.now() > expiresAt) {
        abort();
        throw timeoutError(ms);
      }
    },
    onAbort(cleanup) {
      cleanups.push(cleanup);
    },
  };
  const running = work(deadline);
  // The losing promise must not surface later as an unhandled rejection.
  running.catch(() => undefined);
  timedOut.catch(() => undefined);
  try {
    return await Promise.race([running, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Parses a document's bytes into text with structure. Every failure is an `AppError` with a
 * stable code; no library error escapes unwrapped.
 */
export async function parseDocument(
  bytes: Uint8Array,
  parseOptions: ParseOptions = {},
): Promise<ExtractedDocument> {
  const options = resolveParseOptions(parseOptions);
  // No bytes at all is refused by detectFormat, the one place that says so.
  if (bytes.length > options.maxBytes) {
    throw new AppError(
      'file_too_large',
      `The file is ${bytes.length} bytes; the limit is ${options.maxBytes}.`,
      {
        details: { bytes: bytes.length, maxBytes: options.maxBytes },
      },
    );
  }
  let format: SourceFormat;
  try {
    format = detectFormat(bytes, {
      ...(options.filename === undefined ? {} : { filename: options.filename }),
      ...(options.mimeType === undefined ? {} : { mimeType: options.mimeType }),
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'unsupported_type') {
      const mime = await describeBinary(bytes);
      if (mime) {
        throw new AppError('unsupported_type', `Files of type ${mime} are not supported. ${error.message}`, {
          details: { ...error.details, detected: mime },
        });
      }
    }
    throw error;
  }

  let document: ExtractedDocument;
  try {
    document = await withDeadline(options.timeoutMs, (deadline) =>
      parseByFormat(format, bytes, options, deadline),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('malformed_document', `The ${format} document could not be parsed.`, {
      details: { format, reason: error instanceof Error ? error.message : String(error) },
      cause: error,
    });
  }
  if (document.text.trim() === '') {
    throw new AppError('empty_document', `The ${format} document contains no text.`, { details: { format } });
  }
  // PDF, DOCX and CSV stop while their text is built, once past the limit. The text formats are
  // checked here, once parsed: their text is at most about as long as their input (maxBytes).
  if (document.text.length > options.maxChars) {
    throw documentTooLarge('chars', document.text.length, options.maxChars);
  }
  return document;
}

/** A document from text that arrived as text (a JSON body), not as a file. */
export function documentFromText(text: string, format: 'text' | 'markdown' = 'text'): ExtractedDocument {
  const document = format === 'markdown' ? parseMarkdown(text) : parseText(text);
  if (document.text.trim() === '') throw new AppError('empty_document', 'The text is empty.');
  return document;
}
