import { estimateTokens, splitSentences } from '@grounded/text';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { documentFromText } from './parse-document';
import type { ChunkedDocument, ExtractedDocument } from './types';

/** Deterministic pseudo-random prose, so tests are repeatable without fixtures on disk. */
function prose(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const syllables = [
    'ka',
    'lo',
    'mi',
    're',
    'tu',
    'san',
    'vel',
    'dor',
    'pen',
    'qua',
    'rix',
    'bo',
    'ne',
    'fi',
  ];
  const word = () =>
    Array.from(
      { length: 1 + Math.floor(next() * 3) },
      () => syllables[Math.floor(next() * syllables.length)],
    ).join('');
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 12) }, word);
    const first = words[0] ?? 'x';
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return `${words.join(' ')}.`;
  };
  const paragraph = (sentences: number) => Array.from({ length: sentences }, sentence).join(' ');
  return { sentence, paragraph, next };
}

function expectWellFormed(doc: ExtractedDocument, chunked: ChunkedDocument, maxTokens: number) {
  const parents = new Map(chunked.parents.map((p) => [p.id, p]));
  chunked.chunks.forEach((chunk, i) => {
    expect(chunk.ordinal).toBe(i);
    expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunk.tokenCount).toBe(estimateTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
    const parent = parents.get(chunk.parentId);
    expect(parent).toBeDefined();
    expect(parent && parent.start <= chunk.start && chunk.end <= parent.end).toBe(true);
    expect(parent?.headingPath).toEqual(chunk.headingPath);
  });
  for (const parent of chunked.parents) expect(doc.text.slice(parent.start, parent.end)).toBe(parent.text);
}

