import { hasShared, sharedPath } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrossEncoderReranker, createCrossEncoderReranker } from './cross-encoder-reranker';
import { createLexicalReranker } from './lexical-reranker';
import { describeRerankerConformance } from './testing/reranker-conformance';

const localModelPath = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');

describeRerankerConformance('lexical overlap', {
  create: async () => createLexicalReranker(),
  ranksByRelevance: true,
});

describe.skipIf(noFixtures)('needs ../shared/models/fixtures', () => {
  // Random weights: no relevance; batchSize 4 makes the suite's passages span several passes.
  describeRerankerConformance('cross-encoder (tiny-random-bert-reranker)', {
    create: () =>
      createCrossEncoderReranker({ model: 'local/tiny-random-bert-reranker', localModelPath, batchSize: 4 }),
    closedCode: 'reranker_closed',
    missingModel: () => createCrossEncoderReranker({ model: 'local/nope', localModelPath }),
    brokenModel: (source) => createCrossEncoderReranker(source),
  });
});

describe('lexical reranker', () => {
  it('prefers passages that cover more (and rarer) query terms', async () => {
    const reranker = createLexicalReranker();
    const scores = await reranker.score('reset account password', [
      'The weather is nice today.',
      'Click reset to change the password.',
      'To reset your account password, open settings.',
    ]);
    expect(scores).toHaveLength(3);
    expect(scores[0]).toBe(0);
    expect(scores[2]).toBeGreaterThan(scores[1] as number);
    expect(scores[1]).toBeGreaterThan(0);
  });

  it('gives zeros for an empty query', async () => {
    expect(await createLexicalReranker().score('the of', ['a passage'])).toEqual([0]);
  });
});

describe.skipIf(noFixtures)(
  'cross-encoder reranker (tiny random fixture: shapes and types only) (needs ../shared/models/fixtures)',
  () => {
    let reranker: CrossEncoderReranker;
    beforeAll(async () => {
      reranker = await createCrossEncoderReranker({
        model: 'local/tiny-random-bert-reranker',
        localModelPath,
        batchSize: 2,
      });
    });
    afterAll(async () => {
      await reranker.close();
    });

    it('returns one finite raw logit per passage, batch-independent', async () => {
      const passages = [
        'first passage',
        'a second and much longer passage about passwords',
        'third',
        'fourth',
      ];
      const scores = await reranker.score('how to reset a password', passages);
      expect(scores).toHaveLength(4);
      for (const s of scores) expect(Number.isFinite(s)).toBe(true);
      // Raw logits vary by input; a softmax over one label would be constant 1.
      expect(new Set(scores.map((s) => s.toFixed(6))).size).toBeGreaterThan(1);
      const [alone] = await reranker.score('how to reset a password', [passages[1] as string]);
      expect(alone).toBeCloseTo(scores[1] as number, 4);
    });
  },
);
