import { AppError, sha256Hex, stableId } from '@grounded/core';
import { estimateTokens, splitSentences, tokenPattern } from '@grounded/text';
import type {
  Chunk,
  ChunkedDocument,
  ChunkOptions,
  ExtractedDocument,
  PageSpan,
  ParentChunk,
  SectionSpan,
} from './types';

export const DEFAULT_CHUNK_OPTIONS = { maxTokens: 200, overlapTokens: 30, parentMaxTokens: 800 } as const;

/** A sentence (or a piece of an oversized one): the smallest thing a chunk boundary may fall after. */
interface Unit {
  start: number;
  end: number;
  tokens: number;
  page: number | null;
  /** A blank line (paragraph break) follows this unit, or the section ends here. */
  paragraphEnd: boolean;
}

function pageAt(pages: PageSpan[], offset: number): number | null {
  let found: number | null = pages[0]?.number ?? null;
  for (const page of pages) {
    if (page.start <= offset) found = page.number;
    else break;
  }
  return found;
}

/** Cuts a sentence longer than the budget at token (word, or CJK character) boundaries. */
function splitOversized(
  text: string,
  start: number,
  end: number,
  maxTokens: number,
): { start: number; end: number }[] {
  const slice = text.slice(start, end);
  const tokens = [...slice.matchAll(tokenPattern())];
  const pieces: { start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i += maxTokens) {
    const first = tokens[i];
    const last = tokens[Math.min(tokens.length, i + maxTokens) - 1];
    if (!first || !last) continue;
    pieces.push({ start: start + first.index, end: start + last.index + last[0].length });
  }
  return pieces;
}

/**
 * Cuts a table row longer than the budget between its cells ("h: v; h: v" or "a | b"), so each
 * piece still reads "header: value"; a single cell over the budget is cut at token boundaries.
 */
