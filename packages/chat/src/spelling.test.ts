import { loadWordList } from '@grounded/llm';
import { describe, expect, it } from 'vitest';
import { createSpellingCorrector, editDistance } from './spelling';

const sources = [
  'Every new account starts with a 30-day free trial of the Team plan.',
  'Shipping is free on orders over $50. Reset your password at the portal.',
  'Annual plans are refunded pro rata; see the refund policy.',
];

describe('spelling correction', () => {
  const corrector = createSpellingCorrector({ isWord: loadWordList() });

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('pasword', 'password', 1)).toBe(1);
    expect(editDistance('plocy', 'policy', 2)).toBe(2);
    expect(editDistance('refnud', 'refund', 1)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('corrects typos and chat shorthand to the words of the sources', () => {
    expect(corrector.correct('How do I reset my pasword?', sources)).toEqual({
      text: 'How do I reset my password?',
      corrections: [{ from: 'pasword', to: 'password' }],
    });
    expect(corrector.correct('whats ur refnud policy', sources).text).toBe("what's your refund policy");
    expect(corrector.correct('Shiping costs?', sources).text).toBe('Shipping costs?');
  });

  it('leaves alone words of the sources, English words, short words, names and unknown words', () => {
    // "trail" is English: a question about trails is not one about the trial.
    for (const question of [
      'How long is the free trail?',
      'Is the Team plan free?',
      'Can I pay with PayPal?',
      'Does the xq9 adapter fit?',
      'Can U ship to IM?',
    ])
      expect(corrector.correct(question, sources)).toEqual({ text: question, corrections: [] });
  });

  it('corrects nothing when two source words are equally near', () => {
    expect(createSpellingCorrector().correct('are the cots', ['cats', 'cuts']).corrections).toEqual([]);
    expect(createSpellingCorrector().correct('are the cots', ['cats', 'cats', 'cuts']).text).toBe(
      'are the cats',
    );
  });
});

describe('spelling correction leaves alone (review)', () => {
  const corrector = createSpellingCorrector({ isWord: loadWordList() });
  const texts = ['Kate approves the Same-day requests.', 'The tiendas and usuario pages list every store.'];

  it('acronyms, names inside the sentence, hyphenated parts and non-English questions', () => {
    for (const question of [
      'Does the Team plan include SAML?',
      'Who is Katie?',
      'Can I make a u-turn?',
      '¿Cuántas tiendas tienen?',
      'tienda usuarios horario',
    ])
      expect(corrector.correct(question, texts)).toEqual({ text: question, corrections: [] });
  });

  it('looks up a bounded number of words, however long the question', () => {
    // A long pasted text of unknown words against a large vocabulary blocked for seconds.
    const words = [
      'password',
      'shipping',
      'invoice',
      'account',
      'storage',
      'customer',
      'payment',
      'delivery',
    ];
    const typos = words.map((w) => `${w.slice(0, 2)}${w.slice(3)}`);
    const out = corrector.correct(`the ${typos.join(' the ')}`, [words.join(' ')]);
    expect(out.corrections.map((c) => c.to)).toEqual(words.slice(0, 6));
  });
});
