import { describe, expect, it } from 'vitest';
import { describeSentimentClassifierConformance } from '../testing/sentiment-classifier-conformance';
import { createChineseSentimentEnsemble, loadChineseSentimentEnsemble } from './chinese-ensemble';
import { trainSentimentModel } from './trained-model';
import type { SentimentClassifier } from './types';
import { vendoredSentimentModels } from './vendored-models';

const chineseModel = vendoredSentimentModels().chinese;

/** A classifier that gives every text the same score: isolates the lexicon's part of the average. */
function constantModel(score: number): SentimentClassifier {
  return {
    id: 'constant',
    languages: ['zh'],
    async classify(texts) {
      return texts.map(() => ({ label: 'neutral' as const, score, confidence: 0 }));
    },
    async close() {},
  };
}

describeSentimentClassifierConformance('Chinese NB + lexicon ensemble (vendored model)', {
  create: () => loadChineseSentimentEnsemble(chineseModel),
  missingModel: () => loadChineseSentimentEnsemble('/nonexistent/model.json'),
});

describe('Chinese ensemble', () => {
  it('calls the short complaints the NB alone called neutral negative, and "一般般吧" neutral (vendored model)', async () => {
    const c = await loadChineseSentimentEnsemble(chineseModel);
    const r = await c.classify([
      '客服态度很差',
      '物流太慢了，很失望',
      '一般般吧',
      '这家店真不错，下次还来👍',
    ]);
    expect(r.map((x) => x.label)).toEqual(['negative', 'negative', 'neutral', 'positive']);
    expect(c.id).toBe('ensemble:trained-nb:chnsenticorp+zh-lexicon');
    await c.close();
  });

  it('cools a saturated model: a sure NB and a silent lexicon stay inside (0, 1) and below the NB', async () => {
    const c = createChineseSentimentEnsemble({ model: constantModel(1), neutralBand: 0 });
    const [r] = await c.classify(['订单号是12345']);
    expect(r!.score).toBeGreaterThan(0);
    expect(r!.score).toBeLessThan(0.9);
  });

  it('lets the lexicon outvote a mildly positive NB on a clear complaint', async () => {
    const c = createChineseSentimentEnsemble({ model: constantModel(0.5), neutralBand: 0.2 });
    const [r] = await c.classify(['客服态度非常差，太失望了']);
    expect(r!.label).toBe('negative');
  });

  it('weighs the clause after 但是 more, so a mixed text sits between its clauses', async () => {
    const c = createChineseSentimentEnsemble({ model: constantModel(0), neutralBand: 0 });
    const [mixed, good, bad] = await c.classify(['质量好但是物流慢', '质量好', '物流慢']);
    expect(mixed!.score).toBeLessThan(0);
    expect(mixed!.score).toBeGreaterThan(bad!.score);
    expect(good!.score).toBeGreaterThan(0);
  });

  it('uses the NB for what the lexicon does not know (a model trained on tiny data)', async () => {
    const rows = [
      ...['榴莲酥', '榴莲酥甜', '榴莲酥香'].map((text) => ({ text, label: '1' })),
      ...['鸡爪', '鸡爪凉', '鸡爪咸'].map((text) => ({ text, label: '0' })),
    ];
    const nb = trainSentimentModel(rows, { holdoutFraction: 0, minCount: 1 }).classifier;
    const c = createChineseSentimentEnsemble({ model: nb, neutralBand: 0 });
    const [pos, neg] = await c.classify(['榴莲酥', '鸡爪']);
    expect(pos!.score).toBeGreaterThan(0);
    expect(neg!.score).toBeLessThan(0);
  });

  it('rejects weights that cannot make an average (zod at the options boundary)', () => {
    expect(() =>
      createChineseSentimentEnsemble({ model: constantModel(0), weights: { temperature: 0 } }),
    ).toThrow();
    expect(() =>
      createChineseSentimentEnsemble({ model: constantModel(0), weights: { nb: 0, lexicon: 0 } }),
    ).toThrow(/sum to 0/);
  });

  it('B1-B3: questions neutral, "not as good as expected" below 0, Traditional read (vendored model)', async () => {
    const c = await loadChineseSentimentEnsemble(chineseModel);
    const questions = ['好吗', '你们的服务好吗？', '好用吗？', '质量好吗', '物流快吗？'];
    const worse = ['没有想象中好', '沒有想像中好', '没有我想象的好', '不如预期的好'];
    const traditional = ['很滿意', '太貴了', '不推薦', '讚', '不錯', '非常滿意，下次還會再來'];
    const r = await c.classify([...questions, ...worse, ...traditional]);
    const labels = r.map((x) => x.label);
    expect(labels.slice(0, 5)).toEqual(questions.map(() => 'neutral'));
    // The lexicon now reads these as complaints; the NB still leans positive on 好, so the average
    // lands below 0 (neutral or negative) rather than at +0.5.
    for (const x of r.slice(5, 9)) {
      expect(x.label).not.toBe('positive');
      expect(x.score).toBeLessThan(0);
    }
    expect(labels.slice(9, 15)).toEqual([
      'positive',
      'negative',
      'negative',
      'positive',
      'positive',
      'positive',
    ]);
    await c.close();
  });

  it('B4: a bare "太好了" before a long wait is a complaint (vendored model)', async () => {
    const c = await loadChineseSentimentEnsemble(chineseModel);
    const r = await c.classify(['真是太好了，等了一个月才到', '太棒了，半个月才发货', '太好了，终于到了']);
    expect(r.map((x) => x.label)).toEqual(['negative', 'negative', 'positive']);
    await c.close();
  });

  it('B7: gives a text with nothing it can read neutral with confidence 0', async () => {
    const c = createChineseSentimentEnsemble({ model: constantModel(0.1), neutralBand: 0.26 });
    const empty = ['', '   ', '？？？', '123', 'aaaa', '...'];
    const r = await c.classify([...empty, '好']);
    for (const x of r.slice(0, empty.length)) {
      expect(x).toMatchObject({ label: 'neutral', score: 0, confidence: 0 });
    }
    expect(r[empty.length]!.label).toBe('positive');
  });
});
