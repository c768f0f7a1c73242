/**
 * Character error rate: Levenshtein distance (insertions, deletions, substitutions of Unicode
 * code points) divided by the reference's length. Both texts are normalised first: every run of
 * whitespace becomes one space and the ends are trimmed, so line breaks and blank lines (which an
 * OCR ground truth and a reflowed extraction lay out differently) do not count; nothing else is
 * changed (case, punctuation and dashes count).
 */
export function normalizeForCer(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

export function characterErrorRate(
  reference: string,
  hypothesis: string,
): { cer: number; edits: number; length: number } {
  const ref = [...normalizeForCer(reference)];
  const hyp = [...normalizeForCer(hypothesis)];
  let previous = new Uint32Array(hyp.length + 1).map((_, j) => j);
  let current = new Uint32Array(hyp.length + 1);
  for (let i = 1; i <= ref.length; i++) {
    current[0] = i;
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  const edits = previous[hyp.length] ?? 0;
  return {
    cer: ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : edits / ref.length,
    edits,
    length: ref.length,
  };
}
