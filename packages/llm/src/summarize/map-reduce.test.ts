import { hasShared, sharedPath } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { createTransformersGenerator } from '../generation/transformers-generator';
import type { GenerationEvent, GenerationRequest, Generator } from '../generation/types';
import { chunkSections, summarizeMapReduce } from './map-reduce';
import type { SummarizeProgress } from './types';

/**
 * A deterministic generator written for this test: it "summarises" by returning the first sentence
 * of the text after "Text:", so where every output sentence came from is known exactly.
 */
function firstSentenceGenerator(contextWindow = 120): Generator & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    id: 'test:first-sentence',
    contextWindow,
    prompts,
    countTokens: (t) => t.split(/\s+/).filter(Boolean).length,
    async *generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
      prompts.push(user);
      const text = user.split('Text:\n')[1] ?? '';
      const first = /^[^\n]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
      yield { type: 'delta', text: first };
      yield { type: 'end', stopReason: 'stop', usage: { promptTokens: 0, completionTokens: 1 } };
    },
    async close() {},
  };
}

const sections = [
  'Alpha bananas grow in warm valleys. They need lots of rain. Farmers pick them green.',
  'Beta trains run between the two cities. They leave every hour. Tickets are cheap.',
  'Gamma telescopes watch distant stars. They are built on high mountains. Nights there are clear.',
];

describe('summarizeMapReduce (deterministic test generator)', () => {
  it('maps each section, reduces, and attributes each sentence to its source span', async () => {
    const gen = firstSentenceGenerator(400);
    const progress: SummarizeProgress[] = [];
    const out = await summarizeMapReduce({
      sections,
      generator: gen,
      maxTokens: 50,
      onProgress: (p) => progress.push(p),
    });
    expect(out.parts.map((p) => p.text)).toEqual([
      'Alpha bananas grow in warm valleys.',
      'Beta trains run between the two cities.',
      'Gamma telescopes watch distant stars.',
    ]);
    expect(out.parts.map((p) => p.source)).toEqual(
      sections.map((s, i) => ({ section: i, start: 0, end: s.length })),
    );
    // The reduce prompt sees the partial summaries; the echo keeps the first.
    expect(out.text).toBe('Alpha bananas grow in warm valleys.');
    expect(out.sentences[0]?.sources).toEqual([{ section: 0, start: 0, end: sections[0]?.length }]);
    expect(progress).toEqual([
      { stage: 'map', done: 1, total: 3 },
      { stage: 'map', done: 2, total: 3 },
      { stage: 'map', done: 3, total: 3 },
      { stage: 'reduce', done: 1, total: 1 },
    ]);
    expect(out.generatorId).toBe('test:first-sentence');
  });

  it('splits a section that does not fit the context window, with spans into that section', () => {
    const gen = firstSentenceGenerator(150);
    const long = Array.from({ length: 20 }, (_, i) => `Sentence number ${i} talks about topic ${i}.`).join(
      ' ',
    );
    const chunks = chunkSections([long], gen, 10);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(long.slice(c.span.start, c.span.end)).toBe(c.text);
      expect(gen.countTokens(c.text)).toBeLessThanOrEqual(150 - 10 - 96);
    }
    // Contiguous and complete coverage, in order.
    expect(chunks[0]?.span.start).toBe(0);
    expect(chunks.at(-1)?.span.end).toBe(long.length);
  });

  it('drops sentences the support check rejects', async () => {
    const out = await summarizeMapReduce({
      sections: [sections[1] as string],
      generator: firstSentenceGenerator(400),
      maxTokens: 50,
      isSupported: async (sentence, sources) =>
        sources.some((s) => s.includes(sentence)) && !sentence.includes('Beta'),
    });
    expect(out.dropped).toEqual(['Beta trains run between the two cities.']);
    expect(out.text).toBe('');
  });

  it('rejects a context window with no room', async () => {
    await expect(
      summarizeMapReduce({ sections, generator: firstSentenceGenerator(100), maxTokens: 50 }),
    ).rejects.toMatchObject({ code: 'context_too_small' });
  });
});

// A real (tiny, story-trained) model through the generation helper's transformers.js adapter:
// its text is nonsense for summaries, so only the plumbing is asserted.
// The fixture lives in ../shared, which a fresh clone may lack: skip without it.
const noFixtures = !hasShared('models', 'fixtures');
describe.skipIf(noFixtures)(
  'summarizeMapReduce with a real fixture generator (stories260K) (needs ../shared/models/fixtures)',
  () => {
    it('produces text and spans through map and reduce', async () => {
      const gen = await createTransformersGenerator({
        model: 'local/stories260K',
        localModelPath: sharedPath('models', 'fixtures'),
      });
      try {
        const out = await summarizeMapReduce({ sections, generator: gen, maxTokens: 24 });
        expect(out.parts).toHaveLength(3);
        expect(typeof out.text).toBe('string');
        for (const s of out.sentences) expect(s.sources.length).toBeGreaterThan(0);
      } finally {
        await gen.close();
      }
    });
  },
);
