import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language';
import { estimateTokens } from './estimate-tokens';
import { splitSentences } from './split-sentences';

function expectExactSpans(text: string, language?: string) {
  const sentences = splitSentences(text, language);
  for (const s of sentences) {
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(s.text).toBe(s.text.trim());
    expect(s.text.length).toBeGreaterThan(0);
  }
  return sentences.map((s) => s.text);
}

describe('splitSentences', () => {
  it('splits Chinese at 。！？ and ；', () => {
    const text = '大语言模型是一种人工智能模型。它能回答问题吗？当然能！但它也会出错；所以需要引用来源。';
    expect(expectExactSpans(text, 'zh')).toEqual([
      '大语言模型是一种人工智能模型。',
      '它能回答问题吗？',
      '当然能！',
      '但它也会出错；',
      '所以需要引用来源。',
    ]);
  });

  it('keeps closing quotes with the Chinese sentence they end', () => {
    const text = '他说：“我们明天出发。”然后离开了。';
    expect(expectExactSpans(text, 'zh')).toEqual(['他说：“我们明天出发。”', '然后离开了。']);
  });

  it('splits English without breaking after common abbreviations and initials', () => {
    const text =
      '  Dr. Smith met J. Doe at 9 a.m. on Monday. They discussed e.g. budgets!  Was it useful? Yes.';
    expect(expectExactSpans(text, 'en')).toEqual([
      'Dr. Smith met J. Doe at 9 a.m. on Monday.',
      'They discussed e.g. budgets!',
      'Was it useful?',
      'Yes.',
    ]);
  });

  it('ends a sentence at a line break and handles mixed scripts', () => {
    const text = 'Row one: value\nRow two: value\n\n中文句子。English sentence.';
    expect(expectExactSpans(text)).toEqual([
      'Row one: value',
      'Row two: value',
      '中文句子。',
      'English sentence.',
    ]);
  });

  it('never joins across a line break, even after an abbreviation', () => {
    expect(expectExactSpans('Ask Dr.\nSmith knows.')).toEqual(['Ask Dr.', 'Smith knows.']);
  });

  it('splits a very long single line the same way as short pieces, quickly', () => {
    const sentences = Array.from({ length: 3000 }, (_, i) => `Sentence number ${i} is here.`);
    const text = sentences.join(' ');
    const started = performance.now();
    expect(expectExactSpans(text)).toEqual(sentences);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});

describe('detectLanguage (heuristic)', () => {
  it('says zh when CJK ideographs dominate, even with some English terms', () => {
    expect(detectLanguage('大语言模型（LLM）可以通过 RAG 技术引用企业文档来回答问题。')).toBe('zh');
  });
  it('says en for English and und without letters', () => {
    expect(detectLanguage('The quick brown fox jumps over the lazy dog and the cat.')).toBe('en');
    expect(detectLanguage('12345 678 — ++')).toBe('und');
  });
  it('recognises German function words', () => {
    expect(
      detectLanguage(
        'Die Topologie ist ein Teilgebiet der Mathematik und das ist nicht schwer mit den Beispielen.',
      ),
    ).toBe('de');
  });
});

describe('estimateTokens', () => {
  it('counts words for Latin text and one per CJK character', () => {
    expect(estimateTokens('Hello world again')).toBe(3);
    expect(estimateTokens('大语言模型')).toBe(5);
    expect(estimateTokens('RAG模型 works.')).toBe(5); // RAG, 模, 型, works, .
    expect(estimateTokens('')).toBe(0);
  });
});
