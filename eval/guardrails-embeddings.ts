import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { createUseLiteEmbedder } from '@grounded/retrieval';

/**
 * USE-lite sentence embeddings of evaluation and training texts, cached on disk under .data/
 * (git-ignored) by text hash: embedding runs at ~30 sentences/s on two shared cores, so reruns
 * of the hate/bias training and eval read the cache instead.
 */

const CACHE_DIR = path.join(repoRoot(), '.data', 'guardrails-embeddings');

const keyOf = (text: string) => createHash('sha1').update(text).digest('base64url');

export async function useLiteEmbeddings(name: string, texts: readonly string[]): Promise<Float32Array[]> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `${name}.json`);
  const cache: Record<string, string> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : {};
  const missing = [...new Set(texts.filter((t) => !(keyOf(t) in cache)))];
  if (missing.length > 0) {
    const t0 = Date.now();
    const embedder = await createUseLiteEmbedder({ threads: 2 });
    try {
      for (let i = 0; i < missing.length; i += 64) {
        const batch = missing.slice(i, i + 64);
        const vectors = await embedder.embed(batch);
        for (const [k, v] of vectors.entries()) {
          cache[keyOf(batch[k] as string)] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString(
            'base64',
          );
        }
        writeFileSync(file, JSON.stringify(cache));
        console.error(
          `embedded ${Math.min(i + 64, missing.length)}/${missing.length} ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
      }
    } finally {
      await embedder.close();
    }
  }
  return texts.map((t) => {
    const b = Buffer.from(cache[keyOf(t)] as string, 'base64');
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  });
}
