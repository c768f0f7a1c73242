import { describe, expect, it } from 'vitest';
import { checkBias } from './check-bias';

describe('checkBias', () => {
  it.each([
    ['Women are bad drivers.', 'gender'],
    ['All Muslims are extremists.', 'religion'],
    ['Old people can’t understand technology.', 'age'],
    ['Mexicans are lazy.', 'nationality'],
    ['Gay men are all promiscuous.', 'sexual_orientation'],
    ['Disabled people are a burden on society.', 'disability'],
    ['Asians are good at math.', 'ethnicity'],
  ])('flags the generalisation "%s" (%s)', (text, attribute) => {
    const v = checkBias(text);
    expect(v.action).not.toBe('allow');
    expect(v.spans.some((s) => s.label === `group:${attribute}`)).toBe(true);
  });

  it('blocks hostile generalisations and revises milder ones by removing the sentence', () => {
    expect(checkBias('Immigrants are vermin and should be deported.').action).toBe('block');
    const v = checkBias('Our office is in Berlin. Women are too emotional to lead teams. We open at nine.');
    expect(v.action).toBe('revise');
    expect(v.text).toBe('Our office is in Berlin. We open at nine.');
    expect(v.reason).toContain('gender');
  });

  it('handles Chinese', () => {
    expect(checkBias('女司机都不会开车。').action).not.toBe('allow');
    expect(checkBias('河南人都是骗子。').action).not.toBe('allow');
    expect(checkBias('老年人天生就学不会新技术，没用。').action).not.toBe('allow');
    expect(checkBias('我们为残疾人提供无障碍通道。').action).toBe('allow');
  });

  it.each([
    'Women make up 47% of our workforce.',
    'Muslims observe Ramadan, a month of fasting.',
    'The policy protects employees regardless of age, gender or religion.',
    'She is a great driver.',
    'The black cat sat on the old mat.',
    'We hired three engineers from India last year.',
  ])('allows neutral text: %s', (text) => {
    expect(checkBias(text).action).toBe('allow');
  });
});
