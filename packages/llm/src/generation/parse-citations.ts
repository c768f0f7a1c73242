export interface CitationRef {
  number: number;
  /** Index in the ORIGINAL answer of the `[` that opens the citation group. */
  index: number;
}

export interface ParsedCitations {
  /** Valid citations, in order of appearance. */
  citations: CitationRef[];
  /** Citations to numbers that were not among the provided sources. */
  invalid: CitationRef[];
  /** The answer with invalid citations removed (a group keeps its valid numbers). */
  cleaned: string;
}

// [1], [1, 2], [1,2,3]; adjacent groups ([1][2]) are simply separate matches.
const GROUP = /\[\s*(\d{1,4}(?:\s*,\s*\d{1,4})*)\s*\]/gu;

/** Maps every `[n]` in a generated answer to a provided source; drops and flags the rest. */
export function parseCitations(answer: string, validNumbers: ReadonlySet<number>): ParsedCitations {
  const citations: CitationRef[] = [];
  const invalid: CitationRef[] = [];
  let cleaned = '';
  let last = 0;
  for (const match of answer.matchAll(GROUP)) {
    const index = match.index;
    const numbers = (match[1] ?? '').split(',').map((n) => Number(n.trim()));
    const keep: number[] = [];
    for (const number of numbers) {
      if (validNumbers.has(number)) {
        citations.push({ number, index });
        keep.push(number);
      } else {
        invalid.push({ number, index });
      }
    }
    let before = answer.slice(last, index);
    if (keep.length === numbers.length) {
      cleaned += before + match[0];
    } else if (keep.length > 0) {
      cleaned += `${before}[${keep.join(', ')}]`;
    } else {
      // Removing "word [9]." must not leave "word ." behind.
      const after = answer[index + match[0].length];
      if (after === undefined || /[\s.,;:!?。，；：！？)\]]/u.test(after))
        before = before.replace(/[ \t]+$/u, '');
      cleaned += before;
    }
    last = index + match[0].length;
  }
  cleaned += answer.slice(last);
  return { citations, invalid, cleaned };
}
