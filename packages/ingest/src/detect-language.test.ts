import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language';

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
