import { describe, expect, it } from 'vitest';
import { checkGroundedness } from './check-groundedness';
import { createHeuristicEntailmentScorer, supportSignals } from './heuristic-scorer';

const sources = [
  {
    number: 1,
    text: 'The Model X200 router ships with a two-year limited warranty. The warranty covers hardware defects but not water damage.',
  },
  {
    number: 2,
    text: 'Support is available Monday to Friday from 9:00 to 17:00 CET. Orders above 50 euros ship free.',
  },
];

describe('heuristic entailment scorer', () => {
  const scorer = createHeuristicEntailmentScorer();

  it('scores a paraphrase above a sentence with a wrong number', async () => {
    const [good, bad] = await scorer.score([
      { premise: sources[0]!.text, hypothesis: 'The X200 router has a two-year limited warranty.' },
      { premise: sources[1]!.text, hypothesis: 'Orders above 80 euros ship free.' },
    ]);
    expect(good).toBeGreaterThan(0.5);
    expect(bad).toBeLessThan(0.2);
    expect(
      supportSignals({ premise: sources[1]!.text, hypothesis: 'Orders above 80 euros ship free.' })
        .missingNumbers,
    ).toEqual(['80']);
  });

  it('notices a dropped negation and an invented name', async () => {
    const [neg, name] = await scorer.score([
      { premise: sources[0]!.text, hypothesis: 'The warranty covers water damage.' },
      { premise: sources[0]!.text, hypothesis: 'The X200 router was designed by Siemens.' },
    ]);
    expect(neg).toBeLessThan(0.5);
    expect(name).toBeLessThan(0.5);
    expect(
      await scorer.explain!({ premise: sources[0]!.text, hypothesis: 'The warranty covers water damage.' }),
    ).toContain('negation');
  });

  it('handles Chinese with bigrams and Chinese numerals', async () => {
    const premise = '该路由器提供两年有限保修，保修范围包括硬件故障。';
    const [ok, wrong] = await scorer.score([
      { premise, hypothesis: '这款路由器提供两年保修。' },
      { premise, hypothesis: '这款路由器提供五年保修。' },
    ]);
    expect(ok).toBeGreaterThan(0.5);
    expect(wrong).toBeLessThan(0.5);
  });

  it('uses an injected similarity function', async () => {
    const calls: string[][] = [];
    const withSim = createHeuristicEntailmentScorer({
      similarity: async (_a, b) => {
        calls.push(b);
        return b.map(() => 0.95);
      },
    });
    const lowSim = createHeuristicEntailmentScorer({ similarity: async (_a, b) => b.map(() => 0) });
    const pair = { premise: sources[0]!.text, hypothesis: 'The router comes with a limited warranty.' };
    const [hi] = await withSim.score([pair]);
    const [lo] = await lowSim.score([pair]);
    expect(calls[0]).toHaveLength(2); // one entry per premise sentence
    expect(hi).toBeGreaterThan(lo!);
    expect(withSim.id).toContain('similarity');
  });
});

