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
    const hits = build().search('aspirin heart risk', 2, { filter: (id) => id !== 'd1' && id !== 'd3' });
    expect(hits.map((h) => h.id)).toEqual(['d2']);
    const all = build().search('adults', 1, { filter: (id) => id === 'd4' });
    expect(all.map((h) => h.id)).toEqual(['d4']);
  });

  it('scores what passes the filter as if the entries it rejects held none of its terms', () => {
    // An outsider's note holds two rare words once each; a restricted memo holds one of them. Had
    // the memo's postings counted, the words' scores would differ and say which one it holds.
    for (const groupWeight of [0, 0.5]) {
      const index = new Bm25Index();
      index.add('note', 'Quillon and Marrowby are both mentioned here.', undefined, 'doc-note');
      index.add('memo', 'The Quillon merger is secret. Quillon closes soon.', undefined, 'doc-memo');
      index.add('other', 'Holidays are booked in the staff portal.', undefined, 'doc-other');
      const outsider = { filter: (id: string) => id !== 'memo', groupWeight };
      const quillon = index.search('Quillon', 5, outsider);
      const marrowby = index.search('Marrowby', 5, outsider);
      expect(quillon.map((hit) => hit.id)).toEqual(['note']);
      expect(quillon[0]!.score).toBeCloseTo(marrowby[0]!.score, 12);
      // Unfiltered, the memo's postings count as before.
      expect(index.search('Quillon', 5, { groupWeight })[1]!.score).toBeLessThan(marrowby[0]!.score);
    }
  });

  it('scores unfiltered exactly as with a filter that passes everything (same order, same bits)', () => {
    const index = new Bm25Index({ titleWeight: 2 });
    const words = [
      'aspirin',
      'heart',
      'risk',
      'adults',
      'sleep',
      'bone',
      'willow',
      'drug',
      'women',
      'quality',
    ];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 5 + (i % 11) }, (_, j) => words[(i * 7 + j * j) % words.length]).join(
        ' ',
      );
      index.add(`c${i}`, text, i % 3 === 0 ? words[i % words.length] : undefined, `g${i % 17}`);
    }
    index.remove(['c5', 'c77', 'c200']);
    for (const groupWeight of [0, 0.5]) {
      for (const query of ['aspirin heart risk', 'sleep sleep quality women', 'willow']) {
        const plain = index.search(query, 50, { groupWeight });
        const passing = index.search(query, 50, { groupWeight, filter: () => true });
        expect(plain.length).toBeGreaterThan(0);
        expect(plain.map((h) => [h.id, h.score])).toEqual(passing.map((h) => [h.id, h.score]));
      }
    }
  });

  it('weights a title field', () => {
    const index = new Bm25Index({ titleWeight: 3 });
    index.add('a', 'a study of outcomes', 'Insulin resistance');
    index.add('b', 'insulin was measured once among many other variables and outcomes');
    expect(index.search('insulin', 1)[0]?.id).toBe('a');
  });

  it('adds the weighted score of the whole group (document) to each matching chunk', () => {
    const index = new Bm25Index();
    // Document A matches both query terms, but in different chunks; B matches both in one chunk.
    index.add('a1', 'aspirin was given daily to the treated adults', undefined, 'A');
    index.add('a2', 'stroke outcomes were recorded for a year', undefined, 'A');
    index.add('b1', 'aspirin and stroke are mentioned together once', undefined, 'B');
    index.add('b2', 'the rest of document B is about gardening and weather', undefined, 'B');
    index.add('c1', 'stroke rehabilitation programmes', undefined, 'C');
    const plain = index.search('aspirin stroke', 5);
    expect(plain[0]?.id).toBe('b1');
    // Chunk a2 alone scores like c1; with group scoring, A's other chunk lifts it above c1.
    const grouped = index.search('aspirin stroke', 5, { groupWeight: 2 });
    const rank = (hits: { id: string }[], id: string) => hits.findIndex((h) => h.id === id);
    expect(rank(grouped, 'a2')).toBeLessThan(rank(grouped, 'c1'));
    expect(rank(plain, 'a2')).toBeGreaterThan(rank(plain, 'c1'));
    // Chunks without a query term are not returned just because their group matches.
    expect(grouped.map((h) => h.id)).not.toContain('b2');
  });

  it('keeps group scores current when chunks are replaced and removed', () => {
    const fresh = () => {
      const index = new Bm25Index();
      index.add('x1', 'insulin resistance in mice', undefined, 'X');
      index.add('y1', 'insulin levels', undefined, 'Y');
      return index;
    };
    const index = fresh();
    index.add('x2', 'obesity and diabetes', undefined, 'X');
    index.add('x2', 'obesity and diabetes', undefined, 'X'); // replacing must not double-count
    index.remove(['x2']);
    // After the add/replace/remove round trip, X is indexed exactly as it was.
    expect(index.search('insulin diabetes', 5, { groupWeight: 1 })).toEqual(
      fresh().search('insulin diabetes', 5, { groupWeight: 1 }),
    );
  });

  it('round-trips through JSON with identical scores', () => {
    const index = build({ k1: 0.9, b: 0.4 });
    index.add('g1', 'heart risk in one chunk', undefined, 'G');
    index.add('g2', 'adults in the other', undefined, 'G');
    const copy = Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(copy.k1).toBe(0.9);
    expect(copy.search('heart risk adults', 5, { groupWeight: 1 })).toEqual(
      index.search('heart risk adults', 5, { groupWeight: 1 }),
    );
    // Format 1 (light stemming, no groups) is refused, so the owner rebuilds from Postgres.
    expect(() => Bm25Index.fromJSON({ ...index.toJSON(), format: 1 })).toThrow(
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
