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

describe('lexicalTerms: one term for a dimension and its adjective', () => {
  it('reads "length" and "long", "minimum" and "at least" alike, on both sides', () => {
    expect(lexicalTerms("what's the minimum password length")).toEqual(['minimum', 'password', 'length']);
    expect(lexicalTerms('at least 14 characters long')).toEqual(['minimum', '14', 'charact', 'length']);
    // Not "least" alone, nor "min" (minutes as often as minimum): review.
    expect(lexicalTerms('the least expensive plan, 45 min')).toEqual([
      'least',
      'expens',
      'plan',
      '45',
      'min',
    ]);
    expect(lexicalTerms('How tall and how heavy is it?')).toEqual(['height', 'weight']);
  });
});

describe('lexicalTerms: forms of one word the stemmer keeps apart (issue #15)', () => {
  it('reads irregular verb forms as their base', () => {
    expect(lexicalTerms('I lost my phone')).toEqual(lexicalTerms('lose phone'));
    expect(lexicalTerms('paid twice')).toEqual(lexicalTerms('pay twice'));
    expect(lexicalTerms('adding a user')).toEqual(lexicalTerms('add user'));
    // An ambiguous form, or a form of a stop word ("made by"), stays itself.
    expect(lexicalTerms('left')).toEqual(['left']);
    expect(lexicalTerms('made')).toEqual(['made']);
  });

  it('joins "e-mail" and "wi-fi" but not longer hyphenated words', () => {
    expect(lexicalTerms('e-mails')).toEqual(lexicalTerms('emails'));
    expect(lexicalTerms('wi-fi')).toEqual(lexicalTerms('wifi'));
    expect(lexicalTerms('in-store pickup')).toEqual(['store', 'pickup']);
  });
});

describe('lexicalTerms: review of the word-forms round', () => {
  it('leaves ambiguous forms and other hyphenated letters alone', () => {
    expect(lexicalTerms('MET Office')).toEqual(['met', 'offic']);
    expect(lexicalTerms('I am broke')).toEqual(['broke']);
    expect(lexicalTerms('EU-US transfers')).toEqual(lexicalTerms('EU US transfers'));
    expect(lexicalTerms('Q-and-A session')).toEqual(lexicalTerms('Q and A session'));
    expect(lexicalTerms('p-value')).toEqual(lexicalTerms('p value'));
  });
});
