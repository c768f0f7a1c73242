import { AppError } from '@grounded/core';
import type { LanguageDetector } from '../sentiment/types';
import { protectGlossary, restoreGlossary } from './glossary';
import { resolveSource, validateRequest } from './prepare';
import { reassemble, segmentForTranslation } from './segment';
import type { TranslationRequest, TranslationResult } from './types';

export interface SegmentTranslator {
  /** Translates independent segments, returning one output per input, in order. */
  translateSegments(texts: string[], source: string, target: string, signal?: AbortSignal): Promise<string[]>;
  /** Largest segment, in the unit `measure` counts (e.g. tokens). */
  maxUnits: number;
  measure(text: string): number;
  detector?: LanguageDetector | undefined;
}

/**
 * What every adapter shares: resolve the source language, protect glossary terms, split long text
 * by sentence, translate the pieces, put them back in order and restore the glossary.
 */
export async function runTranslation(
  request: TranslationRequest,
  impl: SegmentTranslator,
): Promise<TranslationResult> {
  validateRequest(request);
  const target = request.target.trim().toLowerCase();
  const source = await resolveSource(request, impl.detector);
  if (request.text.trim() === '') return { text: '', source, target, segments: [] };
  const protectedText = protectGlossary(request.text, request.glossary);
  // Same language: nothing to translate, but the glossary still applies.
  if (source === target) {
    const restored = restoreGlossary(protectedText.text, protectedText);
    return { text: restored.text, source, target, segments: [] };
  }
  const segments = segmentForTranslation(
    protectedText.text,
    impl.maxUnits,
    impl.measure,
    source === 'und' ? 'en' : source,
  );
  // A cancelled request yields no translation, whether the adapter noticed (a library's
  // AbortError) or not (a generation that just stops early with what it had).
  const aborted = () =>
    new AppError('request_aborted', 'the request was cancelled before the translation finished');
  let outputs: string[];
  try {
    outputs = await impl.translateSegments(
      segments.map((s) => s.text),
      source,
      target,
      request.signal,
    );
  } catch (error) {
    if (request.signal?.aborted) throw aborted();
    throw error;
  }
  if (request.signal?.aborted) throw aborted();
  const joined = reassemble(outputs, segments, target);
  const restored = restoreGlossary(joined, protectedText);
  const result: TranslationResult = {
    text: restored.text,
    source,
    target,
    segments: segments.map((s, i) => ({
      source: restoreGlossary(s.text, { ...protectedText, replacements: protectedText.terms }).text,
      text: restoreGlossary(outputs[i] ?? '', protectedText).text,
    })),
  };
  if (restored.missing.length > 0) result.glossaryMissing = restored.missing;
  return result;
}
