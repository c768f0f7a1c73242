import { describe, expect, it } from 'vitest';
import { createTokenizer, lightStem } from './tokenize';

describe('createTokenizer', () => {
  it('lowercases English, drops stop words and stems with Porter', () => {
    const tokens = createTokenizer()('The Cells were BINDING to the receptors, quickly.');
    expect(tokens).toEqual(['cell', 'bind', 'receptor', 'quickli']);
    // Porter conflates derivations the light stemmer keeps apart.
    const porter = createTokenizer();
    expect(porter('inhibition')).toEqual(porter('inhibits'));
    const light = createTokenizer({ stem: 'light' });
    expect(light('inhibition')).not.toEqual(light('inhibits'));
    expect(light('The Cells were BINDING quickly')).toEqual(['cell', 'bind', 'quick']);
  });

  it('leaves tokens with digits unstemmed', () => {
    expect(createTokenizer()('p53s studies')).toEqual(['p53s', 'studi']);
  });

  it('keeps stop words and surface forms when asked', () => {
    const tokens = createTokenizer({ stopWords: false, stem: 'none' })('The cells');
    expect(tokens).toEqual(['the', 'cells']);
  });

  it('keeps numbers and splits hyphenated words', () => {
    expect(createTokenizer()('IL-6 levels in 2019')).toEqual(['il', '6', 'level', '2019']);
  });

  it('makes Han character bigrams in bigram mode, English words alongside', () => {
    expect(createTokenizer({ chinese: 'bigram' })('大语言模型 GPT')).toEqual([
      '大语',
      '语言',
      '言模',
      '模型',
      'gpt',
    ]);
    expect(createTokenizer({ chinese: 'bigram' })('书')).toEqual(['书']);
  });

  it('segments Chinese into words with Intl.Segmenter by default', () => {
    const tokens = createTokenizer()('我们喜欢大语言模型。');
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe('我们喜欢大语言模型');
    expect(tokens).not.toContain('。');
  });

  it('stems conservatively', () => {
    expect(lightStem('studies')).toBe('study');
    expect(lightStem('analysis')).toBe('analysis');
    expect(lightStem('class')).toBe('class');
    expect(lightStem('p53s')).toBe('p53s');
  });

  it('ends a Latin word where Chinese begins, so mixed text matches its parts', () => {
    const tokens = createTokenizer()('Pro方案多少钱');
    expect(tokens[0]).toBe('pro');
    expect(tokens).toContain('方案');
    expect(createTokenizer({ chinese: 'bigram' })('VPN端口')).toEqual(['vpn', '端口']);
  });

  it('indexes Traditional and Simplified forms of a word as one term', () => {
    const tokenize = createTokenizer({ chinese: 'bigram' });
    expect(tokenize('方案與價格')).toEqual(tokenize('方案与价格'));
  });
});
