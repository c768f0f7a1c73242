/**
 * Contrastive conjunctions shift the weight of a sentence to the clause after them ("the plot is
 * thin, but the acting is superb" is positive). VADER (Hutto & Gilbert, 2014) weights words before
 * "but" by 0.5 and after by 1.5; we apply the same fixed weights to clause scores. The weights come
 * from that paper, not from tuning on any evaluation set.
 */
export const CONTRAST_BEFORE_WEIGHT = 0.5;
export const CONTRAST_AFTER_WEIGHT = 1.5;

/** Only short, sentence-like texts: in a long review the last "but" says little about the whole. */
const MAX_WORDS = 60;

/** Splits at the last " but " / " however " when the text is short and both sides have words. */
export function splitAtContrast(text: string): { before: string; after: string } | null {
  const words = text.trim().split(/\s+/);
  if (words.length > MAX_WORDS) return null;
  const re = /(?:^|[\s,;])(but|however)(?=[\s,])/gi;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) last = m;
  if (!last) return null;
  const cut = last.index + last[0].length;
  const before = text.slice(0, last.index).trim();
  const after = text
    .slice(cut)
    .replace(/^[\s,]+/, '')
    .trim();
  if (!/\w/.test(before) || !/\w/.test(after)) return null;
  return { before, after };
}

/** Combines clause scores with the fixed VADER weights, keeping the result in [-1, 1]. */
export function combineContrast(before: number, after: number): number {
  const s = (CONTRAST_BEFORE_WEIGHT * before + CONTRAST_AFTER_WEIGHT * after) / 2;
  return Math.max(-1, Math.min(1, s));
}

/**
 * Each text's score: of the whole text, or, for a text that splits at a contrast, of its two
 * clauses combined. Every clause is scored in one batch with the whole texts' call already made.
 */
export async function scoresAcrossContrast(
  texts: readonly string[],
  whole: readonly number[],
  split: (text: string) => { before: string; after: string } | null,
  rawScores: (texts: readonly string[]) => Promise<number[]>,
): Promise<number[]> {
  const splits = texts.map(split);
  const clauses: string[] = [];
  for (const s of splits) if (s) clauses.push(s.before, s.after);
  const clauseScores = clauses.length > 0 ? await rawScores(clauses) : [];
  let k = 0;
  return texts.map((_, i) => {
    if (!splits[i]) return whole[i] ?? 0;
    const before = clauseScores[k++] ?? 0;
    const after = clauseScores[k++] ?? 0;
    return combineContrast(before, after);
  });
}
