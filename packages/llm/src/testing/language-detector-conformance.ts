import { rejectionCode, withScratchFolder } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectedLanguage, LanguageDetector } from '../sentiment/types';

/**
 * The one conformance suite every LanguageDetector adapter passes (DESIGN.md, convention 2).
 * Test-only: it imports vitest, so it is not exported from the package.
 */
export interface LanguageDetectorConformanceSetup {
  create: () => Promise<LanguageDetector>;
  /** Factories that must reject with a clean AppError. */
  missingModel?: () => Promise<unknown>;
  /** Gets an empty scratch folder to write a corrupt model into. */
  brokenModel?: (scratch: string) => Promise<unknown>;
}

const TEXTS: readonly string[] = [
  'The room was clean and the staff were friendly.',
  '房间很干净，服务员也很友好。',
  'La chambre était propre et le personnel très aimable.',
  'ホテルの部屋はとても綺麗でした',
  'Hotel 很好 but far',
  '12345 !!!',
  '👍',
  'Das Essen war schrecklich.\nDer Service auch.',
];

/** ISO 639-1 or 639-3 (lid.176 uses three letters where no two-letter code exists; 'und' too). */
const ISO_639 = /^[a-z]{2,3}$/;

function expectWellFormed(d: DetectedLanguage | undefined, what: string): void {
  expect(d, what).toBeDefined();
  expect(d?.language, what).toMatch(ISO_639);
  expect(Number.isFinite(d?.confidence), what).toBe(true);
  expect(d?.confidence, what).toBeGreaterThanOrEqual(0);
  expect(d?.confidence, what).toBeLessThanOrEqual(1);
}

export function describeLanguageDetectorConformance(
  name: string,
  setup: LanguageDetectorConformanceSetup,
): void {
  describe(`LanguageDetector conformance: ${name}`, () => {
    let detector: LanguageDetector;
    beforeAll(async () => {
      detector = await setup.create();
    });
    afterAll(async () => {
      await detector?.close();
    });

    it('has an id', () => {
      expect(detector.id.length).toBeGreaterThan(0);
    });

    it('returns an ISO 639 code and a confidence in [0, 1] per text, in input order', async () => {
      const out = await detector.detect(TEXTS);
      expect(out).toHaveLength(TEXTS.length);
      for (const [i, d] of out.entries()) expectWellFormed(d, `text ${i}`);
      // Each answer belongs to its own text: detected alone, a text gets the same answer.
      for (const [i, text] of TEXTS.entries()) {
        const [alone] = await detector.detect([text]);
        expect(alone?.language, `text ${i}`).toBe(out[i]?.language);
        expect(alone?.confidence, `text ${i}`).toBeCloseTo(out[i]?.confidence ?? Number.NaN, 6);
      }
    });

    it('answers no texts with no results, and empty texts with well-formed results', async () => {
      expect(await detector.detect([])).toEqual([]);
      const out = await detector.detect(['', '   ', '\n']);
      expect(out).toHaveLength(3);
      for (const [i, d] of out.entries()) expectWellFormed(d, `text ${i}`);
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
