import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryTurn, QueryRewriter, RewriteMethod } from '../query-rewrite';

/**
 * The one conformance suite every QueryRewriter adapter passes (DESIGN.md, convention 2). Test-only:
 * it imports vitest, so it is not exported from the package. Fixture models cannot really rewrite,
 * so it asserts what a rewrite is, never its words.
 */
export interface QueryRewriterConformanceSetup {
  create: () => Promise<QueryRewriter>;
  /** Releases what create() loaded (a generator). */
  close?: () => Promise<void>;
  /** The methods this adapter may report for a follow-up (a model-backed one may fall back). */
  methods: readonly RewriteMethod[];
  /** Same input, same rewrite: the heuristic always, a model at temperature 0 when greedy. */
  deterministic: boolean;
}

const HISTORY: readonly HistoryTurn[] = [
  { role: 'user', content: 'How long does the free trial of Acme Cloud last?' },
  { role: 'assistant', content: 'The free trial lasts 30 days [1].' },
];

const FOLLOW_UPS: readonly { message: string; history: readonly HistoryTurn[] }[] = [
  { message: 'Does it need a credit card?', history: HISTORY },
  { message: 'And for the Enterprise plan?', history: HISTORY },
  { message: 'How are backups of customer data encrypted at rest?', history: HISTORY },
  { message: '它需要多少钱？', history: [{ role: 'user', content: '大语言模型是什么？' }] },
];

export function describeQueryRewriterConformance(name: string, setup: QueryRewriterConformanceSetup): void {
  describe(`QueryRewriter conformance: ${name}`, () => {
    let rewriter: QueryRewriter;
    beforeAll(async () => {
      rewriter = await setup.create();
    });
    afterAll(async () => {
      await setup.close?.();
    });

    // A rewrite resolves a follow-up against earlier user turns; without one there is nothing to
    // resolve, and the message goes to retrieval as it is.
    it.each<[string, readonly HistoryTurn[]]>([
      ['no history', []],
      ['only assistant turns', [{ role: 'assistant', content: 'Hello! How can I help with Acme Cloud?' }]],
    ])('leaves the message as it is with %s', async (_, history) => {
      expect(await rewriter.rewrite({ message: '  Does it need a credit card?  ', history })).toEqual({
        query: 'Does it need a credit card?',
        method: 'none',
      });
    });

    it('answers every follow-up with a non-empty query and a method it may use', async () => {
      for (const input of FOLLOW_UPS) {
        const rewritten = await rewriter.rewrite(input);
        expect(typeof rewritten.query, input.message).toBe('string');
        expect(rewritten.query.trim().length, input.message).toBeGreaterThan(0);
        expect(setup.methods, input.message).toContain(rewritten.method);
        // 'none' means the message was not rewritten.
        if (rewritten.method === 'none') expect(rewritten.query, input.message).toBe(input.message.trim());
      }
    });

    it('leaves the history it was given untouched', async () => {
      const history = HISTORY.map((turn) => ({ ...turn }));
      await rewriter.rewrite({ message: 'Does it need a credit card?', history });
      expect(history).toEqual(HISTORY);
    });

    if (setup.deterministic) {
      it('rewrites the same input the same way', async () => {
        for (const input of FOLLOW_UPS) {
          const first = await rewriter.rewrite(input);
          expect(await rewriter.rewrite(input), input.message).toEqual(first);
        }
      });
    }
  });
}
