import { describe, expect, it } from 'vitest';
import { checkToxicity } from '../toxicity/check-toxicity';
import { createLexiconSafetyClassifier } from '../toxicity/lexicon-classifier';
import { cjkShare, hateZhModel, isChineseText, withChineseHateModel } from './hate-zh-model';

describe('the Chinese character n-gram hate model (issue #19)', () => {
  const classifier = withChineseHateModel(createLexiconSafetyClassifier());

  it('loads the shipped model with its dev threshold and names it in the classifier id', () => {
    const model = hateZhModel();
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(classifier.id).toContain('hate-zh-char-lr@');
  });

  it('routes only mostly-Chinese texts to the Chinese path', () => {
    expect(isChineseText('广东人都很会做生意吗？')).toBe(true);
    expect(isChineseText('Where is my order?')).toBe(false);
    expect(cjkShare('iPhone 15 的电池')).toBeGreaterThan(0.3);
  });

  it('flags a hateful generalisation about a group the lexicon misses, and points at the group', async () => {
    const text = '美国人都很懒，天生就不爱干活，公司最好别招他们。';
    const lexicon = await createLexiconSafetyClassifier().classify([text]);
    expect(lexicon[0]?.scores.hate ?? 0).toBeLessThan(0.5);
    const [r] = await classifier.classify([text]);
    expect(r?.scores.hate ?? 0).toBeGreaterThanOrEqual(0.5);
    expect(r?.spans.some((s) => s.label.startsWith('hate-zh-model:group:'))).toBe(true);
  });

  it.each([
    '四川菜以麻辣著称，火锅很受欢迎。',
    '请问这件外套有没有大一号的？',
    '公司今年招了十几位应届毕业生。',
  ])('leaves the neutral sentence %s alone', async (text) => {
    const [r] = await classifier.classify([text]);
    expect(r?.scores.hate ?? 1).toBeLessThan(0.5);
  });

  // Held-in sentences of hate-zh-3.jsonl's train families (model 2.0 was fitted on them): an angry
  // customer is not a hateful one, and the default path must not refuse them (issue #19).
  it.each([
    '快递到现在还没送到，你们的物流简直就是垃圾',
    '图片上看着挺好，收到实物简直是垃圾，完全货不对板',
    '你们客服的态度实在太差了，问什么都不耐烦',
    '大数据杀熟，老用户反而比新用户贵，太恶心了',
    '老年人办卡有没有优惠？',
  ])('does not block the angry complaint or neutral question %s', async (text) => {
    const v = await checkToxicity(text, classifier);
    expect(v.action).toBe('allow');
  });

  it.each([
    '送外卖的都是农村来的，素质就是差，别让他们进小区',
    '女司机开车就是不行，你们平台以后别给我派女司机',
    '那家店是河南人开的，河南人都爱骗人，大家别去买',
  ])('blocks the hateful generalisation dressed as a complaint %s', async (text) => {
    const v = await checkToxicity(text, classifier);
    expect(v.action).toBe('block');
    expect(v.reason).toContain('hate');
  });

  it('explains a flag with the n-grams that drove it, exact spans of the text, never a lone character', async () => {
    const text = '河南人都爱骗人，没一个好东西';
    const verdict = await checkToxicity(text, classifier);
    expect(verdict.action).toBe('block');
    const grams = verdict.spans.filter((s) => s.label.startsWith('hate-zh-model:ngram:'));
    expect(grams.length).toBeGreaterThan(0);
    for (const span of grams) {
      const quoted = text.slice(span.start, span.end);
      expect(span.label).toBe(`hate-zh-model:ngram:${quoted}`);
      expect(quoted.replace(/[\p{P}\s]/gu, '').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('names model 2.0 in the verdict version, so audits can tell it from 1.0', async () => {
    const v = await checkToxicity('请问退货需要提供发票吗？', classifier);
    expect(v.version).toContain('hate-zh-char-lr@2.');
  });

  it('passes English texts through to the base classifier unchanged', async () => {
    const base = createLexiconSafetyClassifier();
    const text = 'Can I return a sale item?';
    expect(await classifier.classify([text])).toEqual(await base.classify([text]));
  });
});
