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

/**
 * Reads a multipart/form-data body with one file part. The file is size-limited while it streams
 * (an oversized upload is cut off and refused, never buffered whole), and a truncated or malformed
 * body is a 400, never a crash.
 */
export function readMultipart(req: Request, limits: { maxFileBytes: number }): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: limits.maxFileBytes, fields: 50, fieldSize: 64 * 1024, parts: 60 },
      });
    } catch (error) {
      reject(new AppError('invalid_multipart', `not a valid multipart request: ${(error as Error).message}`));
      return;
    }
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
