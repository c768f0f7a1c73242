import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasShared, sharedPath } from '@grounded/core';
import { afterAll, describe, expect, it } from 'vitest';
import { describeGeneratorConformance, measureTokensPerSecond } from '../testing/generator-conformance';
import { createLlamaCppGenerator } from './llama-cpp-generator';
import type { GenerationRequest } from './types';

const modelPath = sharedPath('models', 'fixtures', 'gguf', 'stories260K.gguf');
// The fixture lives in ../shared, which a fresh clone may lack: these tests skip without it.
const noModel = !hasShared('models', 'fixtures', 'gguf', 'stories260K.gguf');
const scratch = mkdtempSync(path.join(tmpdir(), 'grounded-gguf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const request = (): GenerationRequest => ({
  messages: [
    { role: 'system', content: 'You tell stories.' },
    { role: 'user', content: 'Once upon a time' },
  ],
  sources: [],
  question: 'Once upon a time',
});

// threads: 1 — see the fixtures README: the default thread count is pathologically slow on 2 cores.
const create = () => createLlamaCppGenerator({ modelPath, gpu: false, threads: 1, contextSize: 512 });

describe.skipIf(noModel)('needs ../shared/models/fixtures/gguf/stories260K.gguf', () => {
  describeGeneratorConformance('node-llama-cpp (stories260K.gguf)', {
    create,
    request,
    modelBacked: true,
    missingModel: () => createLlamaCppGenerator({ modelPath: path.join(scratch, 'absent.gguf'), gpu: false }),
    brokenModel: () => {
      const broken = path.join(scratch, 'broken.gguf');
      writeFileSync(broken, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 7)]));
      return createLlamaCppGenerator({ modelPath: broken, gpu: false, threads: 1 });
    },
  });
});

describe.skipIf(noModel)(
  'node-llama-cpp generator (needs ../shared/models/fixtures/gguf/stories260K.gguf)',
  () => {
    it('serialises concurrent requests on its one sequence and reports throughput', async () => {
      const generator = await create();
      try {
        const run = async () => {
          let text = '';
          for await (const e of generator.generate({ ...request(), maxTokens: 20 }))
            if (e.type === 'delta') text += e.text;
          return text;
        };
        const [a, b] = await Promise.all([run(), run()]);
        // Greedy decoding from a cleared sequence: the same prompt gives the same text.
        expect(a.length).toBeGreaterThan(0);
        expect(b).toBe(a);
        const tps = await measureTokensPerSecond(generator, { ...request(), maxTokens: 100 });
        console.info(`node-llama-cpp stories260K.gguf (threads 1): ${tps.toFixed(0)} tokens/s`);
        expect(tps).toBeGreaterThan(0);
      } finally {
        await generator.close();
      }
    });
  },
);
