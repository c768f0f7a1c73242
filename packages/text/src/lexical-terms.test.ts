import { describe, expect, it } from 'vitest';
import { lexicalTerms } from './lexical-terms';

describe('lexicalTerms', () => {
  it('stems English, drops stop words, and makes Chinese bigrams', () => {
    expect(lexicalTerms('What are the running costs?')).toEqual(['run', 'cost']);
    expect(lexicalTerms('语言模型')).toEqual(['语言', '言模', '模型']);
  });

  it('ends a Latin word where Chinese begins ("AI摘要" is "ai" and "摘要")', () => {
    expect(lexicalTerms('AI摘要')).toEqual(['ai', '摘要']);
    expect(lexicalTerms("OA系统 it's")).toEqual(['oa', '系统']);
  });
});
