import { hasShared, sharedPath } from '@grounded/core';
import { createExtractiveAnswerer, createTransformersGenerator, type Generator } from '@grounded/llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanRewrite,
  createGeneratorRewriter,
  createHeuristicRewriter,
  createQueryRewriter,
  isEllipticalFollowUp,
  rewriteHeuristically,
  swapIntoPrevious,
  zhWhatAbout,
} from './query-rewrite';
import { describeQueryRewriterConformance } from './testing/query-rewriter-conformance';

const localModelPath = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');

describeQueryRewriterConformance('heuristic', {
  create: async () => createHeuristicRewriter(),
  methods: ['none', 'heuristic'],
  deterministic: true,
});

describeQueryRewriterConformance('chosen for the extractive answerer', {
  create: async () => createQueryRewriter(createExtractiveAnswerer()),
  methods: ['none', 'heuristic'],
  deterministic: true,
});

describe.skipIf(noFixtures)('needs ../shared/models/fixtures', () => {
  // stories260K writes stories, not rewrites: the suite proves the adapter's contract end to end.
  // Greedy decoding (temperature 0) makes it deterministic.
  let storyModel: Generator | undefined;
  describeQueryRewriterConformance('generator-backed (transformers.js stories260K)', {
    create: async () => {
      storyModel = await createTransformersGenerator({ model: 'local/stories260K', localModelPath });
      // Short rewrites keep the suite fast on CPU.
      return createGeneratorRewriter(storyModel, { maxTokens: 12 });
    },
    close: async () => storyModel?.close(),
    methods: ['none', 'heuristic', 'generator'],
    deterministic: true,
  });
});

// A model that fails on every call: the adapter must still answer, through its fallback.
describeQueryRewriterConformance('generator-backed, model failing', {
  create: async () =>
    createGeneratorRewriter({
      id: 'broken',
      contextWindow: 4096,
      countTokens: (text) => text.length,
      // biome-ignore lint/correctness/useYield: it fails before producing anything
      async *generate() {
        throw new Error('model crashed');
      },
      close: async () => undefined,
    }),
  methods: ['none', 'heuristic'],
  deterministic: true,
});

const history = [
  { role: 'user' as const, content: 'How long does the free trial of Acme Cloud last?' },
  { role: 'assistant' as const, content: 'The free trial lasts 30 days [1].' },
];

describe('heuristic rewrite', () => {
  it('reads a Chinese "那X呢" as the previous question asked of X, question words kept', () => {
    const user = (content: string) => [{ role: 'user' as const, content }];
    expect(isEllipticalFollowUp('那标准版呢？')).toBe(true);
    expect(rewriteHeuristically({ message: '那标准版呢', history: user('专业版最多能有多少人') }).query).toBe(
      '标准版最多能有多少人',
    );
    expect(rewriteHeuristically({ message: '那Team方案呢？', history: user('Pro方案多少钱？') }).query).toBe(
      'Team方案多少钱',
    );
    // Nothing of the same kind to swap: the thing leads the previous question whole.
    expect(rewriteHeuristically({ message: '那新疆呢', history: user('运费多少钱啊') }).query).toBe(
      '新疆 运费多少钱啊',
    );
  });

  it('leaves whole questions ending in 呢 alone, and swaps a subject for a "那X呢" place', () => {
    const user = (content: string) => [{ role: 'user' as const, content }];
    const rewrite = (message: string, previous: string) =>
      rewriteHeuristically({ message, history: user(previous) }).query;
    for (const message of [
      '那运费多少呢？',
      '怎么退货呢？',
      '年假有几天呢？',
      '那为什么呢',
      '那怎么办呢',
      '那多少钱呢',
      '那好吧，谢谢呢',
    ]) {
      expect(zhWhatAbout(message)).toBeNull();
      expect(rewrite(message, '专业版多少钱？')).toBe(message);
    }
    expect(zhWhatAbout('那么呢')).toBeNull();
    expect(zhWhatAbout('还有呢')).toBeNull();
    expect(zhWhatAbout('那个标准版呢')).toBe('标准版');
    expect(rewrite('那个标准版呢', '专业版最多能有多少人')).toBe('标准版最多能有多少人');
    expect(rewrite('那上海呢', '北京的运费是多少')).toBe('上海的运费是多少');
  });

  it('detects elliptical follow-ups: pronouns, continuations, very short questions', () => {
    expect(isEllipticalFollowUp('Does it need a credit card?')).toBe(true);
    expect(isEllipticalFollowUp('And for the Enterprise plan?')).toBe(true);
    expect(isEllipticalFollowUp('Pricing?')).toBe(true);
    expect(isEllipticalFollowUp('它需要信用卡吗？')).toBe(true);
    expect(isEllipticalFollowUp('How are backups of customer data encrypted at rest?')).toBe(false);
  });

  it('appends salient terms of the previous user turns to an elliptical follow-up only', () => {
    const rewritten = rewriteHeuristically({ message: 'Does it need a credit card?', history });
    expect(rewritten.method).toBe('heuristic');
    expect(rewritten.query.startsWith('Does it need a credit card?')).toBe(true);
    // Content words of the earlier question, in order; no stopwords, nothing the follow-up has.
    const appended = rewritten.query.slice('Does it need a credit card?'.length).trim().split(' ');
    expect(appended).toEqual(['long', 'free', 'trial', 'acme', 'cloud', 'last']);

    const standalone = 'How are backups of customer data encrypted at rest?';
    expect(rewriteHeuristically({ message: standalone, history })).toEqual({
      query: standalone,
      method: 'none',
    });
    expect(rewriteHeuristically({ message: 'Does it need a card?', history: [] }).method).toBe('none');
  });

  it('swaps the thing a continuation names into the previous question', () => {
    // Seen on the demo: "And the Team plan?" became "And the Team plan? basic cost" and abstained.
    const asked = [{ role: 'user' as const, content: 'How much does the Basic plan cost?' }];
    expect(rewriteHeuristically({ message: 'And the Team plan?', history: asked })).toEqual({
      query: 'How much does the Team plan cost?',
      method: 'heuristic',
    });
    expect(rewriteHeuristically({ message: 'What about for annual plans?', history: asked }).query).toBe(
      'How much does the annual plans cost?',
    );
    expect(swapIntoPrevious('And the Enterprise plan?', 'Can I get a refund on a monthly plan?')).toBe(
      'Can I get a refund on a Enterprise plan?',
    );
    // As many words as the follow-up names: the verb before them stays (review).
    expect(swapIntoPrevious('What about leave requests?', 'Do managers approve remote work requests?')).toBe(
      'Do managers approve remote leave requests?',
    );
    expect(swapIntoPrevious('And meal expenses?', 'Can contractors claim travel expenses?')).toBe(
      'Can contractors claim meal expenses?',
    );
    // A chain of fragments swaps into the question they all continue.
    const chain = [
      { role: 'user' as const, content: 'How much does the Basic plan cost?' },
      { role: 'assistant' as const, content: 'The Basic plan costs $5 per month. [1]' },
      { role: 'user' as const, content: 'And the Team plan?' },
      { role: 'assistant' as const, content: 'The Team plan costs $20 per user per month. [1]' },
    ];
    expect(rewriteHeuristically({ message: 'And the Pro plan?', history: chain }).query).toBe(
      'How much does the Pro plan cost?',
    );
    // The follow-up's head is not in the previous question, or it is a clause: no swap; the
    // previous question's terms are appended as before.
    expect(swapIntoPrevious('And for Mac?', 'How do I install the VPN client on Windows?')).toBeNull();
    expect(
      swapIntoPrevious('And how do I cancel the plan?', 'How much does the Basic plan cost?'),
    ).toBeNull();
    expect(swapIntoPrevious('Does it need a credit card?', 'How long is the trial?')).toBeNull();
    const appended = rewriteHeuristically({
      message: 'And for Mac?',
      history: [{ role: 'user', content: 'How do I install the VPN client on Windows?' }],
    });
    expect(appended.query.startsWith('And for Mac?')).toBe(true);
  });

  it('uses the previous Chinese question itself, without question words', () => {
    const rewritten = rewriteHeuristically({
      message: '它需要多少钱？',
      history: [{ role: 'user', content: '大语言模型是什么？' }],
    });
    expect(rewritten.method).toBe('heuristic');
    expect(rewritten.query).toContain('大语言模型');
    expect(rewritten.query).not.toContain('什么');
  });

  it('is the rewriter for the extractive answerer', async () => {
    const extractive = { id: 'extractive' } as Generator;
    const rewritten = await createQueryRewriter(extractive).rewrite({ message: 'Is it free?', history });
    expect(rewritten.method).toBe('heuristic');
  });
});

