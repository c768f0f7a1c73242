import { rejectionCode, withScratchFolder } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentimentClassifier, SentimentResult } from '../sentiment/types';

/**
 * The one conformance suite every SentimentClassifier adapter passes (DESIGN.md, convention 2).
 * Test-only: it imports vitest, so it is not exported from the package. It asserts the contract,
 * never labels: several adapters run on random-weight fixtures.
 */
export interface SentimentConformanceSetup {
  create: () => Promise<SentimentClassifier>;
  /** Routers detect the language, so every result must name it. */
  reportsLanguage?: boolean;
  /** Factories that must reject with a clean AppError. */
  missingModel?: () => Promise<unknown>;
  /** Gets an empty scratch folder to write a corrupt model into (see writeBrokenTransformersModel). */
  brokenModel?: (scratch: string) => Promise<unknown>;
}

/** Mixed on purpose: languages, scripts, emoji, no letters, and one long review. */
export const SENTIMENT_TEXTS: readonly string[] = [
  'I absolutely loved this hotel, the staff were wonderful.',
  'The product broke after two days and support never answered. Terrible.',
  'The meeting is on Tuesday at the office.',
  '房间很干净，服务员也很友好。',
  'Das Essen war schrecklich.',
  '👍👍 !!!',
  '12345',
  Array.from(
    { length: 120 },
    (_, i) => `Sentence ${i} says the stay was fine but the breakfast was cold.`,
  ).join(' '),
];

const LABELS = ['negative', 'neutral', 'positive'];

export function expectWellFormedSentiment(
  result: SentimentResult | undefined,
  reportsLanguage = false,
): void {
  expect(result).toBeDefined();
  const r = result as SentimentResult;
  expect(LABELS).toContain(r.label);
  expect(Number.isFinite(r.score)).toBe(true);
  expect(r.score).toBeGreaterThanOrEqual(-1);
  expect(r.score).toBeLessThanOrEqual(1);
  expect(Number.isFinite(r.confidence)).toBe(true);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  // The score is signed polarity, so a polar label never points the other way.
  if (r.label === 'positive') expect(r.score).toBeGreaterThanOrEqual(0);
  if (r.label === 'negative') expect(r.score).toBeLessThanOrEqual(0);
  if (r.rawLabel !== undefined) expect(r.rawLabel.length).toBeGreaterThan(0);
  if (reportsLanguage) {
    expect(typeof r.language).toBe('string');
    expect(r.language?.length).toBeGreaterThan(0);
  }
}

export function describeSentimentClassifierConformance(name: string, setup: SentimentConformanceSetup): void {
  describe(`SentimentClassifier conformance: ${name}`, () => {
    let classifier: SentimentClassifier;
    beforeAll(async () => {
      classifier = await setup.create();
    });
    afterAll(async () => {
      await classifier?.close();
    });

    it('describes itself: an id and the languages it is meant for', () => {
      expect(classifier.id.length).toBeGreaterThan(0);
      expect(classifier.languages.length).toBeGreaterThan(0);
      for (const language of classifier.languages) expect(language.length).toBeGreaterThan(0);
    });

    it('returns one well-formed result per text, in input order', async () => {
      const results = await classifier.classify(SENTIMENT_TEXTS);
      expect(results).toHaveLength(SENTIMENT_TEXTS.length);
      for (const r of results) expectWellFormedSentiment(r, setup.reportsLanguage);
      // Each result belongs to its own text: classified alone, a text gets the same answer.
      for (const [i, text] of SENTIMENT_TEXTS.entries()) {
        const [alone] = await classifier.classify([text]);
        const inBatch = results[i] as SentimentResult;
        expect(alone?.label, `text ${i}`).toBe(inBatch.label);
        expect(alone?.score, `text ${i}`).toBeCloseTo(inBatch.score, 4);
        if (setup.reportsLanguage) expect(alone?.language, `text ${i}`).toBe(inBatch.language);
      }
    });

    it('answers no texts with no results, and empty texts with well-formed results', async () => {
      expect(await classifier.classify([])).toEqual([]);
      const results = await classifier.classify(['', '   ', '\n']);
      expect(results).toHaveLength(3);
      for (const r of results) expectWellFormedSentiment(r, setup.reportsLanguage);
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
