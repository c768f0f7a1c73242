import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Terms for lexical matching: stemmed English words without stop words, plus character bigrams
 * for CJK runs (Chinese has no spaces, and bigrams are the usual cheap stand-in for words).
 */
let stopWords: Set<string> | undefined;
function englishStopWords(): Set<string> {
  // Built on first use rather than at import time (no work at import).
  stopWords ??= new Set([
    ...eng,
    'what',
    'which',
    'who',
    'whom',
    'whose',
    'when',
    'where',
    'why',
    'how',
    'did',
    'does',
  ]);
  return stopWords;
}

const HAN = /\p{Script=Han}/u;
const TOKEN = /\p{Script=Han}+|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function lexicalTerms(text: string): string[] {
  const terms: string[] = [];
  const stop = englishStopWords();
  for (const [token] of text.toLowerCase().matchAll(TOKEN)) {
    if (HAN.test(token)) {
      const chars = [...token];
      if (chars.length === 1) terms.push(token);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(`${chars[i]}${chars[i + 1]}`);
      continue;
    }
    const word = token.replace(/['’]s$/u, '');
    if (stop.has(word)) continue;
    // Single letters carry almost no meaning in English; digits do ("3", "7").
    if (word.length < 2 && !/\p{N}/u.test(word)) continue;
    terms.push(stemmer(word));
  }
  return terms;
}

/**
 * Share of the question's distinct terms that the sentence contains, in [0, 1]. Coverage of the
 * question (not of the sentence) is what says "this sentence is about what was asked".
 */
export function termCoverage(questionTerms: ReadonlySet<string>, sentenceTerms: ReadonlySet<string>): number {
  if (questionTerms.size === 0) return 0;
  let hits = 0;
  for (const term of questionTerms) if (sentenceTerms.has(term)) hits++;
  return hits / questionTerms.size;
}

/** Jaccard overlap of two term sets, used to skip near-duplicate sentences. */
export function termJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}
