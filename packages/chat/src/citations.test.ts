import type { NumberedSource } from '@grounded/llm';
import { describe, expect, it } from 'vitest';
import { citedSpans, resolveCitations } from './citations';

function source(number: number, text: string, documentId: string): NumberedSource {
  const start = 100 * number;
  return {
    number,
    chunkId: `chunk-${number}`,
    documentId,
    text,
    start,
    end: start + text.length,
    score: 1,
    title: documentId,
  };
}

describe('citedSpans', () => {
  it('places each citation on the claim its marker closes, marker included', () => {
    const sources = [
      source(1, 'The trial lasts 30 days. No card is needed.', 'faq'),
      source(2, 'Plans start at 10 euros a month.', 'pricing'),
    ];
    const answer =
      'The trial lasts 30 days. [1] Plans start at 10 euros a month. [2] No card is needed. [1, 2]';
    const { citations } = resolveCitations(answer, sources);
    const spans = citedSpans(answer, citations);
    expect(spans.map((span) => [span.citation.number, answer.slice(span.start, span.end)])).toEqual([
      [1, 'The trial lasts 30 days. [1]'],
      [2, 'Plans start at 10 euros a month. [2]'],
      [1, 'No card is needed. [1, 2]'],
      [2, 'No card is needed. [1, 2]'],
    ]);
    // The same source cited for two claims: each span carries the citation quoting its own claim.
    expect(spans[0]!.citation.quote).toBe('The trial lasts 30 days.');
    expect(spans[2]!.citation.quote).toBe('No card is needed.');
  });

  it('skips markers with no resolved citation', () => {
    expect(citedSpans('Nothing cited [3].', [])).toEqual([]);
  });
});
