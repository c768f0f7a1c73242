import type { LanguageDetector, SentimentClassifier, SentimentResult } from './types';

export interface SentimentRouterOptions {
  /** Classifier per ISO code, e.g. { en: ensemble, zh: trainedChinese }. */
  byLanguage: Record<string, SentimentClassifier>;
  /** For languages without their own classifier, and for uncertain detections. */
  fallback: SentimentClassifier;
  detectLanguage: LanguageDetector;
  /** Below this detection confidence the fallback is used (default 0.3). */
  minConfidence?: number;
}

/**
 * Routes each text to the classifier configured for its detected language, keeping input order,
 * and reports the detected language with every result. Texts for one classifier go in one call so
 * batching adapters stay efficient.
 */
export function createSentimentRouter(options: SentimentRouterOptions): SentimentClassifier {
  const minConfidence = options.minConfidence ?? 0.3;
  return {
    id: `router(${Object.entries(options.byLanguage)
      .map(([lang, c]) => `${lang}:${c.id}`)
      .join(',')};*:${options.fallback.id})`,
    languages: [...Object.keys(options.byLanguage), '*'],
    async classify(texts) {
      const detected = await options.detectLanguage.detect(texts);
      const groups = new Map<SentimentClassifier, number[]>();
      detected.forEach((d, i) => {
        const target =
          d.confidence >= minConfidence
            ? (options.byLanguage[d.language] ?? options.fallback)
            : options.fallback;
        const list = groups.get(target) ?? [];
        list.push(i);
        groups.set(target, list);
      });
      const results = new Array<SentimentResult>(texts.length);
      for (const [classifier, indices] of groups) {
        const out = await classifier.classify(indices.map((i) => texts[i] as string));
        indices.forEach((textIndex, k) => {
          const r = out[k];
          const lang = detected[textIndex]?.language ?? 'und';
          if (r) results[textIndex] = { ...r, language: lang };
        });
      }
      return results;
    },
    async close() {
      const all = new Set([...Object.values(options.byLanguage), options.fallback]);
      await Promise.all([...all].map((c) => c.close()));
      await options.detectLanguage.close();
    },
  };
}
