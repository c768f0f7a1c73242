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

  it('scores an all-Latin sentence only when it holds a Latin word of the question whole', () => {
    const grams = chineseQuestionGrams('RAG 有什么好处？');
    // "characters" holds r, a and g, and the bigram "ra": none of it is the word RAG.
    expect(chineseOverlap(grams, 'Passwords must be at least 14 characters long.')).toBe(0);
    expect(chineseOverlap(grams, 'RAG reduces invented facts.')).toBeGreaterThan(0);
    // In Chinese text letters still count one by one, as before.
    expect(chineseOverlap(grams, 'RAG可以减少编造事实的情况。')).toBeGreaterThan(0);
  });

  it('matches a Simplified question to a Traditional sentence as to its Simplified form', () => {
    const grams = chineseQuestionGrams('删除的笔记能恢复吗');
    const traditional = chineseOverlap(grams, '刪除的筆記會在回收站保留30天。');
    expect(traditional).toBe(chineseOverlap(grams, '删除的笔记会在回收站保留30天。'));
    expect(traditional).toBeGreaterThan(0.5);
  });

  it('drops the noun a question word takes ("什么时候", "多少钱"): the answer states a date or an amount', () => {
    const when = chineseQuestionGrams('报销的钱什么时候打给我');
    expect(when.chars.has('时')).toBe(false);
    expect(when.bigrams.has('时候')).toBe(false);
    expect(chineseQuestionGrams('运费多少钱').chars.has('钱')).toBe(false);
  });

  it("reads a customer's numerals and spoken forms as the documents write them", () => {
    const grams = chineseQuestionGrams('车库临时停车过了一个钟头以后怎么收');
    const answer = chineseOverlap(grams, '临时停车：首1小时免费，之后每小时5元。');
    // The customer's 一个钟头 is the document's 1小时, which a sentence about another span lacks.
    expect(answer).toBeGreaterThan(chineseOverlap(grams, '临时停车：首一刻免费，之后每刻5元。'));
    const broadband = chineseQuestionGrams('三百兆的宽带一个月多少钱');
    expect(chineseOverlap(broadband, '畅享300：300M宽带，每月89元。')).toBeGreaterThan(
      chineseOverlap(broadband, '畅享500：500M宽带，每月129元。'),
    );
  });

  it('drops question words before numerals are written, so "哪一" leaves no digit to match', () => {
    const grams = chineseQuestionGrams('哪一个套餐最便宜');
    expect(grams.chars.has('1')).toBe(false);
    expect(chineseOverlap(grams, '基础套餐最便宜，每月29元。')).toBeGreaterThan(
      chineseOverlap(grams, '1个套餐只能绑定1张卡。'),
    );
  });

  it('reads full-width digits as ASCII ones, as input methods type them', () => {
    const grams = chineseQuestionGrams('３００兆的宽带多少钱');
    expect(chineseOverlap(grams, '300M宽带每月89元。')).toBeGreaterThan(
      chineseOverlap(grams, '500M宽带每月129元。'),
    );
  });

  it('scores a sentence whose only Chinese is a unit the written form turns into letters', () => {
    // "Pro: 300兆" is Chinese text; its written form "pro: 300m" has no Han left (review).
    expect(chineseOverlap(chineseQuestionGrams('三百兆的宽带多少钱'), 'Pro: 300兆')).toBeGreaterThan(0);
  });

  it('ends a Latin word of the question where Han begins', () => {
    expect(chineseQuestionGrams('vpn能用吗').words).toEqual(['vpn']);
    expect(chineseOverlap(chineseQuestionGrams('vpn能用吗'), 'The VPN works from home.')).toBeGreaterThan(0);
  });

  it('lets an all-Latin sentence in on the words the customer typed, not on digits of written numerals', () => {
    // "一个月" is written "1个月"; its "1" is no word the question typed (review).
    expect(chineseOverlap(chineseQuestionGrams('一个月多少钱'), 'Step 1: open the settings page.')).toBe(0);
  });
});
