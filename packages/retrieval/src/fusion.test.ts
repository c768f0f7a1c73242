import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fusion';

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
