import { describe, expect, it } from 'vitest';
import { chineseOverlap, chineseQuestionGrams } from './chinese-overlap';

describe('chineseOverlap', () => {
  it('ignores question words, so a sentence with every content word scores 1', () => {
    const grams = chineseQuestionGrams('《战国无双3》是由哪两个公司合作开发的？');
    expect(grams.chars.has('哪')).toBe(false);
    expect(chineseOverlap(grams, '《战国无双3》是由两个公司合作开发的作品。')).toBe(1);
  });

  it('gives partial credit for a paraphrase and none for an unrelated sentence', () => {
    const grams = chineseQuestionGrams('游戏什么时候发售？');
    const paraphrase = chineseOverlap(grams, '本游戏于2009年上市销售。');
    expect(paraphrase).toBeGreaterThan(0);
    expect(paraphrase).toBeLessThan(1);
    expect(chineseOverlap(grams, '天气很好。')).toBe(0);
  });

  it('matches a Latin or digit run of the question as a whole word, not letter by letter', () => {
    const grams = chineseQuestionGrams('RAG 有什么好处？');
    expect(grams.chars.has('rag')).toBe(true);
    expect(grams.chars.has('r')).toBe(false);
    // "characters" holds r, a and g, and the bigram "ra": none of it is the word RAG.
    expect(chineseOverlap(grams, 'Passwords must be at least 14 characters long.')).toBe(0);
    expect(chineseOverlap(grams, 'RAG可以减少编造事实的情况。')).toBeGreaterThan(0);
    expect(chineseOverlap(chineseQuestionGrams('2018年发生了什么？'), '该事件发生于2018年。')).toBe(1);
    expect(chineseOverlap(chineseQuestionGrams('2018年发生了什么？'), '该事件发生于12018年。')).toBeLessThan(1);
  });
});
