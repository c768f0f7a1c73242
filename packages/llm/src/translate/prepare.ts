import { AppError } from '@grounded/core';
import type { LanguageDetector } from '../sentiment/types';
import type { TranslationRequest } from './types';

export function validateRequest(request: TranslationRequest): void {
  if (typeof request.target !== 'string' || request.target.trim() === '') {
    throw new AppError('invalid_translation_request', 'target language is required');
  }
  if (typeof request.text !== 'string') {
    throw new AppError('invalid_translation_request', 'text must be a string');
  }
}

/** The request's source language, or the detector's guess, or 'und' when neither is available. */
export async function resolveSource(
  request: TranslationRequest,
  detector?: LanguageDetector,
): Promise<string> {
  if (request.source && request.source.trim() !== '') return request.source.trim().toLowerCase();
  if (!detector || request.text.trim() === '') return 'und';
  const [d] = await detector.detect([request.text.slice(0, 2000)]);
  return d?.language ?? 'und';
}
