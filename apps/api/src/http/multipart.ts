import { Readable } from 'node:stream';
import { AppError } from '@grounded/core';
import busboy from 'busboy';
import type { Request } from 'express';

export interface UploadedFile {
  bytes: Uint8Array;
  /** As sent by the client; stored as metadata only, never used as a path. */
  filename: string | null;
  mimeType: string | null;
}

export interface MultipartBody {
  file: UploadedFile | null;
  fields: Record<string, string>;
}

// The two ways this API reads multipart/form-data: buffered (`readMultipart`, a document or a
// training file) and streamed (`streamMultipartFile`, sentiment batches of up to a million rows).
// Both share the parser setup and turn every failure into a 4xx AppError.

/**
 * Reads a multipart/form-data body with one file part. The file is size-limited while it streams
 * (an oversized upload is cut off and refused, never buffered whole), and a truncated or malformed
 * body is a 400, never a crash.
 */
export function readMultipart(req: Request, limits: { maxFileBytes: number }): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    const parser = parserFor(
      req,
      { files: 1, fileSize: limits.maxFileBytes, fields: 50, fieldSize: 64 * 1024, parts: 60 },
      reject,
    );
    if (!parser) return;
    const fields: Record<string, string> = {};
    let file: UploadedFile | null = null;
    let failure: AppError | null = null;
    let pendingFile: Promise<void> = Promise.resolve();

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        failure ??= new AppError('payload_too_large', `form field '${name}' is too long`);
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const parts: Buffer[] = [];
      pendingFile = new Promise((done) => {
        stream.on('data', (part: Buffer) => parts.push(part));
        stream.on('limit', () => {
          failure ??= new AppError(
            'file_too_large',
            `the file is larger than the upload limit of ${limits.maxFileBytes} bytes`,
            { details: { maxBytes: limits.maxFileBytes } },
          );
        });
        stream.on('close', () => {
          file = {
            bytes: new Uint8Array(Buffer.concat(parts)),
            filename: info.filename ? info.filename.slice(0, 255) : null,
            mimeType: info.mimeType || null,
          };
          done();
        });
        stream.on('error', () => done());
      });
    });
    parser.on('filesLimit', () => {
      failure ??= new AppError('validation_failed', 'send exactly one file per request');
    });
    parser.on('partsLimit', () => {
      failure ??= new AppError('validation_failed', 'too many parts in the multipart body');
    });
    parser.on('error', (error: Error) => {
      reject(new AppError('invalid_multipart', `the multipart body is malformed: ${error.message}`));
    });
    parser.on('close', () => {
      pendingFile.then(() => {
        if (failure) reject(failure);
        else resolve({ file, fields });
      }, reject);
    });
    req.on('aborted', () => reject(new AppError('invalid_multipart', 'the upload was aborted')));
    req.pipe(parser);
  });
}

export interface StreamedUpload {
  fields: Record<string, string>;
  file: Readable;
  filename: string | null;
  mimeType: string | null;
}

/**
 * Hands over the multipart file part as a stream as soon as it starts (fields sent before it are
 * collected), so a million-row upload is never buffered. A file over `maxBytes` errors the stream.
 */
export function streamMultipartFile(req: Request, maxBytes: number): Promise<StreamedUpload> {
  return new Promise((resolve, reject) => {
    const parser = parserFor(
      req,
      { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 8 * 1024, parts: 30 },
      reject,
    );
    if (!parser) return;
    const fields: Record<string, string> = {};
    let started = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      if (started) {
        stream.resume();
        return;
      }
      started = true;
      stream.on('limit', () => {
        stream.destroy(
          new AppError('file_too_large', `the upload is larger than ${maxBytes} bytes`, {
            details: { maxBytes },
          }),
        );
      });
      // busboy ends a truncated body by destroying the file stream with a plain Error ('Unexpected
      // end of form'): the batch service rethrew it as a 500, and when the body broke before the
      // service began reading (a slower database) its pipe never ended and the request hung
      // (issue #7 fuzzing). This stream pulls from the part only when read, so an earlier failure
      // surfaces to the reader, and every failure it reports is an AppError (a client's 400).
      stream.on('error', () => undefined);
      const file = Readable.from(appErrorsOf(stream), { objectMode: false });
      // The reader handles errors through its own listener or iterator; this one keeps an upload
      // that is refused before it is read, then drained, from crashing the process.
      file.on('error', () => undefined);
      resolve({ fields, file, filename: info.filename ?? null, mimeType: info.mimeType || null });
    });
    parser.on('error', (error: Error) => {
      reject(new AppError('invalid_multipart', `the multipart body is malformed: ${error.message}`));
    });
    parser.on('close', () => {
      if (!started)
        reject(new AppError('validation_failed', "the multipart body has no file part (use field 'file')"));
    });
    req.pipe(parser);
  });
}

async function* appErrorsOf(part: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of part) yield chunk as Buffer;
  } catch (error) {
    throw error instanceof AppError
      ? error
      : new AppError('invalid_multipart', `the multipart body is malformed: ${(error as Error).message}`);
  }
}

/** A busboy parser for the request, or a 400 through `reject` when the headers are not multipart. */
function parserFor(
  req: Request,
  limits: busboy.Limits,
  reject: (error: AppError) => void,
): busboy.Busboy | null {
  try {
    return busboy({ headers: req.headers, limits });
  } catch (error) {
    reject(new AppError('invalid_multipart', `not a valid multipart request: ${(error as Error).message}`));
    return null;
  }
}
