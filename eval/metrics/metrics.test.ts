import { describe, expect, it } from 'vitest';
import { corpusBleu, tokenize13a, tokenizeZh } from './bleu';
import { corpusChrf } from './chrf';
import { lcsLength, meanRouge, rouge, rougeTokenize } from './rouge';

describe('ROUGE', () => {
  const ref = 'the cat was under the bed';
  const cand = 'the cat was found under the bed';
  it('computes ROUGE-1/2/L F1 on a hand-checked pair', () => {
    const s = rouge(cand, ref, { stem: false });
    // unigrams: 6 of 7 candidate tokens match, all 6 reference tokens are covered.
    expect(s.rouge1.precision).toBeCloseTo(6 / 7, 10);
    expect(s.rouge1.recall).toBeCloseTo(1, 10);
    expect(s.rouge1.f1).toBeCloseTo((2 * (6 / 7)) / (6 / 7 + 1), 10);
    // bigrams: 4 shared of 6 candidate and 5 reference bigrams.
    expect(s.rouge2.f1).toBeCloseTo((2 * (4 / 6) * (4 / 5)) / (4 / 6 + 4 / 5), 10);
    // LCS is 6 tokens long.
    expect(s.rougeL.f1).toBeCloseTo(s.rouge1.f1, 10);
  });
  it('differs between ROUGE-1 and ROUGE-L when order changes', () => {
    const s = rouge('bed the under was cat the', ref, { stem: false });
    expect(s.rouge1.f1).toBeCloseTo(1, 10);
    // LCS is "the under the": 3 of 6 tokens.
    expect(s.rougeL.f1).toBeCloseTo(0.5, 10);
    expect(s.rouge2.f1).toBe(0);
  });
  it('stems and tokenizes, with one token per CJK character', () => {
    expect(rougeTokenize('Running runners, RAN!')).toEqual(['run', 'runner', 'ran']);
    expect(rougeTokenize('我爱 NLP', false)).toEqual(['我', '爱', 'nlp']);
    expect(lcsLength(['a', 'b', 'c', 'd'], ['b', 'd', 'a'])).toBe(2);
    expect(rouge('', ref).rouge1.f1).toBe(0);
  });
  it('averages F1 over pairs', () => {
    const m = meanRouge([
      { candidate: ref, reference: ref },
      { candidate: 'dog', reference: ref },
    ]);
    expect(m.rouge1).toBeCloseTo(0.5, 10);
  });
});

describe('BLEU', () => {
  // The worked example from sacreBLEU's README: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943).
  const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
  const refs = [
    ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
  ];
  it('matches sacreBLEU on its documented example', () => {
    const b = corpusBleu(sys, refs);
    expect(b.score).toBeCloseTo(48.53, 2);
    expect(b.precisions.map((p) => Number(p.toFixed(1)))).toEqual([82.4, 50.0, 45.5, 37.5]);
    expect(b.brevityPenalty).toBeCloseTo(0.943, 3);
    expect([b.hypLength, b.refLength]).toEqual([17, 18]);
  });
  it('is 100 for identical text and smoothed (not zero) without 4-gram matches', () => {
    expect(corpusBleu(['a b c d e'], [['a b c d e']]).score).toBeCloseTo(100, 10);
    const s = corpusBleu(['a b c x e'], [['a b c d e']]);
    expect(s.score).toBeGreaterThan(0);
    expect(corpusBleu(['a b c x e'], [['a b c d e']], { smooth: 'none' }).score).toBe(0);
  });
  it('tokenizes like 13a and splits Chinese into characters', () => {
    expect(tokenize13a('Hello, world! It costs $3.50 (approx.)')).toBe(
      'Hello , world ! It costs $ 3.50 ( approx . )',
    );
    expect(tokenizeZh('我爱北京。Hello, 2022年')).toBe('我 爱 北 京 。 Hello , 2022 年');
    const zh = corpusBleu(['我爱北京天安门'], [['我爱北京天安门']], { tokenize: 'zh' });
    expect(zh.hypLength).toBe(7);
    expect(zh.score).toBeCloseTo(100, 10);
  });
});

describe('chrF', () => {
  it('matches sacreBLEU on its documented example (chrF2 = 59.73)', () => {
    const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    const refs = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    expect(corpusChrf(sys, refs)).toBeCloseTo(59.73, 2);
  });
  it('is 100 for identical text, 0 for disjoint text, ignores whitespace', () => {
    expect(corpusChrf(['abc def'], [['abcdef']])).toBeCloseTo(100, 10);
    expect(corpusChrf(['xyz'], [['abc']])).toBe(0);
  });
});

describe('clustering measures', () => {
  it('scores a perfect clustering 1 and a single blob low', async () => {
    const { adjustedRandIndex, inversePurity, purity } = await import('./clustering');
    const labels = ['a', 'a', 'b', 'b', 'c', 'c'];
    expect(purity(labels, [0, 0, 1, 1, 2, 2])).toBe(1);
    expect(adjustedRandIndex(labels, [5, 5, 7, 7, 9, 9])).toBeCloseTo(1, 10);
    expect(purity(labels, [0, 0, 0, 0, 0, 0])).toBeCloseTo(2 / 6, 10);
    expect(inversePurity(labels, [0, 0, 0, 0, 0, 0])).toBe(1);
    expect(adjustedRandIndex(labels, [0, 0, 0, 0, 0, 0])).toBe(0);
    // Each item alone: pure, but every group split.
    expect(purity(labels, [0, 1, 2, 3, 4, 5])).toBe(1);
    expect(inversePurity(labels, [0, 1, 2, 3, 4, 5])).toBeCloseTo(0.5, 10);
  });

  it('matches a hand-computed adjusted Rand index', async () => {
    const { adjustedRandIndex } = await import('./clustering');
    // Contingency [[2,1],[0,2]]: index C(2,2)+C(2,2) = 2, cluster pairs 3+1 = 4, group pairs
    // 1+3 = 4, 10 pairs in all: expected 4*4/10 = 1.6, max 4, ARI = (2-1.6)/(4-1.6) = 1/6.
    expect(adjustedRandIndex(['a', 'a', 'b', 'b', 'b'], [0, 0, 0, 1, 1])).toBeCloseTo(1 / 6, 10);
  });
});
