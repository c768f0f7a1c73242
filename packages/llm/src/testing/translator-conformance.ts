import { rejectionCode, withScratchFolder } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranslationRequest, TranslationResult, Translator } from '../translate/types';

/**
 * The one conformance suite every Translator adapter passes (DESIGN.md, convention 2). Test-only:
 * it imports vitest, so it is not exported from the package. Fixture models write gibberish, so it
 * asserts the shape of a result (languages, segments in order, glossary accounting), never words.
 */
export type TranslatorConformanceSetup =
  | {
      create: () => Promise<Translator>;
      /** The offline default: every request must fail with translation_not_configured. */
      unconfigured: true;
    }
  | {
      create: () => Promise<Translator>;
      unconfigured?: false;
      /** A language pair the adapter translates (ISO 639-1). */
      source: string;
      target: string;
      /** Text the adapter, as created, must split into several segments. */
      longText: string;
      /** Created with a LanguageDetector, so a request without a source gets the detected one. */
      detectsSource?: boolean;
      /** Factories that must reject with a clean AppError. */
      missingModel?: () => Promise<unknown>;
      /** Gets an empty scratch folder to write a corrupt model into (see writeBrokenTransformersModel). */
      brokenModel?: (scratch: string) => Promise<unknown>;
    };

const PLACEHOLDER = /_\s*_\s*[gG]\s*\d+\s*_\s*_/;

/**
 * The text without whitespace, to compare it with its segments put back together: the result does
 * not say which whitespace separated two segments (a sentence longer than the limit may be cut
 * inside a word).
 */
const letters = (text: string): string => text.replace(/\s+/g, '');

function expectSegmentsInOrder(result: TranslationResult, text: string): void {
  const segments = result.segments ?? [];
  expect(segments.map((s) => letters(s.source)).join('')).toBe(letters(text));
  // Each segment's translation appears in the whole text, in segment order.
  let from = 0;
  for (const segment of segments) {
    expect(typeof segment.text).toBe('string');
    const at = result.text.indexOf(segment.text.trim(), from);
    expect(at, `segment "${segment.source}"`).toBeGreaterThanOrEqual(0);
    from = at + segment.text.trim().length;
  }
}

export function describeTranslatorConformance(name: string, setup: TranslatorConformanceSetup): void {
  describe(`Translator conformance: ${name}`, () => {
    let translator: Translator;
    beforeAll(async () => {
      translator = await setup.create();
    });
    afterAll(async () => {
      await translator?.close();
    });

    it('has an id', () => {
      expect(translator.id.length).toBeGreaterThan(0);
    });

    if (setup.unconfigured) {
      it.each<[string, TranslationRequest]>([
        ['a short text', { text: 'Hello.', source: 'en', target: 'zh' }],
        ['a text with a glossary', { text: 'Acme is great.', target: 'de', glossary: { Acme: 'Akme' } }],
        ['an empty text', { text: '', target: 'fr' }],
      ])('refuses %s with translation_not_configured, never a fake translation', async (_, request) => {
        expect(await rejectionCode(translator.translate(request))).toBe('translation_not_configured');
      });
      return;
    }
    const { source, target, longText } = setup;

    it('translates a text into a string, naming the languages asked for', async () => {
      const text = 'The house is wonderful.';
      const result = await translator.translate({ text, source, target });
      expect(typeof result.text).toBe('string');
      expect(result.text.trim().length).toBeGreaterThan(0);
      expect(result.source).toBe(source);
      expect(result.target).toBe(target);
      expectSegmentsInOrder(result, text);
    });

    if (setup.detectsSource) {
      it('detects the source language when the request names none', async () => {
        const result = await translator.translate({
          text: 'The room was clean and the staff were friendly.',
          target,
        });
        expect(result.source).toBe('en');
        expect(result.target).toBe(target);
      });
    }

    it('splits a long text into segments, in order, and puts their translations back in order', async () => {
      const result = await translator.translate({ text: longText, source, target });
      expect(result.segments?.length).toBeGreaterThan(1);
      expectSegmentsInOrder(result, longText);
    });

    it('gives each glossary term its fixed translation, or reports it missing', async () => {
      const glossary = { Grounded: 'GRD-FIXED', 'Acme Cloud': 'ACME-FIXED', Unused: 'NEVER' };
      const text = 'Grounded answers questions. Acme Cloud hosts Grounded.';
      const result = await translator.translate({ text, source, target, glossary });
      const missing = result.glossaryMissing ?? [];
      for (const term of missing) expect(['Grounded', 'Acme Cloud']).toContain(term);
      if (!missing.includes('Grounded')) expect(result.text).toContain('GRD-FIXED');
      if (!missing.includes('Acme Cloud')) expect(result.text).toContain('ACME-FIXED');
      expect(result.text).not.toContain('NEVER');
      // Placeholders are internal: segments show the source as written.
      for (const segment of result.segments ?? []) expect(segment.source).not.toMatch(PLACEHOLDER);
      expect((result.segments ?? []).map((s) => letters(s.source)).join('')).toBe(letters(text));
    });

    it('translates an empty or blank text to an empty text', async () => {
      for (const text of ['', '  \n ']) {
        const result = await translator.translate({ text, source, target });
        expect(result.text).toBe('');
        expect(result.target).toBe(target);
      }
    });

    it('rejects a request without a target language with invalid_translation_request', async () => {
      expect(await rejectionCode(translator.translate({ text: 'Hello.', source, target: ' ' }))).toBe(
        'invalid_translation_request',
      );
    });

    it('rejects with request_aborted, never a translation, when the signal is already aborted', async () => {
      expect(
        await rejectionCode(
          translator.translate({ text: longText, source, target, signal: AbortSignal.abort() }),
        ),
      ).toBe('request_aborted');
    });

    if (setup.missingModel) {
      const missing = setup.missingModel;
      it('rejects a missing model with model_not_found', async () => {
        expect(await rejectionCode(missing())).toBe('model_not_found');
      });
    }
    if (setup.brokenModel) {
      const broken = setup.brokenModel;
      it('rejects a broken model with model_load_failed', async () => {
        expect(await withScratchFolder((scratch) => rejectionCode(broken(scratch)))).toBe(
          'model_load_failed',
        );
      });
    }
  });
}
