import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '@grounded/retrieval';

export interface EmbedStats {
  /** Seconds spent embedding in the run that produced the vectors (not a cache read). */
  seconds: number;
  count: number;
  fromCache: boolean;
}

/**
 * Embeds `texts` with a resumable on-disk cache: vectors are appended in batches to a `.partial`
 * file, so an interrupted run continues where it stopped, and renamed when complete. The key
 * hashes the embedder id and every text, so any change re-embeds. Vectors are also kept in
 * memory, so a cache folder removed mid-run (other tools clean .data) only costs a rewrite.
 */
export async function embedWithCache(
  embedder: Embedder,
  texts: readonly string[],
  cacheDir: string | null,
  onProgress?: (done: number, total: number) => void,
): Promise<{ vectors: Float32Array[]; stats: EmbedStats }> {
  const dim = embedder.dimension;
  const started = performance.now();
  if (!cacheDir) {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 256) {
      vectors.push(...(await embedder.embed(texts.slice(i, i + 256))));
      onProgress?.(vectors.length, texts.length);
    }
    return {
      vectors,
      stats: { seconds: (performance.now() - started) / 1000, count: texts.length, fromCache: false },
    };
  }
  const hash = createHash('sha256').update(embedder.id);
  for (const text of texts) hash.update('\u0000').update(text);
  const key = hash.digest('hex').slice(0, 24);
  await mkdir(cacheDir, { recursive: true });
  const final = path.join(cacheDir, `${key}.f32`);
  const meta = path.join(cacheDir, `${key}.json`);
  const partial = `${final}.partial`;
  const toVectors = (buffer: Buffer, count: number) => {
    const all = new Float32Array(buffer.buffer, buffer.byteOffset, count * dim);
    return Array.from({ length: count }, (_, i) => all.slice(i * dim, (i + 1) * dim));
  };
  const toBytes = (rows: readonly Float32Array[]) => {
    const bytes = Buffer.alloc(rows.length * dim * 4);
    rows.forEach((v, row) => {
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(bytes, row * dim * 4);
    });
    return bytes;
  };

  try {
    const buffer = await readFile(final);
    const info = JSON.parse(await readFile(meta, 'utf8')) as { seconds: number; embedded: number };
    if (buffer.byteLength === texts.length * dim * 4) {
      return {
        vectors: toVectors(buffer, texts.length),
        stats: { seconds: info.seconds, count: info.embedded, fromCache: true },
      };
    }
  } catch {
    // No complete cache: embed, resuming a partial file if one exists.
  }
  let vectors: Float32Array[] = [];
  let previousSeconds = 0;
  try {
    const buffer = await readFile(partial);
    vectors = toVectors(buffer, Math.floor(buffer.byteLength / (dim * 4)));
    previousSeconds = (JSON.parse(await readFile(`${meta}.partial`, 'utf8')) as { seconds: number }).seconds;
  } catch {
    vectors = [];
    previousSeconds = 0;
  }
  const elapsed = () => previousSeconds + (performance.now() - started) / 1000;
  for (let i = vectors.length; i < texts.length; i += 256) {
    const batch = await embedder.embed(texts.slice(i, i + 256));
    vectors.push(...batch);
    const progress = JSON.stringify({ seconds: elapsed(), embedded: vectors.length });
    try {
      // Only whole rows are appended, so the partial file's length always counts complete vectors.
      await appendFile(partial, toBytes(batch));
      await writeFile(`${meta}.partial`, progress);
    } catch {
      await mkdir(cacheDir, { recursive: true });
      await writeFile(partial, toBytes(vectors));
      await writeFile(`${meta}.partial`, progress);
    }
    onProgress?.(vectors.length, texts.length);
  }
  const seconds = elapsed();
  await mkdir(cacheDir, { recursive: true });
  await writeFile(partial, toBytes(vectors));
  await writeFile(meta, JSON.stringify({ seconds, embedded: texts.length, embedderId: embedder.id }));
  await rename(partial, final);
  return { vectors, stats: { seconds, count: texts.length, fromCache: false } };
}
