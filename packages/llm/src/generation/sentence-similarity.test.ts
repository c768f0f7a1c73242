import { describe, expect, it } from 'vitest';
import { createCachedSimilarity } from './sentence-similarity';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('createCachedSimilarity', () => {
  it('returns cosines and embeds each sentence only once, the question on its own call with its scope', async () => {
    const calls: string[][] = [];
    const scopes: (string | undefined)[] = [];
    const vectors: Record<string, Float32Array> = {
      q: unit(1, 0),
      same: unit(1, 0),
      orthogonal: unit(0, 1),
      diagonal: unit(1, 1),
    };
    const similarity = createCachedSimilarity(async (texts, scope) => {
      calls.push(texts);
      scopes.push(scope);
      return texts.map((t) => vectors[t]!);
    });
    const first = await similarity('q', ['same', 'orthogonal', 'diagonal'], 'tenant-1');
    expect(first[0]).toBeCloseTo(1);
    expect(first[1]).toBeCloseTo(0);
    expect(first[2]).toBeCloseTo(Math.SQRT1_2);
    await similarity('q', ['diagonal', 'same'], 'tenant-1');
    expect(calls).toEqual([['q'], ['same', 'orthogonal', 'diagonal'], ['q']]);
    // The question goes with the caller's scope (a query cache may answer it); sentences without.
    expect(scopes).toEqual(['tenant-1', undefined, 'tenant-1']);
  });

  it('evicts the least recently used sentence beyond maxEntries', async () => {
    const calls: string[][] = [];
    const similarity = createCachedSimilarity(
      async (texts) => {
        calls.push(texts);
        return texts.map(() => unit(1, 0));
      },
      { maxEntries: 2 },
    );
    await similarity('q', ['a', 'b']);
    await similarity('q', ['a', 'c']);
    await similarity('q', ['b']);
    expect(calls).toEqual([['q'], ['a', 'b'], ['q'], ['c'], ['q'], ['b']]);
  });
});
