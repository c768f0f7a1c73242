import { describe, expect, it } from 'vitest';
import { lexicalTerms } from './lexical-terms';

describe('lexicalTerms', () => {
  it('stems English, drops stop words, and makes Chinese bigrams', () => {
    expect(lexicalTerms('What are the running costs?')).toEqual(['run', 'cost']);
    expect(lexicalTerms('语言模型')).toEqual(['语言', '言模', '模型']);
  });
});

describe('lexicalTerms: one term for a dimension and its adjective', () => {
  it('reads "length" and "long", "minimum" and "least" alike, on both sides', () => {
    expect(lexicalTerms("what's the minimum password length")).toEqual(['least', 'password', 'length']);
    expect(lexicalTerms('at least 14 characters long')).toEqual(['least', '14', 'charact', 'length']);
    expect(lexicalTerms('How tall and how heavy is it?')).toEqual(['height', 'weight']);
  });
});
