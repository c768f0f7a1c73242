import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sharedPath } from '@grounded/core';

export interface LabelledText {
  text: string;
  /** 'positive' | 'negative' for the public sets. */
  label: string;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || (r[0] ?? '') !== '');
}

const polar = (v: string): string => (v.trim() === '1' ? 'positive' : 'negative');

/** GLUE SST-2 dev: 872 sentences, already lowercased and tokenised. */
export async function loadSst2(): Promise<LabelledText[]> {
  const raw = await readFile(sharedPath('eval', 'sst2', 'sst2_glue_dev.tsv'), 'utf8');
  return raw
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [text = '', label = ''] = l.split('\t');
      return { text, label: polar(label) };
    });
}

export async function loadImdb(): Promise<LabelledText[]> {
  const rows = parseCsv(await readFile(sharedPath('eval', 'imdb', 'imdb_sample.csv'), 'utf8'));
  return rows.slice(1).map(([text = '', label = '']) => ({ text, label: polar(label) }));
}

export async function loadChnSentiCorp(): Promise<LabelledText[]> {
  const file = sharedPath('eval', 'chnsenticorp', 'ChnSentiCorp_htl_all.csv');
  const rows = parseCsv(await readFile(file, 'utf8'));
  return rows
    .slice(1)
    .filter(([, review]) => (review ?? '').trim() !== '')
    .map(([label = '', text = '']) => ({ text, label: polar(label) }));
}

/** A fixed, seeded 80/20 split (the same on every run and machine). */
export function fixedSplit<T>(
  items: readonly T[],
  testFraction = 0.2,
  seed = 20220101,
): { train: T[]; test: T[] } {
  const order = items.map((_, i) => i);
  let state = seed >>> 0;
  const rand = (): number => {
    // mulberry32: a small deterministic PRNG, so the split never depends on Math.random.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const nTest = Math.round(items.length * testFraction);
  const test = order.slice(0, nTest).map((i) => items[i] as T);
  const train = order.slice(nTest).map((i) => items[i] as T);
  return { train, test };
}

/** One of the project's own short customer texts (eval/data/sentiment-short-texts.tsv). */
export interface ShortText {
  text: string;
  /** 'positive' | 'negative' | 'neutral' | 'mixed' as written; `gold` folds mixed into neutral. */
  kind: string;
  lang: string;
  /** The three-way label a classifier should give: a mixed text has no overall polarity. */
  gold: 'positive' | 'negative' | 'neutral';
}

/** The short-text TSV: a header line, then label (kind), language and text, tab-separated. */
function parseShortTextRows(raw: string): ShortText[] {
  return raw
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l): ShortText => {
      const [kind = '', lang = '', text = ''] = l.split('\t');
      const gold = kind === 'positive' || kind === 'negative' ? kind : 'neutral';
      return { text, kind, lang, gold };
    });
}

/**
 * Short neutral, mixed and polar customer texts written for this project (English and Chinese), split
 * 50/50 per kind and language with a fixed seed: `dev` is for fitting neutral bands, `test` only for
 * reporting them.
 */
export async function loadShortTexts(): Promise<{ dev: ShortText[]; test: ShortText[] }> {
  const raw = await readFile(new URL('./data/sentiment-short-texts.tsv', import.meta.url), 'utf8');
  const rows = parseShortTextRows(raw);
  const groups = new Map<string, ShortText[]>();
  for (const r of rows) {
    const key = `${r.kind}/${r.lang}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const dev: ShortText[] = [];
  const test: ShortText[] = [];
  for (const group of groups.values()) {
    const split = fixedSplit(group, 0.5, 17);
    dev.push(...split.train);
    test.push(...split.test);
  }
  return { dev, test };
}

/**
 * The second set of Chinese short customer texts (eval/data/sentiment-short-zh-2.tsv, 176 rows, 44 per
 * kind: e-commerce, delivery, customer service, apps, banking, travel; colloquial, emoji, rhetorical
 * questions, negation, "good but slow" mixes), written for this project from general knowledge, not
 * taken from any data set. Same columns as the first set. The split is fixed by the text itself: in
 * each kind the rows are ordered by the sha256 of their text and the first half is dev, so adding or
 * reordering rows never moves a text between the halves by chance of position.
 */
export async function loadShortTextsZh2(): Promise<{ dev: ShortText[]; test: ShortText[] }> {
  const raw = await readFile(new URL('./data/sentiment-short-zh-2.tsv', import.meta.url), 'utf8');
  const rows = parseShortTextRows(raw);
  const hash = (t: string) => createHash('sha256').update(t).digest('hex');
  const dev: ShortText[] = [];
  const test: ShortText[] = [];
  for (const kind of [...new Set(rows.map((r) => r.kind))]) {
    const group = rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ r, h: hash(r.text) }))
      .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
      .map((x) => x.r);
    const half = Math.ceil(group.length / 2);
    dev.push(...group.slice(0, half));
    test.push(...group.slice(half));
  }
  return { dev, test };
}