describe('checkGroundedness', () => {
  const answer =
    'Here is what I found. The X200 router has a two-year limited warranty [1]. Support is open Monday to Friday from 9:00 to 17:00 CET [2]. The warranty lasts 5 years [1].';

  it('judges each sentence, names the supporting source and removes unsupported ones', async () => {
    const r = await checkGroundedness(answer, sources);
    expect(r.sentences.map((s) => s.supported)).toEqual([true, true, true, false]);
    expect(r.sentences[1]!.source).toBe(1);
    expect(r.sentences[2]!.source).toBe(2);
    expect(r.sentences[3]!.reason).toContain('numbers not in source: 5');
    expect(r.verdict.action).toBe('revise');
    expect(r.verdict.text).not.toContain('5 years');
    expect(r.verdict.text).toContain('two-year');
    expect(answer.slice(r.verdict.spans[0]!.start, r.verdict.spans[0]!.end)).toBe(
      'The warranty lasts 5 years [1].',
    );
  });

  it('hedges or abstains by policy', async () => {
    const hedged = await checkGroundedness(answer, sources, { policy: 'hedge' });
    expect(hedged.verdict.text).toContain(
      'The sources do not confirm this, but possibly: the warranty lasts 5 years',
    );
    const abstained = await checkGroundedness(answer, sources, {
      policy: 'abstain',
      abstainMessage: 'No answer.',
    });
    expect(abstained.verdict.action).toBe('block');
    expect(abstained.verdict.text).toBe('No answer.');
  });

  it('flags a miscitation that another source supports', async () => {
    const r = await checkGroundedness(
      'Support is open Monday to Friday from 9:00 to 17:00 CET [1].',
      sources,
    );
    expect(r.sentences[0]!.supported).toBe(true);
    expect(r.sentences[0]!.miscited).toBe(true);
    expect(r.sentences[0]!.reason).toContain('not by the cited [1]');
  });

  it('takes a sentence quoted word for word from a source as grounded there, whatever the scorer says', async () => {
    // A scorer that supports nothing: only the quote check can let a sentence through.
    const never = { id: 'never', score: async (pairs: readonly unknown[]) => pairs.map(() => 0) };
    const r = await checkGroundedness(
      'The warranty covers hardware defects but not water damage. [1] Orders above 50 euros ship free. [1]',
      sources,
      { scorer: never },
    );
    expect(r.sentences[0]).toMatchObject({ supported: true, score: 1, source: 1, miscited: false });
    expect(r.sentences[0]!.reason).toBe('quoted from [1]');
    expect(r.sentences[1]).toMatchObject({ supported: true, source: 2, miscited: true });
    // Not a quote (a word changed): the scorer decides.
    const changed = await checkGroundedness('The warranty covers water damage. [1]', sources, {
      scorer: never,
    });
    expect(changed.sentences[0]!.supported).toBe(false);
  });

  it('takes only whole sentences as quotes, never a part of one', async () => {
    const never = { id: 'never', score: async (pairs: readonly unknown[]) => pairs.map(() => 0) };
    const policy = [
      {
        number: 1,
        text: 'Refunds and cancellation\nNo refunds are given for opened software. The annual cap is $1.5 million per claim. Refunds are not available after 30 days.\n本产品不支持退款。\nReturns are accepted\nwithin 30 days of delivery.\n根据公司规定，已拆封的软件不\n支持退款。\nAll plans include free phone support\n(except the Basic plan).\nNever share your password!\niOS users sign in with Face ID.\nRefunds are available for all items:\nexcept opened software.\nAnnual plans include phone support;\nthe Basic plan does not.',
      },
    ];
    for (const part of [
      'refunds are given for opened software. [1]',
      'The annual cap is $1. [1]',
      'available after 30 days. [1]',
      '支持退款。[1]',
      // A line of a wrapped sentence is no sentence either.
      'Returns are accepted [1]',
      'within 30 days of delivery. [1]',
      // The same in Chinese, and a wrap that opens with a bracket (second review).
      '支持退款。[1]',
      'All plans include free phone support. [1]',
      // A line that ends in ':', ';' or 'etc.' above a lower-case line is open too (third review).
      'Refunds are available for all items: [1]',
      'Annual plans include phone support; [1]',
    ]) {
      const r = await checkGroundedness(part, policy, { scorer: never });
      expect(r.sentences[0]?.supported, part).toBe(false);
    }
    // Whole sentences, one or two in a row, are quotes; so is the one under the heading line.
    for (const whole of [
      'The annual cap is $1.5 million per claim. [1]',
      'No refunds are given for opened software. The annual cap is $1.5 million per claim. [1]',
      '本产品不支持退款。[1]',
      'Returns are accepted within 30 days of delivery. [1]',
      'Never share your password! [1]',
      'iOS users sign in with Face ID. [1]',
    ]) {
      const r = await checkGroundedness(whole, policy, { scorer: never });
      expect(
        r.sentences.every((v) => v.supported),
        whole,
      ).toBe(true);
    }
  });

  it('checks table rows quoted as answers one by one, not run together into one claim', async () => {
    const prices = {
      number: 1,
      text: 'Repair | Headphones | Speakers\nRepair: Battery replacement; Headphones: $49; Speakers: $69\nRepair: Charging port; Headphones: $35; Speakers: $45',
    };
    const cover = {
      number: 2,
      text: 'What the warranty covers\nA battery that holds less than 70% of its rated capacity.',
    };
    const r = await checkGroundedness(
      'Repair: Battery replacement; Headphones: $49; Speakers: $69 [1] Repair: Charging port; Headphones: $35; Speakers: $45 [1] A battery that holds less than 70% of its rated capacity. [2]',
      [prices, cover],
    );
    expect(r.sentences).toHaveLength(3);
    expect(r.verdict.action).toBe('allow');
  });

  it('allows a fully supported answer and fails everything without sources', async () => {
    const ok = await checkGroundedness('The warranty covers hardware defects [1].', sources);
    expect(ok.verdict.action).toBe('allow');
    const none = await checkGroundedness('The warranty covers hardware defects.', []);
    expect(none.sentences[0]!.supported).toBe(false);
  });
});
