import type { NumberedSource } from '@grounded/llm';

export interface Citation {
  number: number;
  chunkId: string;
  documentId: string;
  documentTitle: string | null;
  page: number | null;
  /** Character span of `quote` in the document's extracted text. */
  start: number;
  end: number;
  quote: string;
}

const MARKER = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

/**
 * Finds the citation markers in an answer and resolves each to the exact passage it quotes.
 * When the sentence before a marker occurs verbatim in the cited source (the extractive answerer
 * always quotes verbatim), the citation points at that sentence; otherwise at the whole chunk.
 * Markers naming a source that was not provided are reported in `invalid`, never resolved.
 */
export function resolveCitations(
  answer: string,
  sources: readonly NumberedSource[],
): { citations: Citation[]; invalid: number[] } {
  const byNumber = new Map(sources.map((source) => [source.number, source]));
  const citations: Citation[] = [];
  const invalid: number[] = [];
  const seen = new Set<string>();
  let claimStart = 0;
  for (const match of answer.matchAll(MARKER)) {
    const claim = answer.slice(claimStart, match.index).replace(MARKER, '').trim();
    claimStart = match.index + match[0].length;
    for (const part of match[1]!.split(',')) {
      const number = Number(part.trim());
      const source = byNumber.get(number);
      if (!source) {
        invalid.push(number);
        continue;
      }
      const citation = locate(claim, source);
      const key = `${number}:${citation.start}:${citation.end}`;
      if (!seen.has(key)) {
        seen.add(key);
        citations.push(citation);
      }
    }
  }
  return { citations, invalid };
}

function locate(claim: string, source: NumberedSource): Citation {
  const at = claim.length > 0 ? source.text.indexOf(claim) : -1;
  const inSource = at >= 0 ? { start: at, end: at + claim.length } : { start: 0, end: source.text.length };
  return {
    number: source.number,
    chunkId: source.chunkId,
    documentId: source.documentId,
    documentTitle: source.title ?? null,
    page: source.page ?? null,
    start: source.start + inSource.start,
    end: source.start + inSource.end,
    quote: source.text.slice(inSource.start, inSource.end),
  };
}

/** Where in an answer a citation is made: the claim before its marker, through the marker. */
export interface CitedSpan {
  citation: Citation;
  /** Character offsets into the answer (UTF-16 code units, as JavaScript strings index). */
  start: number;
  end: number;
}

/**
 * Places resolved citations back in the answer they came from, for clients that keep citations
 * as spans of the message (OpenAI's annotations): each marker's span runs from the end of the
 * previous marker (leading space skipped) through the marker itself. Of several citations with a
 * marker's number, the one quoting the claim verbatim is chosen, as `resolveCitations` located it.
 */
export function citedSpans(answer: string, citations: readonly Citation[]): CitedSpan[] {
  const spans: CitedSpan[] = [];
  let claimStart = 0;
  for (const match of answer.matchAll(MARKER)) {
    const raw = answer.slice(claimStart, match.index);
    const claim = raw.replace(MARKER, '').trim();
    const start = claimStart + (raw.length - raw.trimStart().length);
    const end = match.index + match[0].length;
    claimStart = end;
    for (const part of match[1]!.split(',')) {
      const number = Number(part.trim());
      const candidates = citations.filter((citation) => citation.number === number);
      const citation = candidates.find((c) => c.quote === claim) ?? candidates[0];
      if (citation) spans.push({ citation, start, end });
    }
  }
  return spans;
}
