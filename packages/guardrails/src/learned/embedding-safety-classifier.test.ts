import { AppError } from '@grounded/core';
import { rejectionOf } from '@grounded/core/testing';
import { createUseLiteEmbedder } from '@grounded/retrieval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSafetyClassifierConformance } from '../testing/safety-classifier-conformance';
import type { SafetyClassifier } from '../toxicity/safety-classifier';
import { createEmbeddingSafetyClassifier, hateSparseFeatures } from './embedding-safety-classifier';

describeSafetyClassifierConformance('hate-use-lr over USE-lite, beside the lexicon', {
  create: async () =>
    createEmbeddingSafetyClassifier({ embedder: await createUseLiteEmbedder(), closeEmbedder: true }),
  closedCode: 'classifier_closed',
  missingModel: async () =>
    createEmbeddingSafetyClassifier({
      embedder: { id: 'use-lite', dimension: 512, embed: async () => [] },
      modelUrl: new URL('file:///nonexistent/hate.json'),
    }),
});

describe('learned hate classifier', () => {
  let classifier: SafetyClassifier;
  beforeAll(async () => {
    classifier = await createEmbeddingSafetyClassifier({
      embedder: await createUseLiteEmbedder(),
      closeEmbedder: true,
    });
  });
  afterAll(async () => {
    await classifier?.close?.();
  });

  it('flags implicit hate without slurs, which the lexicon misses, and points at the group', async () => {
    const text = 'Immigrants are ruining this country and should all be sent back where they came from.';
    const [r] = await classifier.classify([text]);
    expect(r?.scores.hate).toBeGreaterThanOrEqual(0.5);
    const group = r?.spans.find((s) => s.label.startsWith('hate-model:group:'));
    expect(group).toBeDefined();
    expect(text.slice(group!.start, group!.end).toLowerCase()).toContain('immigrant');
  });

  it('leaves neutral statements about the same group and ordinary questions alone', async () => {
    const results = await classifier.classify([
      'Many immigrants open small businesses in the towns where they settle.',
      'How do I reset my password?',
    ]);
    for (const r of results) expect(r.scores.hate).toBeLessThan(0.5);
  });

  it('embeds under the caller cacheScope, trimmed as retrieval embeds the question, so the two share one vector', async () => {
    const calls: { texts: string[]; scope: string | undefined }[] = [];
    const recording = await createEmbeddingSafetyClassifier({
      embedder: {
        id: 'use-lite',
        dimension: 512,
        async embed(texts, options) {
          calls.push({ texts, scope: options?.cacheScope });
          return texts.map(() => new Float32Array(512));
        },
      },
    });
    await recording.classify(['  Where is my parcel?\n', '我的包裹在哪里？'], { cacheScope: 'tenant-a' });
    await recording.classify(['Where is my parcel?']);
    // Chinese text goes to the character n-gram model and is not embedded.
    expect(calls).toEqual([
      { texts: ['Where is my parcel?'], scope: 'tenant-a' },
      { texts: ['Where is my parcel?'], scope: undefined },
    ]);
  });

  it('refuses an embedder other than the one the model was fitted on', async () => {
    const error = await rejectionOf(
      createEmbeddingSafetyClassifier({ embedder: { id: 'other', dimension: 384, embed: async () => [] } }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('model_load_failed');
  });
});

describe('hate-use-lr n-gram part (files with buckets > 0)', () => {
  it('adds no sparse features for a 1.x file and hashed n-grams inside the buckets for a 2.x one', () => {
    expect(
      hateSparseFeatures({ buckets: 0, minN: 0, maxN: 0 }, 'Those people should go back').indices,
    ).toEqual([]);
    const f = hateSparseFeatures({ buckets: 1 << 10, minN: 3, maxN: 5 }, 'Those people should go back');
    expect(f.indices.length).toBeGreaterThan(10);
    expect(f.indices.every((i) => i >= 0 && i < 1 << 10)).toBe(true);
    // L2-normalised, so a long comment and a short one are on one scale.
    expect(Math.hypot(...f.values)).toBeCloseTo(1, 6);
  });
});
