import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasShared, sharedPath } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedderConformance } from './testing/embedder-conformance';
import { createTransformersEmbedder } from './transformers-embedder';
import type { Embedder } from './types';

const fixtures = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');

describe.skipIf(noFixtures)('transformers.js embedder (needs ../shared/models/fixtures)', () => {
  let embedder: Embedder;
  let scratch: string;
  beforeAll(async () => {
    embedder = await createTransformersEmbedder({
      model: 'local/tiny-random-bert',
      localModelPath: fixtures,
      batchSize: 2,
    });
    scratch = await mkdtemp(path.join(tmpdir(), 'hf-embedder-'));
  });
  afterAll(async () => {
    await embedder.close();
    await rm(scratch, { recursive: true, force: true });
  });

  embedderConformance(() => embedder);

  it('names the model and learns its dimension (random weights: shapes only)', () => {
    expect(embedder.id).toBe('hf:local/tiny-random-bert');
    expect(embedder.dimension).toBe(32);
  });

  it('reports a missing model with its path', async () => {
    await expect(
      createTransformersEmbedder({ model: 'local/does-not-exist', localModelPath: fixtures }),
    ).rejects.toMatchObject({
      code: 'model_not_found',
      message: expect.stringContaining(path.join(fixtures, 'local', 'does-not-exist')),
    });
    await expect(createTransformersEmbedder({ model: 'org/model' })).rejects.toMatchObject({
      code: 'model_not_found',
    });
  });

  it('reports a broken model file as model_load_failed with its path', async () => {
    const broken = path.join(scratch, 'broken');
    await cp(path.join(fixtures, 'local', 'tiny-random-bert'), broken, { recursive: true });
    await writeFile(path.join(broken, 'onnx', 'model.onnx'), 'not an onnx graph');
    await expect(
      createTransformersEmbedder({ model: 'broken', localModelPath: scratch }),
    ).rejects.toMatchObject({
      code: 'model_load_failed',
      message: expect.stringContaining(broken),
    });
  });
});
