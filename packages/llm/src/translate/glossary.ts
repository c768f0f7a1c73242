/**
 * Glossary enforcement: each term is swapped for a placeholder the model has no reason to
 * translate, and after translation the placeholder is replaced with the term's fixed translation.
 * Models sometimes add spaces inside placeholders or change their case, so restoring is tolerant.
 */
export interface ProtectedText {
  text: string;
  /** Placeholder index → fixed translation. */
  replacements: string[];
  /** Placeholder index → source term. */
  terms: string[];
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

export function placeholder(i: number): string {
  return `__G${i}__`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function protectGlossary(text: string, glossary: Record<string, string> | undefined): ProtectedText {
  const entries = Object.entries(glossary ?? {}).filter(([term]) => term.trim() !== '');
  if (entries.length === 0) return { text, replacements: [], terms: [] };
  // Longest first, so "New York City" wins over "New York".
  entries.sort((a, b) => b[0].length - a[0].length);
  const terms: string[] = [];
  const replacements: string[] = [];
  let out = text;
  for (const [term, translation] of entries) {
    // Whole words for alphabetic terms; CJK has no word boundaries to respect.
    const pattern = CJK.test(term)
      ? new RegExp(escapeRegExp(term), 'gu')
      : new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(term)}(?![\\p{L}\\p{N}_])`, 'giu');
    if (!pattern.test(out)) continue;
    const i = terms.length;
    terms.push(term);
    replacements.push(translation);
    out = out.replace(pattern, placeholder(i));
  }
  return { text: out, replacements, terms };
}

/** Puts the fixed translations back; returns the terms whose placeholder was lost. */
export function restoreGlossary(translated: string, p: ProtectedText): { text: string; missing: string[] } {
  const seen = new Set<number>();
  const text = translated.replace(/_\s*_\s*[gG]\s*(\d+)\s*_\s*_/g, (match, digits: string) => {
    const i = Number(digits);
    const replacement = p.replacements[i];
    if (replacement === undefined) return match;
    seen.add(i);
    return replacement;
  });
  const missing = p.terms.filter((_, i) => !seen.has(i));
  return { text, missing };
}
