import { describe, expect, it } from 'vitest';
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

  it('passes English texts through to the base classifier unchanged', async () => {
    const base = createLexiconSafetyClassifier();
    const text = 'Can I return a sale item?';
    expect(await classifier.classify([text])).toEqual(await base.classify([text]));
  });
});
