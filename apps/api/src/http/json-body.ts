import { AppError, jsonDepthExceeds } from '@grounded/core';
import express, { type RequestHandler } from 'express';

/**
 * JSON bodies with a size limit and a nesting limit. Issue #12: `metadata` nested 10,000 levels
 * deep parsed fine but overflowed the stack later (JSON.stringify, a 500); it is now a 400 before
 * anything reads it. The depth is counted on the raw bytes, so they must be UTF-8: in another
 * encoding an escaped quote reads as the end of a string and the count goes wrong.
 */
export function jsonBody(options: { maxBytes: number; maxDepth: number }): RequestHandler {
  return express.json({
    limit: options.maxBytes,
    strict: true,
    verify(_req, _res, raw, encoding) {
      if (encoding.toLowerCase().replace('-', '') !== 'utf8') {
        throw new AppError('unsupported_media_type', `send JSON as UTF-8, not ${encoding}`);
      }
      if (jsonDepthExceeds(raw, options.maxDepth)) {
        throw new AppError('json_too_deep', `the JSON body nests deeper than ${options.maxDepth} levels`, {
          details: { maxDepth: options.maxDepth },
        });
      }
    },
  });
}
