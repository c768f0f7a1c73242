import { ngramCounts, sumCounts } from './ngrams';

export type BleuTokenizer = '13a' | 'zh' | 'none';

export interface BleuOptions {
  tokenize?: BleuTokenizer;
  /** 'exp' (sacreBLEU's default for corpus BLEU) or 'none'. */
  smooth?: 'exp' | 'none';
  lowercase?: boolean;
}

export interface BleuResult {
  /** 0–100. */
  score: number;
  /** Modified n-gram precisions, 0–100, n = 1..4. */
  precisions: number[];
  brevityPenalty: number;
  hypLength: number;
  refLength: number;
}

/**
 * The mteval-v13a tokenisation that sacreBLEU uses by default: unescape a few entities, split
 * off punctuation and symbols, split periods and commas except inside numbers, and dashes after
 * digits.
 */
export function tokenize13a(line: string): string {
  let s = line
    .replace(/<skipped>/g, '')
    .replace(/-\n/g, '')
    .replace(/\n/g, ' ');
  if (s.includes('&')) {
    s = s
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return s.split(/\s+/).filter(Boolean).join(' ');
}

const CJK_CHAR =
  /([\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31bf\u3200-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef])/gu;

/** Chinese: every CJK character (and full-width symbol) is a token; the rest goes through 13a. */
export function tokenizeZh(line: string): string {
  return tokenize13a(line.trim().replace(CJK_CHAR, ' $1 '));
}

function tokenizeWith(kind: BleuTokenizer, line: string, lowercase: boolean): string[] {
  const l = lowercase ? line.toLowerCase() : line;
  const t = kind === '13a' ? tokenize13a(l) : kind === 'zh' ? tokenizeZh(l) : l.trim();
  return t.split(/\s+/).filter(Boolean);
}

/**
 * Corpus BLEU in the manner of sacreBLEU: n-gram counts clipped by the maximum count over all
 * references, the closest reference length for the brevity penalty, n = 1..4, uniform weights.
 * `references[k][i]` is reference set k for hypothesis i.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): BleuResult {
  const kind = options.tokenize ?? '13a';
  const lowercase = options.lowercase ?? false;
  const matches = [0, 0, 0, 0];
  const totals = [0, 0, 0, 0];
  let hypLength = 0;
  let refLength = 0;
  hypotheses.forEach((hyp, i) => {
    const h = tokenizeWith(kind, hyp, lowercase);
    const refs = references.map((set) => tokenizeWith(kind, set[i] ?? '', lowercase));
    hypLength += h.length;
    // Closest reference length; ties go to the shorter one.
    let best = Number.POSITIVE_INFINITY;
    let bestLen = 0;
    for (const r of refs) {
      const d = Math.abs(r.length - h.length);
      if (d < best || (d === best && r.length < bestLen)) {
        best = d;
        bestLen = r.length;
      }
    }
    refLength += bestLen;
    for (let n = 1; n <= 4; n++) {
      const hc = ngramCounts(h, n);
      const maxRef = new Map<string, number>();
      for (const r of refs)
        for (const [k, c] of ngramCounts(r, n)) maxRef.set(k, Math.max(maxRef.get(k) ?? 0, c));
      let m = 0;
      for (const [k, c] of hc) m += Math.min(c, maxRef.get(k) ?? 0);
      matches[n - 1] = (matches[n - 1] ?? 0) + m;
      totals[n - 1] = (totals[n - 1] ?? 0) + sumCounts(hc);
    }
  });

  const smooth = options.smooth ?? 'exp';
  const precisions: number[] = [];
  let smoothK = 1;
  for (let n = 0; n < 4; n++) {
    const m = matches[n] ?? 0;
    const t = totals[n] ?? 0;
    if (t === 0) precisions.push(0);
    else if (m === 0 && smooth === 'exp') {
      // Halve the pseudo-count each time another order has no match (sacreBLEU's 'exp').
      smoothK *= 2;
      precisions.push(100 / (smoothK * t));
    } else precisions.push((100 * m) / t);
  }
  const brevityPenalty =
    hypLength === 0 ? 0 : hypLength < refLength ? Math.exp(1 - refLength / hypLength) : 1;
  const score = precisions.every((p) => p > 0)
    ? brevityPenalty * Math.exp(precisions.reduce((a, p) => a + Math.log(p), 0) / 4)
    : 0;
  return { score, precisions, brevityPenalty, hypLength, refLength };
}
