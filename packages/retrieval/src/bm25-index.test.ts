import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25-index';

const docs: Record<string, string> = {
  d1: 'Aspirin reduces the risk of heart attack in adults.',
  d2: 'Statins lower cholesterol and the risk of heart disease.',
  d3: 'Aspirin aspirin aspirin: a history of the drug from willow bark.',
  d4: 'Exercise improves sleep quality in older adults.',
  d5: 'Vitamin D and bone density in postmenopausal women.',
};

function build(options?: ConstructorParameters<typeof Bm25Index>[0]): Bm25Index {
  const index = new Bm25Index(options);
  for (const [id, text] of Object.entries(docs)) index.add(id, text);
  return index;
}

describe('Bm25Index', () => {
  it('ranks documents that share rare query terms first', () => {
    const hits = build().search('aspirin heart attack', 5);
    expect(hits[0]?.id).toBe('d1');
    expect(hits.map((h) => h.id)).toContain('d3');
    expect(hits.map((h) => h.id)).not.toContain('d5');
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
  });

  it('saturates term frequency with k1: a small k1 stops d3 winning by repetition', () => {
    expect(build({ k1: 0.2, b: 0 }).search('aspirin risk', 1)[0]?.id).toBe('d1');
    expect(build({ k1: 5, b: 0 }).search('aspirin', 1)[0]?.id).toBe('d3');
  });

  it('removes incrementally and re-adds', () => {
    const index = build();
    expect(index.remove(['d1', 'missing'])).toEqual(['d1']);
    expect(index.size).toBe(4);
    expect(index.search('aspirin heart attack', 5).map((h) => h.id)).not.toContain('d1');
    index.add('d1', docs.d1 as string);
    expect(index.search('aspirin heart attack', 1)[0]?.id).toBe('d1');
  });

  it('filters before top-k', () => {
    const hits = build().search('aspirin heart risk', 2, (id) => id !== 'd1' && id !== 'd3');
    expect(hits.map((h) => h.id)).toEqual(['d2']);
    const all = build().search('adults', 1, (id) => id === 'd4');
    expect(all.map((h) => h.id)).toEqual(['d4']);
  });

  it('weights a title field', () => {
    const index = new Bm25Index({ titleWeight: 3 });
    index.add('a', 'a study of outcomes', 'Insulin resistance');
    index.add('b', 'insulin was measured once among many other variables and outcomes');
    expect(index.search('insulin', 1)[0]?.id).toBe('a');
  });

  it('round-trips through JSON with identical scores', () => {
    const index = build({ k1: 1.2, b: 0.75 });
    const copy = Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(copy.k1).toBe(1.2);
    expect(copy.search('heart risk adults', 5)).toEqual(index.search('heart risk adults', 5));
    expect(() => Bm25Index.fromJSON({ format: 2 })).toThrow(
      expect.objectContaining({ code: 'index_corrupt' }),
    );
  });

  it('searches Chinese text', () => {
    const index = new Bm25Index();
    index.add('zh1', '大语言模型可以回答问题。');
    index.add('zh2', '今天的天气很好，适合散步。');
    expect(index.search('语言模型', 2)[0]?.id).toBe('zh1');
  });
});
