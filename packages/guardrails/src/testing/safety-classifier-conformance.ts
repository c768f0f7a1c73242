import { rejectionCode, withBrokenTransformersModel } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAFETY_CATEGORIES, type SafetyClassifier, type SafetyResult } from '../toxicity/safety-classifier';

/**
 * The one conformance suite every SafetyClassifier adapter passes (DESIGN.md, convention 2).
 * Test-only: it imports vitest, so it is not exported from the package. Model fixtures have random
 * weights, so it asserts shapes and ranges, never which text is toxic.
 */
export interface SafetyClassifierConformanceSetup {
  create: () => Promise<SafetyClassifier>;
  /** Code with which classify must refuse after close(), for adapters that release a model. */
  closedCode?: string;
  /** Factories that must reject with a clean AppError. */
  missingModel?: () => Promise<unknown>;
  /** Gets a model folder that exists but cannot load. */
  brokenModel?: (source: { model: string; localModelPath: string }) => Promise<unknown>;
}

const TEXTS: readonly string[] = [
  'How do I reset my password?',
  'you are a stupid idiot',
  "I'll kill you if you come back",
  'Immigrants are vermin and should be deported.',
  '你这个傻逼',
  '今天天气很好，我们去公园吧。',
  'what the f*ck is this',
  '👍 12345 !!!',
  Array.from({ length: 80 }, (_, i) => `Line ${i}: the parcel arrived late and the courier was rude.`).join(
    '\n',
  ),
];

function expectWellFormed(result: SafetyResult | undefined, text: string, what: string): void {
  expect(result, what).toBeDefined();
  const r = result as SafetyResult;
  expect(Object.keys(r.scores).sort(), what).toEqual([...SAFETY_CATEGORIES].sort());
  for (const category of SAFETY_CATEGORIES) {
    const score = r.scores[category];
    expect(Number.isFinite(score), `${what} ${category}`).toBe(true);
    expect(score, `${what} ${category}`).toBeGreaterThanOrEqual(0);
    expect(score, `${what} ${category}`).toBeLessThanOrEqual(1);
  }
  // Spans are evidence in the input: inside it, non-empty, labelled.
  for (const span of r.spans) {
    expect(Number.isInteger(span.start), what).toBe(true);
    expect(Number.isInteger(span.end), what).toBe(true);
    expect(span.start, what).toBeGreaterThanOrEqual(0);
    expect(span.end, what).toBeGreaterThan(span.start);
    expect(span.end, what).toBeLessThanOrEqual(text.length);
    expect(span.label.length, what).toBeGreaterThan(0);
  }
}

export function describeSafetyClassifierConformance(
  name: string,
  setup: SafetyClassifierConformanceSetup,
): void {
  describe(`SafetyClassifier conformance: ${name}`, () => {
    let classifier: SafetyClassifier;
    beforeAll(async () => {
      classifier = await setup.create();
    });
    afterAll(async () => {
      await classifier?.close?.();
    });

    it('has an id', () => {
      expect(classifier.id.length).toBeGreaterThan(0);
    });

    it('returns one result per text, in input order, with every category in [0, 1]', async () => {
      const results = await classifier.classify(TEXTS);
      expect(results).toHaveLength(TEXTS.length);
      for (const [i, r] of results.entries()) expectWellFormed(r, TEXTS[i] as string, `text ${i}`);
      // Each result belongs to its own text: classified alone, a text gets the same scores.
      for (const [i, text] of TEXTS.entries()) {
        const [alone] = await classifier.classify([text]);
        for (const category of SAFETY_CATEGORIES) {
          expect(alone?.scores[category], `text ${i} ${category}`).toBeCloseTo(
            results[i]?.scores[category] ?? Number.NaN,
            4,
          );
        }
        expect(alone?.spans, `text ${i}`).toEqual(results[i]?.spans);
      }
    });

    it('answers no texts with no results, and empty texts with well-formed results', async () => {
      expect(await classifier.classify([])).toEqual([]);
      const texts = ['', '   ', '\n'];
      const results = await classifier.classify(texts);
      expect(results).toHaveLength(texts.length);
      for (const [i, r] of results.entries()) expectWellFormed(r, texts[i] as string, `text ${i}`);
    });

    if (setup.closedCode) {
      const code = setup.closedCode;
      it(`refuses to classify after close with ${code}`, async () => {
        const other = await setup.create();
        await other.close?.();
        expect(await rejectionCode(other.classify(['x']))).toBe(code);
      });
    }
    if (setup.missingModel) {
      const missing = setup.missingModel;
      it('rejects a missing model with model_not_found', async () => {
        expect(await rejectionCode(missing())).toBe('model_not_found');
      });
    }
    if (setup.brokenModel) {
      const broken = setup.brokenModel;
      it('rejects a broken model with model_load_failed', async () => {
        expect(await withBrokenTransformersModel((source) => rejectionCode(broken(source)))).toBe(
          'model_load_failed',
        );
      });
    }
  });
}
