import { describe, expect, it } from 'vitest';
import { normalizedScoreFusion, reciprocalRankFusion } from './fusion';

describe('reciprocalRankFusion', () => {
  it('sums 1/(k+rank) over lists', () => {
    const fused = reciprocalRankFusion(
      [
        { name: 'bm25', ids: ['a', 'b', 'c'] },
        { name: 'vector', ids: ['c', 'a'] },
      ],
      { k: 60 },
    );
    const byId = new Map(fused.map((item) => [item.id, item]));
    expect(byId.get('a')?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(byId.get('c')?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(byId.get('b')?.score).toBeCloseTo(1 / 62, 12);
    expect(fused.map((item) => item.id)).toEqual(['a', 'c', 'b']);
    expect(byId.get('c')?.ranks).toEqual({ bm25: 3, vector: 1 });
  });

  it('applies per-list weights and the k constant', () => {
    const lists = [
      { name: 'bm25', ids: ['a', 'b'] },
      { name: 'vector', ids: ['b', 'a'] },
    ];
    expect(reciprocalRankFusion(lists, { weights: { bm25: 2, vector: 1 } })[0]?.id).toBe('a');
    expect(reciprocalRankFusion(lists, { weights: { bm25: 1, vector: 2 } })[0]?.id).toBe('b');
    const small = reciprocalRankFusion(lists, { k: 1, weights: { bm25: 1, vector: 0 } });
    expect(small[0]?.score).toBeCloseTo(1 / 2, 12);
  });

  it('counts a duplicate id within one list once, at its best rank', () => {
    const fused = reciprocalRankFusion([{ name: 'x', ids: ['a', 'a'] }], { k: 0 });
    expect(fused).toHaveLength(1);
    expect(fused[0]?.score).toBe(1);
  });
});

describe('normalizedScoreFusion', () => {
  it('min-max scales each list and sums with weights', () => {
    const fused = normalizedScoreFusion(
      [
        {
          name: 'bm25',
          hits: [
            { id: 'a', score: 12 },
            { id: 'b', score: 8 },
            { id: 'c', score: 2 },
          ],
        },
        {
          name: 'vector',
          hits: [
            { id: 'c', score: 0.9 },
            { id: 'b', score: 0.7 },
            { id: 'd', score: 0.4 },
          ],
        },
      ],
      { weights: { bm25: 1, vector: 0.5 } },
    );
    const byId = new Map(fused.map((item) => [item.id, item]));
    expect(byId.get('a')?.score).toBeCloseTo(1, 12);
    expect(byId.get('b')?.score).toBeCloseTo(0.6 + 0.5 * 0.6, 12);
    expect(byId.get('c')?.score).toBeCloseTo(0 + 0.5 * 1, 12);
    expect(byId.get('d')?.score).toBeCloseTo(0, 12);
    expect(fused.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(byId.get('b')?.ranks).toEqual({ bm25: 2, vector: 2 });
  });

  it('orders items that only a zero-weighted list found by that list, not by id', () => {
    const fused = normalizedScoreFusion(
      [
        { name: 'bm25', hits: [] },
        {
          name: 'vector',
          hits: [
            { id: 'z', score: 0.9 },
            { id: 'a', score: 0.5 },
            { id: 'm', score: 0.1 },
          ],
        },
      ],
      { weights: { bm25: 1, vector: 0 } },
    );
    expect(fused.map((item) => item.id)).toEqual(['z', 'a', 'm']);
  });
});
