import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasShared, sharedPath } from '@grounded/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  collect,
  describeGeneratorConformance,
  measureTokensPerSecond,
} from '../testing/generator-conformance';
import { createTransformersGenerator, plainPrompt } from './transformers-generator';
import type { GenerationRequest } from './types';

const fixtures = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');
const scratch = mkdtempSync(path.join(tmpdir(), 'grounded-tf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const request = (): GenerationRequest => ({
  messages: [{ role: 'user', content: 'Tell me a story about a little girl.' }],
  sources: [],
  question: 'Tell me a story about a little girl.',
});

describe.skipIf(noFixtures)('needs ../shared/models/fixtures', () => {
  describeGeneratorConformance('transformers.js (stories260K)', {
    create: () => createTransformersGenerator({ model: 'local/stories260K', localModelPath: fixtures }),
    request,
    modelBacked: true,
    missingModel: () =>
      createTransformersGenerator({ model: 'local/no-such-model', localModelPath: fixtures }),
    brokenModel: async () => {
      const folder = path.join(scratch, 'broken');
      mkdirSync(path.join(folder, 'onnx'), { recursive: true });
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
        writeFileSync(path.join(folder, f), '{ not json');
      }
      writeFileSync(path.join(folder, 'onnx', 'model.onnx'), 'not an onnx graph');
      return createTransformersGenerator({ model: 'broken', localModelPath: scratch });
    },
  });
});

describe('plainPrompt', () => {
  it('writes role-prefixed turns and leaves the assistant turn open', () => {
    expect(
      plainPrompt([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toBe('System: Be brief.\n\nUser: Hi\n\nAssistant:');
  });
});

describe.skipIf(noFixtures)('transformers.js generator (needs ../shared/models/fixtures)', () => {
  it('uses a plain role-prefixed prompt when the tokenizer has no chat template', async () => {
    const generator = await createTransformersGenerator({
      model: 'local/stories260K',
      localModelPath: fixtures,
    });
    expect(generator.promptFormat).toBe('plain');
    await generator.close();
  });

  it('uses the chat template when the tokenizer has one (random-weight fixture)', async () => {
    const generator = await createTransformersGenerator({
      model: 'local/tiny-random-llama-ortgenai',
      localModelPath: fixtures,
    });
    try {
      expect(generator.promptFormat).toBe('chat-template');
      const events = await collect(generator.generate({ ...request(), maxTokens: 4 }));
      expect(events.at(-1)).toMatchObject({
        type: 'end',
        stopReason: 'length',
        usage: { completionTokens: 4 },
      });
    } finally {
      await generator.close();
    }
  });

  it('writes real text and reports its throughput', async () => {
    const generator = await createTransformersGenerator({
      model: 'local/stories260K',
      localModelPath: fixtures,
    });
    try {
      let text = '';
      for await (const e of generator.generate({ ...request(), maxTokens: 30 }))
        if (e.type === 'delta') text += e.text;
      // A trained model writes words, not random sub-word soup: most pieces are dictionary-like.
      const words = text.split(/\s+/u).filter((w) => /^[a-z]+[.,!]?$/iu.test(w));
      expect(words.length).toBeGreaterThan(5);
      const tps = await measureTokensPerSecond(generator, { ...request(), maxTokens: 100 });
      console.info(`transformers.js stories260K: ${tps.toFixed(0)} tokens/s`);
      expect(tps).toBeGreaterThan(0);
    } finally {
      await generator.close();
    }
  });

  it('honours stop sequences', async () => {
    const generator = await createTransformersGenerator({
      model: 'local/stories260K',
      localModelPath: fixtures,
    });
    try {
      let full = '';
      for await (const e of generator.generate({ ...request(), maxTokens: 40 }))
        if (e.type === 'delta') full += e.text;
      const word = full.trim().split(/\s+/u)[3];
      expect(word).toBeDefined();
      let cut = '';
      for await (const e of generator.generate({ ...request(), maxTokens: 40, stop: [word ?? ''] })) {
        if (e.type === 'delta') cut += e.text;
        else expect(e.stopReason).toBe('stop');
      }
      expect(cut).not.toContain(word);
      expect(full.startsWith(cut)).toBe(true);
    } finally {
      await generator.close();
    }
  });
});