describe('generator rewrite', () => {
  describe.skipIf(noFixtures)('with the stories260K fixture (needs ../shared/models/fixtures)', () => {
    let model: Generator;
    beforeAll(async () => {
      model = await createTransformersGenerator({ model: 'local/stories260K', localModelPath });
    });
    afterAll(async () => {
      await model?.close();
    });

    it('asks the configured model (transformers.js stories260K fixture) and uses its answer', async () => {
      const rewriter = createQueryRewriter(model);
      const rewritten = await rewriter.rewrite({ message: 'Does it need a credit card?', history });
      // A 260K-parameter story model cannot really rewrite; this proves the path runs end to end.
      expect(rewritten.method).toBe('generator');
      expect(rewritten.query.trim().length).toBeGreaterThan(0);
    });
  });

  it('falls back to the heuristic when the model fails', async () => {
    const failures: unknown[] = [];
    const broken: Generator = {
      id: 'broken',
      contextWindow: 4096,
      countTokens: (text) => text.length,
      // biome-ignore lint/correctness/useYield: it fails before producing anything
      async *generate() {
        throw new Error('model crashed');
      },
      close: async () => undefined,
    };
    const rewriter = createGeneratorRewriter(broken, { onFallback: (error) => failures.push(error) });
    const rewritten = await rewriter.rewrite({ message: 'Does it need a credit card?', history });
    expect(rewritten.method).toBe('heuristic');
    expect(failures).toHaveLength(1);
  });

  it('keeps only the first line of the answer, without labels or quotes', () => {
    expect(cleanRewrite('\n Standalone question: "Does the free trial need a card?"\nMore text')).toBe(
      'Does the free trial need a card?',
    );
  });
});

describe('"那X呢" follow-ups (second review)', () => {
  it('reads no pronoun, particle or filler as the thing asked about', () => {
    for (const m of ['那为啥呢', '然后呢', '这样呢', '那你呢', '谁呢', '那不行呢', '那么呢'])
      expect(zhWhatAbout(m), m).toBeNull();
    expect(zhWhatAbout('那个标准版呢')).toBe('标准版');
  });

  it('answers at once on a long message of spaces (the pattern backtracked for seconds)', () => {
    const began = performance.now();
    expect(zhWhatAbout(`那${' '.repeat(50_000)}呀`)).toBeNull();
    expect(performance.now() - began).toBeLessThan(200);
  });
});