function splitRowAtCells(
  text: string,
  start: number,
  end: number,
  maxTokens: number,
): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let from = start;
  for (const separator of text.slice(start, end).matchAll(/; | \| /g)) {
    cells.push({ start: from, end: start + separator.index });
    from = start + separator.index + separator[0].length;
  }
  cells.push({ start: from, end });
  const pieces: { start: number; end: number }[] = [];
  let piece: { start: number; end: number } | null = null;
  for (const cell of cells) {
    if (estimateTokens(text.slice(cell.start, cell.end)) > maxTokens) {
      if (piece) pieces.push(piece);
      piece = null;
      pieces.push(...splitOversized(text, cell.start, cell.end, maxTokens));
    } else if (piece && estimateTokens(text.slice(piece.start, cell.end)) <= maxTokens) {
      piece.end = cell.end;
    } else {
      if (piece) pieces.push(piece);
      piece = { ...cell };
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function sectionUnits(doc: ExtractedDocument, section: SectionSpan, maxTokens: number): Unit[] {
  const { text } = doc;
  // Non-paged formats carry one synthetic page; their chunks report no page at all.
  const pages = doc.format === 'pdf' ? doc.pages : [];
  // A table splits between rows only: each line is a unit that may end a chunk.
  const sentences = section.table
    ? lineSpans(text.slice(section.start, section.end))
    : splitSentences(text.slice(section.start, section.end), { language: doc.language });
  const units: Unit[] = [];
  sentences.forEach((sentence, i) => {
    const start = section.start + sentence.start;
    const end = section.start + sentence.end;
    const nextStart = sentences[i + 1] ? section.start + (sentences[i + 1]?.start ?? 0) : section.end;
    const paragraphEnd = i === sentences.length - 1 || text.slice(end, nextStart).includes('\n\n');
    const tokens = estimateTokens(text.slice(start, end));
    const pieces =
      tokens <= maxTokens
        ? [{ start, end }]
        : section.table
          ? splitRowAtCells(text, start, end, maxTokens)
          : splitOversized(text, start, end, maxTokens);
    pieces.forEach((piece, p) => {
      units.push({
        start: piece.start,
        end: piece.end,
        tokens: pieces.length > 1 ? estimateTokens(text.slice(piece.start, piece.end)) : tokens,
        page: pageAt(pages, piece.start),
        paragraphEnd: paragraphEnd && p === pieces.length - 1,
      });
    });
  });
  return units;
}

function lineSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(/[^\n]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * Greedy packing that prefers to close a group at a paragraph end once the group is half full.
 * Boundaries then mostly sit on paragraph ends, so an edit inside one paragraph moves no boundary
 * outside it, and the chunks (and ids) of the rest of the document stay the same.
 */
function packUnits(
  units: Unit[],
  budget: number,
  options: { overlap: number; breakOnPage: boolean },
): { first: number; last: number }[] {
  const groups: { first: number; last: number }[] = [];
  let first = 0;
  while (first < units.length) {
    let tokens = 0;
    let last = first;
    for (let i = first; i < units.length; i++) {
      const unit = units[i] as Unit;
      if (i > first && tokens + unit.tokens > budget) break;
      if (i > first && options.breakOnPage && unit.page !== units[i - 1]?.page) break;
      tokens += unit.tokens;
      last = i;
      if (unit.paragraphEnd && tokens >= budget / 2) break;
      if (unit.paragraphEnd) {
        // Would the whole next paragraph still fit? If not, end here rather than split it.
        let next = 0;
        for (let j = i + 1; j < units.length; j++) {
          next += (units[j] as Unit).tokens;
          if ((units[j] as Unit).paragraphEnd) break;
        }
        // A tiny group (a lone heading line) rides along instead of becoming a chunk of its own.
        if (tokens + next > budget && tokens >= budget / 4) break;
      }
    }
    groups.push({ first, last });
    if (last + 1 >= units.length) break;
    // Overlap only inside flowing text: not after a paragraph end, never across a page break.
    let nextFirst = last + 1;
    const closing = units[last] as Unit;
    if (options.overlap > 0 && !closing.paragraphEnd && (units[last + 1] as Unit).page === closing.page) {
      let carried = 0;
      for (let j = last; j > first; j--) {
        carried += (units[j] as Unit).tokens;
        if (carried > options.overlap) break;
        nextFirst = j;
      }
    }
    first = nextFirst;
  }
  return groups;
}

function resolveOptions(options: ChunkOptions) {
  const maxTokens = options.maxTokens ?? DEFAULT_CHUNK_OPTIONS.maxTokens;
  const overlapTokens = options.overlapTokens ?? DEFAULT_CHUNK_OPTIONS.overlapTokens;
  const parentMaxTokens = Math.max(
    maxTokens,
    options.parentMaxTokens ?? DEFAULT_CHUNK_OPTIONS.parentMaxTokens,
  );
  if (!(maxTokens >= 1) || !(overlapTokens >= 0) || overlapTokens >= maxTokens) {
    throw new AppError(
      'invalid_chunk_options',
      'Chunk options need maxTokens ≥ 1 and 0 ≤ overlapTokens < maxTokens.',
      {
        details: { maxTokens, overlapTokens, parentMaxTokens },
      },
    );
  }
  return { maxTokens, overlapTokens, parentMaxTokens };
}

/** Assigns `stableId([key, ...prefix, hash, n])`, n counting earlier items with the same hash. */
function occurrenceIds(documentKey: string, prefix: string[]) {
  const seen = new Map<string, number>();
  return (contentHash: string): string => {
    const occurrence = seen.get(contentHash) ?? 0;
    seen.set(contentHash, occurrence + 1);
    return stableId([documentKey, ...prefix, contentHash, occurrence]);
  };
}

/**
 * Splits a document into parent (context) chunks and child (matching) chunks. Sections and pages
 * start new chunks; boundaries fall between sentences; children overlap within flowing text.
 * Ids derive from the document key and the content (plus the occurrence index of identical
 * content), so unchanged text keeps its id across re-uploads and edits elsewhere.
 */
export function chunkDocument(
  doc: ExtractedDocument,
  options: ChunkOptions & { documentKey: string },
): ChunkedDocument {
  const { maxTokens, overlapTokens, parentMaxTokens } = resolveOptions(options);
  const sections: SectionSpan[] =
    doc.sections.length > 0 ? doc.sections : [{ headingPath: [], start: 0, end: doc.text.length }];
  const parentId = occurrenceIds(options.documentKey, ['parent']);
  const childId = occurrenceIds(options.documentKey, []);
  const parents: ParentChunk[] = [];
  const chunks: Chunk[] = [];

  for (const section of sections) {
    const units = sectionUnits(doc, section, maxTokens);
    for (const parentGroup of packUnits(units, parentMaxTokens, { overlap: 0, breakOnPage: false })) {
      const parentUnits = units.slice(parentGroup.first, parentGroup.last + 1);
      const pStart = parentUnits[0]?.start ?? section.start;
      const pEnd = parentUnits.at(-1)?.end ?? section.end;
      const parentText = doc.text.slice(pStart, pEnd);
      const parent: ParentChunk = {
        id: parentId(sha256Hex(parentText)),
        text: parentText,
        start: pStart,
        end: pEnd,
        page: parentUnits[0]?.page ?? null,
        headingPath: [...section.headingPath],
      };
      parents.push(parent);
      // Rows of a table are whole facts: they never repeat in the next chunk as overlap.
      const overlap = section.table ? 0 : overlapTokens;
      for (const group of packUnits(parentUnits, maxTokens, { overlap, breakOnPage: true })) {
        const start = parentUnits[group.first]?.start ?? pStart;
        const end = parentUnits[group.last]?.end ?? pEnd;
        const text = doc.text.slice(start, end);
        const contentHash = sha256Hex(text);
        chunks.push({
          id: childId(contentHash),
          ordinal: chunks.length,
          text,
          start,
          end,
          page: parentUnits[group.first]?.page ?? null,
          headingPath: [...section.headingPath],
          parentId: parent.id,
          tokenCount: estimateTokens(text),
          contentHash,
        });
      }
    }
  }
  return { chunks, parents };
}
