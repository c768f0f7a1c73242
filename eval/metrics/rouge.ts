import { stemmer } from 'stemmer';
import { fMeasure, ngramCounts, overlap, sumCounts } from './ngrams';

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters, as the common ROUGE scorer does (default true). */
  stem?: boolean;
  /** Replaces the default tokenizer (e.g. for Chinese, one token per character). */
  tokenize?: (text: string) => string[];
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/**
 * Lowercase, keep letters and digits, split on everything else. CJK characters become one token
 * each, since they have no spaces to split on.
 */
export function rougeTokenize(text: string, stem = true): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    if (CJK.test(raw)) {
      for (const ch of raw) out.push(ch);
    } else out.push(stem && raw.length > 3 ? stemmer(raw) : raw);
  }
  return out;
}

function rougeN(cand: string[], ref: string[], n: number): RougeScore {
  const c = ngramCounts(cand, n);
  const r = ngramCounts(ref, n);
  const hits = overlap(c, r);
  const cTotal = sumCounts(c);
  const rTotal = sumCounts(r);
  const precision = cTotal > 0 ? hits / cTotal : 0;
  const recall = rTotal > 0 ? hits / rTotal : 0;
  return { precision, recall, f1: fMeasure(precision, recall) };
}

/** Longest common subsequence length, O(n·m) time and O(m) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

/** ROUGE-1, ROUGE-2 and ROUGE-L (sentence-level LCS) of one candidate against one reference. */
export function rouge(candidate: string, reference: string, options: RougeOptions = {}): RougeScores {
  const tok = options.tokenize ?? ((t: string) => rougeTokenize(t, options.stem ?? true));
  const cand = tok(candidate);
  const ref = tok(reference);
  const lcs = lcsLength(cand, ref);
  const precision = cand.length > 0 ? lcs / cand.length : 0;
  const recall = ref.length > 0 ? lcs / ref.length : 0;
  return {
    rouge1: rougeN(cand, ref, 1),
    rouge2: rougeN(cand, ref, 2),
    rougeL: { precision, recall, f1: fMeasure(precision, recall) },
  };
}

/** Mean F1 of each ROUGE variant over pairs (the usual way corpus ROUGE is reported). */
export function meanRouge(
  pairs: readonly { candidate: string; reference: string }[],
  options: RougeOptions = {},
): { rouge1: number; rouge2: number; rougeL: number } {
  const sum = { rouge1: 0, rouge2: 0, rougeL: 0 };
  for (const p of pairs) {
    const s = rouge(p.candidate, p.reference, options);
    sum.rouge1 += s.rouge1.f1;
    sum.rouge2 += s.rouge2.f1;
    sum.rougeL += s.rougeL.f1;
  }
  const n = Math.max(1, pairs.length);
  return { rouge1: sum.rouge1 / n, rouge2: sum.rouge2 / n, rougeL: sum.rougeL / n };
}
