/**
 * Features for the trainable classifier, for any language without a model: Latin-script text
 * becomes lowercased words and word bigrams; CJK runs (no spaces between words) become character
 * unigrams and bigrams, which for Chinese sentiment work as well as a word segmenter and need no
 * dictionary. A negator ("not", "不", "没") marks the next word so "not good" ≠ "good".
 */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’]*|[!?]/gu;
const NEGATORS = new Set([
  'not',
  "n't",
  'no',
  'never',
  "isn't",
  "don't",
  "doesn't",
  "didn't",
  "wasn't",
  "aren't",
  "can't",
  "won't",
  'nothing',
  'without',
]);

export function sentimentFeatures(text: string): string[] {
  const features: string[] = [];
  const words: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    const tok = m[0];
    if (CJK.test(tok)) {
      const chars = [...tok];
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i] as string;
        features.push(`c:${c}`);
        if (i + 1 < chars.length) features.push(`c:${c}${chars[i + 1]}`);
      }
      words.push('|');
    } else {
      words.push(tok);
    }
  }
  let negate = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '|') {
      negate = false;
      continue;
    }
    features.push(negate ? `w:NOT_${w}` : `w:${w}`);
    const next = words[i + 1];
    if (next !== undefined && next !== '|') features.push(`b:${w} ${next}`);
    negate = NEGATORS.has(w);
  }
  return features;
}
