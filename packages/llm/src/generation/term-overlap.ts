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
