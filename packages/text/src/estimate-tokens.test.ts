import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens';

describe('estimateTokens', () => {
  it('counts words for Latin text and one per CJK character', () => {
    expect(estimateTokens('Hello world again')).toBe(3);
    expect(estimateTokens('大语言模型')).toBe(5);
    expect(estimateTokens('RAG模型 works.')).toBe(5); // RAG, 模, 型, works, .
    expect(estimateTokens('')).toBe(0);
  });
});

describe('estimateTokens, chars method', () => {
  it('counts about four characters per token and one per CJK character', () => {
    expect(estimateTokens('Hello world again', { method: 'chars' })).toBe(5); // ceil(17 / 4)
    expect(estimateTokens('大语言模型', { method: 'chars' })).toBe(5);
    expect(estimateTokens('RAG模型 works.', { method: 'chars' })).toBe(5); // 2 + ceil(10 / 4)
    expect(estimateTokens('', { method: 'chars' })).toBe(0);
  });
});
