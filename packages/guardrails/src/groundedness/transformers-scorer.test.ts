import { hasShared, sharedPath } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { describeEntailmentScorerConformance } from '../testing/entailment-scorer-conformance';
import { checkGroundedness } from './check-groundedness';
import { createTransformersEntailmentScorer } from './transformers-scorer';

const localModelPath = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');

describe.skipIf(noFixtures)('needs ../shared/models/fixtures', () => {
  // batchSize 3 makes the suite's pairs span several forward passes.
  describeEntailmentScorerConformance('transformers.js 1-label head (tiny-random-bert-reranker)', {
    create: () =>
      createTransformersEntailmentScorer({
        model: 'local/tiny-random-bert-reranker',
        localModelPath,
        batchSize: 3,
      }),
    closedCode: 'scorer_closed',
    missingModel: () => createTransformersEntailmentScorer({ model: 'local/missing', localModelPath }),
    brokenModel: (source) => createTransformersEntailmentScorer(source),
  });

  describeEntailmentScorerConformance('transformers.js named label (tiny-random-bert-seqcls)', {
    create: () =>
      createTransformersEntailmentScorer({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        entailmentLabel: 'POSITIVE',
      }),
  });
});

const pairs = [
  { premise: 'The warranty lasts two years.', hypothesis: 'The warranty lasts two years.' },
  { premise: 'Support is open on weekdays.', hypothesis: 'Support is open on Sundays.' },
  { premise: '保修期为两年。', hypothesis: '保修期为五年。' },
];

// Random-weight fixtures: assert shapes, ranges and error handling only.
describe.skipIf(noFixtures)('transformers entailment scorer (needs ../shared/models/fixtures)', () => {
  it('reads a 1-label cross-encoder head through a sigmoid', async () => {
    const scorer = await createTransformersEntailmentScorer({
      model: 'local/tiny-random-bert-reranker',
      localModelPath,
      batchSize: 2,
    });
    const scores = await scorer.score(pairs);
    expect(scores).toHaveLength(3);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
    // Not a constant: a 1-label softmax would give 1 for every pair.
    expect(new Set(scores.map((s) => s.toFixed(6))).size).toBeGreaterThan(1);
    const r = await checkGroundedness(
      'The warranty lasts two years.',
      [{ number: 1, text: 'The warranty lasts two years.' }],
      { scorer },
    );
    expect(r.verdict.version).toContain('tiny-random-bert-reranker');
    await scorer.close?.();
  });

  it('takes the named label of a multi-label head and rejects unknown labels', async () => {
    const scorer = await createTransformersEntailmentScorer({
      model: 'local/tiny-random-bert-seqcls',
      localModelPath,
      entailmentLabel: 'POSITIVE',
    });
    const scores = await scorer.score(pairs);
    expect(scores).toHaveLength(3);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    await expect(
      createTransformersEntailmentScorer({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        entailmentLabel: 'entailment',
      }),
    ).rejects.toMatchObject({ code: 'entailment_label_not_found' });
  });
});
