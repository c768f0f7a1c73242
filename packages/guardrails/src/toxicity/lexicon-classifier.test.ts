import { describe, expect, it } from 'vitest';
import { describeSafetyClassifierConformance } from '../testing/safety-classifier-conformance';
import { checkToxicity } from './check-toxicity';
import { createLexiconSafetyClassifier } from './lexicon-classifier';

describeSafetyClassifierConformance('lexicon', { create: async () => createLexiconSafetyClassifier() });
describeSafetyClassifierConformance('lexicon with extra terms', {
  create: async () =>
    createLexiconSafetyClassifier({ extraTerms: [{ term: 'parcel', category: 'insult', weight: 0.4 }] }),
});

const clf = createLexiconSafetyClassifier();
const scores = async (t: string) => (await clf.classify([t]))[0]!.scores;

describe('lexicon safety classifier', () => {
  it('scores insults aimed at the reader higher than undirected ones', async () => {
    const directed = await scores('you are a stupid idiot');
    expect(directed.insult).toBeGreaterThanOrEqual(0.5);
    expect(directed.toxicity).toBeGreaterThanOrEqual(directed.insult);
    const plain = await scores('that movie was stupid');
    expect(plain.insult).toBeLessThan(directed.insult);
  });

  it('catches masked and stretched profanity', async () => {
    expect((await scores('what the f*ck is this')).toxicity).toBeGreaterThanOrEqual(0.5);
    expect((await scores('you are sh1t')).toxicity).toBeGreaterThanOrEqual(0.5);
    expect((await scores('fuuuuck off')).toxicity).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps profanity said of a thing, or a mild exclamation, below the refusal line but explained', async () => {
    // A customer criticising a product or service is answered, not refused (issue #19).
    for (const text of [
      'this is sh1t',
      'Absolutely pathetic service, I want to cancel',
      'Stop sending me these stupid marketing emails',
      'Your app is crap',
      'This is a damn disgrace',
    ]) {
      const [result] = await clf.classify([text]);
      expect(result!.scores.toxicity, text).toBeLessThan(0.5);
      expect(result!.spans.length, text).toBeGreaterThan(0);
    }
    // The same words aimed at a person still are.
    // Found in review of 1.1: addressed abuse next to a thing noun, and people who are not things.
    for (const text of [
      'you are pathetic',
      'you stupid idiot',
      'Your agent is a stupid moron',
      'You idiots lost my order',
      'you are a pathetic excuse for a human being',
      'this driver is an idiot',
      'the driver was a total asshole',
    ]) {
      expect((await scores(text)).toxicity, text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('scores threats and group hate', async () => {
    expect((await scores("I'll kill you if you come back")).threat).toBeGreaterThanOrEqual(0.5);
    expect((await scores('Immigrants are vermin and should be deported.')).hate).toBeGreaterThanOrEqual(0.5);
  });

  it('handles Chinese', async () => {
    expect((await scores('你这个傻逼')).insult).toBeGreaterThanOrEqual(0.5);
    expect((await scores('我要弄死你')).threat).toBeGreaterThanOrEqual(0.5);
    expect((await scores('今天天气很好，我们去公园吧。')).toxicity).toBe(0);
  });

  it.each([
    'How do I kill a Linux process that hangs?',
    'Please classify the garbage by type before recycling.',
    'The Scunthorpe office opens at nine.',
    'Our assessment of the class was positive.',
    '垃圾分类的规定是什么？',
  ])('leaves benign text alone: %s', async (t) => {
    expect((await scores(t)).toxicity).toBeLessThan(0.5);
  });

  it('accepts extra terms', async () => {
    const custom = createLexiconSafetyClassifier({
      extraTerms: [{ term: 'blorf', category: 'insult', weight: 0.9 }],
    });
    const [r] = await custom.classify(['you blorf']);
    expect(r!.scores.insult).toBeGreaterThanOrEqual(0.9);
    expect(r!.spans[0]).toMatchObject({ start: 4, end: 9, label: 'insult' });
  });
});

describe('checkToxicity', () => {
  it('blocks over threshold with a reason and spans, and respects per-category thresholds', async () => {
    const v = await checkToxicity('you are a moron', clf);
    expect(v.action).toBe('block');
    expect(v.reason).toContain('insult');
    expect(v.version).toContain('lexicon@');
    expect(v.spans.length).toBeGreaterThan(0);
    const lenient = await checkToxicity('you are a moron', clf, { insult: 0.99, toxicity: 0.99 });
    expect(lenient.action).toBe('allow');
  });
});