describe('chunkDocument', () => {
  it('records exact spans, heading paths, and cuts only between sentences', () => {
    const gen = prose(1);
    const markdown = [
      '# Guide',
      gen.paragraph(3),
      '## Setup',
      gen.paragraph(12),
      gen.paragraph(2),
      '## Usage',
      gen.paragraph(20),
    ].join('\n\n');
    const doc = documentFromText(markdown, 'markdown');
    const chunked = chunkDocument(doc, { documentKey: 'guide', maxTokens: 80, overlapTokens: 20 });
    expectWellFormed(doc, chunked, 80);
    const boundaries = new Set(splitSentences(doc.text).flatMap((s) => [`s${s.start}`, `e${s.end}`]));
    for (const chunk of chunked.chunks) {
      expect(boundaries.has(`s${chunk.start}`)).toBe(true);
      expect(boundaries.has(`e${chunk.end}`)).toBe(true);
    }
    expect(new Set(chunked.chunks.map((c) => c.headingPath.join(' > ')))).toEqual(
      new Set(['Guide', 'Guide > Setup', 'Guide > Usage']),
    );
    // A section boundary starts a chunk: no chunk mixes two sections.
    for (const chunk of chunked.chunks) {
      expect(doc.sections.some((s) => s.start <= chunk.start && chunk.end <= s.end)).toBe(true);
    }
  });

  it('never leaves a heading line alone in a chunk', () => {
    const doc = documentFromText(`# Title\n\n${prose(7).paragraph(25)}`, 'markdown');
    const { chunks } = chunkDocument(doc, { documentKey: 'heading', maxTokens: 100, overlapTokens: 10 });
    expect(chunks[0]?.text.startsWith('Title\n\n')).toBe(true);
    expect(chunks[0]?.tokenCount).toBeGreaterThan(50);
  });

  it('overlaps consecutive chunks inside a long paragraph, within the overlap budget', () => {
    const doc = documentFromText(prose(2).paragraph(40));
    const { chunks } = chunkDocument(doc, { documentKey: 'long', maxTokens: 60, overlapTokens: 25 });
    expect(chunks.length).toBeGreaterThan(5);
    let overlapping = 0;
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1];
      const current = chunks[i];
      if (!previous || !current) continue;
      expect(current.start).toBeGreaterThan(previous.start);
      if (current.start < previous.end) {
        overlapping++;
        expect(estimateTokens(doc.text.slice(current.start, previous.end))).toBeLessThanOrEqual(25);
      }
    }
    expect(overlapping).toBeGreaterThan(chunks.length / 2);
  });

  it('cuts a sentence longer than the budget at word boundaries', () => {
    const words = Array.from({ length: 250 }, (_, i) => `word${i}`);
    const doc = documentFromText(`${words.join(' ')}.`);
    const chunked = chunkDocument(doc, { documentKey: 'run-on', maxTokens: 100, overlapTokens: 0 });
    expectWellFormed(doc, chunked, 100);
    expect(chunked.chunks.length).toBe(3);
    for (const chunk of chunked.chunks) {
      expect(chunk.text).toMatch(/^word\d+\b/);
      expect(chunk.text).toMatch(/(word\d+|\.)$/);
    }
  });

  it('chunks Chinese text by characters at sentence ends', () => {
    const sentence = (i: number) => `第${i}条规定员工每年享有带薪年假，具体天数取决于工龄。`;
    const text = Array.from({ length: 30 }, (_, i) => sentence(i + 1)).join('');
    const doc = documentFromText(text);
    expect(doc.language).toBe('zh');
    const chunked = chunkDocument(doc, { documentKey: 'zh', maxTokens: 100, overlapTokens: 20 });
    expectWellFormed(doc, chunked, 100);
    expect(chunked.chunks.length).toBeGreaterThan(5);
    for (const chunk of chunked.chunks) expect(chunk.text.endsWith('。')).toBe(true);
  });

  it('starts a new chunk at every page boundary and records the page', () => {
    const gen = prose(3);
    const pageTexts = [gen.paragraph(2), gen.paragraph(2), gen.paragraph(2)];
    const text = pageTexts.join('\n\n');
    let offset = 0;
    const pages = pageTexts.map((pageText, i) => {
      const span = { number: i + 1, start: offset, end: offset + pageText.length };
      offset += pageText.length + 2;
      return span;
    });
    const doc: ExtractedDocument = {
      format: 'pdf',
      text,
      title: null,
      pages,
      sections: [{ headingPath: [], start: 0, end: text.length }],
      tables: [],
      language: 'en',
      metadata: {},
    };
    const { chunks, parents } = chunkDocument(doc, {
      documentKey: 'paged',
      maxTokens: 500,
      overlapTokens: 30,
    });
    expect(parents).toHaveLength(1); // the parent spans pages for context
    expect(chunks.map((c) => [c.page, c.start, c.end])).toEqual(pages.map((p) => [p.number, p.start, p.end]));
  });

  it('builds parents of at most parentMaxTokens whose children point back to them', () => {
    const gen = prose(4);
    const doc = documentFromText(Array.from({ length: 12 }, () => gen.paragraph(6)).join('\n\n'));
    const chunked = chunkDocument(doc, {
      documentKey: 'parents',
      maxTokens: 50,
      overlapTokens: 10,
      parentMaxTokens: 200,
    });
    expectWellFormed(doc, chunked, 50);
    expect(chunked.parents.length).toBeGreaterThan(3);
    for (const parent of chunked.parents) expect(estimateTokens(parent.text)).toBeLessThanOrEqual(200);
    expect(new Set(chunked.chunks.map((c) => c.parentId)).size).toBe(chunked.parents.length);
  });

  it('gives stable ids: same input, same ids; another document key, other ids; repeats stay distinct', () => {
    const gen = prose(5);
    // ~120 tokens each: every paragraph becomes a chunk of its own under the default budget.
    const repeated = gen.paragraph(8);
    const doc = documentFromText([repeated, gen.paragraph(8), repeated].join('\n\n'));
    const a = chunkDocument(doc, { documentKey: 'doc-a' });
    const b = chunkDocument(documentFromText(doc.text), { documentKey: 'doc-a' });
    const c = chunkDocument(doc, { documentKey: 'doc-b' });
    expect(b.chunks.map((x) => x.id)).toEqual(a.chunks.map((x) => x.id));
    expect(c.chunks.some((x) => a.chunks.some((y) => y.id === x.id))).toBe(false);
    expect(new Set(a.chunks.map((x) => x.id)).size).toBe(a.chunks.length);
    expect(a.chunks).toHaveLength(3);
    const [first, , third] = a.chunks;
    expect(first?.contentHash).toBe(third?.contentHash);
  });

  it('editing one paragraph of a ~50-chunk document changes only a few chunk ids', () => {
    const gen = prose(6);
    const blocks: string[] = [];
    for (let s = 0; s < 7; s++) {
      blocks.push(`## Part ${s + 1}`);
      // Paragraph sizes vary from ~30 to ~230 tokens, like real prose.
      for (let p = 0; p < 8; p++) blocks.push(gen.paragraph(2 + Math.floor(gen.next() * 12)));
    }
    const original = documentFromText(blocks.join('\n\n'), 'markdown');
    const before = chunkDocument(original, { documentKey: 'handbook' });
    expect(before.chunks.length).toBeGreaterThanOrEqual(45);
    expect(before.chunks.length).toBeLessThanOrEqual(80);

    const changedCounts: number[] = [];
    const bodyIndexes = blocks.map((b, i) => (b.startsWith('## ') ? -1 : i)).filter((i) => i >= 0);
    for (const index of bodyIndexes.filter((_, k) => k % 7 === 3)) {
      const edited = [...blocks];
      // Rewrite one sentence and add another: the paragraph changes length, as real edits do.
      edited[index] =
        `${gen.sentence()} ${(blocks[index] ?? '').split('. ').slice(1).join('. ')} ${gen.sentence()}`;
      const after = chunkDocument(documentFromText(edited.join('\n\n'), 'markdown'), {
        documentKey: 'handbook',
      });
      const old = new Set(before.chunks.map((c) => c.id));
      changedCounts.push(after.chunks.filter((c) => !old.has(c.id)).length);
    }
    console.info(
      `[ingest] ${before.chunks.length}-chunk document, one paragraph edited: re-embedded chunks per edit = ${changedCounts.join(', ')}`,
    );
    for (const changed of changedCounts) {
      expect(changed).toBeGreaterThanOrEqual(1);
      expect(changed).toBeLessThanOrEqual(3);
    }
  });

  it('rejects an overlap that is not smaller than the chunk size', () => {
    const doc = documentFromText('One sentence.');
    expect(() => chunkDocument(doc, { documentKey: 'x', maxTokens: 10, overlapTokens: 10 })).toThrowError(
      expect.objectContaining({ code: 'invalid_chunk_options' }),
    );
  });
});
