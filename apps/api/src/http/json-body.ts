import { AppError } from '@grounded/core';
import express, { type RequestHandler } from 'express';

/**
 * The deepest nesting of arrays and objects in a JSON text, counted on the raw bytes without
 * parsing; stops counting once past `limit`.
 */
export function jsonDepthExceeds(raw: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === 0x5c /* \ */) i++;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth--;
  }
  return false;
}

/**
 * JSON bodies with a size limit and a nesting limit. Issue #12: `metadata` nested 10,000 levels
 * deep parsed fine but overflowed the stack later (JSON.stringify, a 500); it is now a 400
 * before anything reads it.
 */
export function jsonBody(options: { maxBytes: number; maxDepth: number }): RequestHandler {
  return express.json({
    limit: options.maxBytes,
    strict: true,
    verify(_req, _res, raw) {
      if (jsonDepthExceeds(raw, options.maxDepth)) {
        throw new AppError('json_too_deep', `the JSON body nests deeper than ${options.maxDepth} levels`, {
          details: { maxDepth: options.maxDepth },
        });
      }
    },
  });
}
