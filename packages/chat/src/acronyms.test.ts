import { loadWordList } from '@grounded/llm';
import { describe, expect, it } from 'vitest';
import { expandAcronym } from './acronyms';
import { createSpellingCorrector } from './spelling';

const faq = [
  'The Enterprise plan has unlimited storage, single sign-on and a dedicated account manager.',
  'Employees receive 25 days of Paid Time Off per year. Unused paid time off rolls over.',
];

describe('acronym expansion', () => {
  it('reads an acronym the sources lack as the one run of words spelling it', () => {
    expect(expandAcronym('SSO', faq)).toBe('single sign-on');
    expect(expandAcronym('PTO', faq)).toBe('Paid Time Off');
    expect(expandAcronym('pto', faq)).toBe('Paid Time Off');
  });

  it('expands nothing the sources already write, nor two-letter forms', () => {
    expect(expandAcronym('SSO', [...faq, 'SSO is set up by your admin.'])).toBeNull();
    expect(expandAcronym('SP', ['single plan'])).toBeNull();
  });

  it('expands nothing when two different runs spell it', () => {
    expect(expandAcronym('SSO', [...faq, 'Select storage options in Settings.'])).toBeNull();
  });

  it('keeps runs inside a phrase and of content words, stop words only as hyphenated parts', () => {
    // Across a comma, across a sentence end, or through a free-standing stop word: no run.
    expect(expandAcronym('SSO', ['Pick a size, store it. Open the box.'])).toBeNull();
    expect(expandAcronym('SPT', ['Send a parcel to the depot.'])).toBeNull();
    expect(expandAcronym('SAT', ['Storage and transfer are free.'])).toBeNull();
    expect(expandAcronym('OIF', ['Use the opt-in form.'])).toBe('opt-in form');
  });
});

describe('acronyms in chat questions (through the spelling corrector)', () => {
  const corrector = createSpellingCorrector({ isWord: loadWordList() });

  it('replaces the acronym with its expansion and reports it as a correction', () => {
    expect(corrector.correct('Which plan has SSO?', faq)).toEqual({
      text: 'Which plan has single sign-on?',
      corrections: [{ from: 'SSO', to: 'single sign-on' }],
    });
    expect(corrector.correct('how much PTO do i get', faq).text).toBe('how much Paid Time Off do i get');
    expect(corrector.correct('does enterprise have sso', faq).text).toBe(
      'does enterprise have single sign-on',
    );
  });

  it('leaves alone English words, swapped stop words and acronyms with no expansion', () => {
    const sources = ['The form is the first step. Team email handling is shared.'];
    for (const question of ['Is the FREE plan enough?', 'where is teh form', 'Does it support SAML?'])
      expect(corrector.correct(question, sources)).toEqual({ text: question, corrections: [] });
  });
});

describe('acronyms (review)', () => {
  const corrector = createSpellingCorrector({ isWord: loadWordList() });

  it('expands no code, no capitalised stop word or shouted word, and no run across lines', () => {
    const sources = [
      'Open Refund Desk hours are posted. Customer Account Number is required.',
      '## Storage\nSecurity Options\nWarehouse Hotline Operators answer.',
    ];
    for (const question of [
      'where is my order ORD123456',
      'CAN I RETURN IT',
      'WHO do I call',
      'Which plan has SSO?',
    ])
      expect(corrector.correct(question, sources)).toEqual({ text: question, corrections: [] });
  });

  it('reads a lower-case word as an acronym only of a named run, and sees plurals', () => {
    expect(
      corrector.correct('how many hrs is a shift', ['Human resources staff plan shifts.']).corrections,
    ).toEqual([]);
    expect(expandAcronym('SSO', ['We support SSOs. Select Storage Options now.'])).toBeNull();
  });
});
