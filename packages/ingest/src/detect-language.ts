/**
 * A cheap, script-based language HEURISTIC, not a classifier: it counts characters by script on a
 * sample of the text and, for Latin script, looks for a handful of very common function words.
 * Good enough to pick a sentence splitter and a tokenizer; use a real model (fastText lid.176)
 * where the exact language matters.
 */
const SAMPLE_CHARS = 20_000;

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/gu;

const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = {
  en: new Set(['the', 'and', 'of', 'to', 'is', 'in', 'that', 'it', 'for', 'with', 'are', 'this']),
  de: new Set(['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'den', 'ein', 'eine', 'wir', 'auf']),
  fr: new Set(['le', 'la', 'les', 'et', 'des', 'est', 'une', 'dans', 'pour', 'que', 'pas', 'sur']),
  es: new Set(['el', 'los', 'las', 'y', 'es', 'una', 'por', 'para', 'con', 'que', 'del', 'se']),
};

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  const han = count(sample, HAN);
  const kana = count(sample, KANA);
  const hangul = count(sample, HANGUL);
  const cyrillic = count(sample, CYRILLIC);
  const latinWords = sample.match(LATIN_WORD) ?? [];
  // One CJK character carries roughly as much as one Latin word, so compare those counts.
  const cjk = han + kana + hangul;
  if (cjk > 0 && cjk >= latinWords.length) {
    if (kana >= cjk * 0.1) return 'ja';
    if (hangul >= cjk * 0.5) return 'ko';
    return 'zh';
  }
  if (cyrillic > latinWords.length * 3) return 'und';
  if (latinWords.length === 0) return 'und';
  const scores = new Map<string, number>();
  for (const word of latinWords) {
    const lower = word.toLowerCase();
    for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
      if (words.has(lower)) scores.set(lang, (scores.get(lang) ?? 0) + 1);
    }
  }
  // Another language must clearly beat English: short shared words ("in", "a") blur the counts.
  const english = scores.get('en') ?? 0;
  let best = 'en';
  let bestScore = english;
  for (const [lang, score] of scores) {
    if (lang !== 'en' && score >= 3 && score > 2 * english && score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  // Latin script without function-word evidence (short titles, code): English is the best guess.
  return best;
}
