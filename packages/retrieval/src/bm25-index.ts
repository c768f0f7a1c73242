import { AppError } from '@grounded/core';
import { z } from 'zod';
import { createTokenizer, type Tokenizer, type TokenizerOptions } from './tokenize';

export interface Bm25Options {
  /**
   * Term-frequency saturation and length normalization. 1.2 / 0.75 (Robertson's defaults) won on
   * BEIR SciFact TRAIN over Anserini's 0.9 / 0.4 once documents are also scored as a whole.
   */
  k1?: number;
  b?: number;
  tokenizer?: TokenizerOptions;
  /** Weight of a title term relative to a body term (BM25F-style, 1 = plain concatenation). */
  titleWeight?: number;
}

export interface Bm25SearchOptions {
  /** Applied before scoring, so a rejected entry never takes a slot. */
  filter?: (id: string) => boolean;
  /**
   * Adds `groupWeight ×` the BM25 score of the entry's whole group (its document: the sum of its
   * chunks' terms) to each matching entry. A chunk then ranks by its own match and by how well its
   * document as a whole matches the query, which helps when the query's terms are spread over
   * several chunks. 0 (default) = chunk scores only.
   */
  groupWeight?: number;
}

export interface LexicalHit {
  id: string;
  score: number;
}

interface Entry {
  length: number;
  terms: Map<string, number>;
}

// Format 3: Han terms are folded from Traditional to Simplified (fold-han.ts); format 4: a Latin
// word ends where Han begins ("pro" and "方案" for "Pro方案"). An index saved in an older format
// holds other terms, so it is refused as older and rebuilt from the database.
const serializedSchema = z.object({
  format: z.literal(4),
  k1: z.number().positive(),
  b: z.number().min(0).max(1),
  titleWeight: z.number().nonnegative(),
  tokenizer: z.object({
    stopWords: z.boolean().optional(),
    stem: z.enum(['porter', 'light', 'none']).optional(),
    chinese: z.enum(['bigram', 'segmenter']).optional(),
  }),
  /** [id, length, terms, group or null]. */
  docs: z.array(
    z.tuple([
      z.string(),
      z.number().nonnegative(),
      z.array(z.tuple([z.string(), z.number().positive()])),
      z.string().nullable(),
    ]),
  ),
});
export type SerializedBm25 = z.infer<typeof serializedSchema>;

/** An inverted index of entries (chunks, or groups of chunks) and their BM25 scoring. */
class Postings {
  readonly entries = new Map<string, Entry>();
  private readonly postings = new Map<string, Map<string, number>>();
  private totalLength = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Adds the terms and length of `delta` to entry `id`, creating it (even with no terms). */
  add(id: string, delta: Entry): void {
    this.adjust(id, delta, 1);
  }

  /** Takes `delta` back out of entry `id` (a chunk leaving its group); drops it when empty. */
  subtract(id: string, delta: Entry): void {
    this.adjust(id, delta, -1);
    const entry = this.entries.get(id);
    if (entry && entry.terms.size === 0) this.delete(id);
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    for (const term of entry.terms.keys()) {
      const list = this.postings.get(term);
      list?.delete(id);
      if (list && list.size === 0) this.postings.delete(term);
    }
    this.totalLength -= entry.length;
    this.entries.delete(id);
  }

  // `delta` is never the stored entry of `id` itself (callers pass another entry's terms).
  private adjust(id: string, delta: Entry, sign: 1 | -1): void {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { length: 0, terms: new Map() };
      this.entries.set(id, entry);
    }
    entry.length += sign * delta.length;
    this.totalLength += sign * delta.length;
    for (const [term, tf] of delta.terms) {
      const next = (entry.terms.get(term) ?? 0) + sign * tf;
      let list = this.postings.get(term);
      if (next > 0) {
        entry.terms.set(term, next);
        if (!list) {
          list = new Map();
          this.postings.set(term, list);
        }
        list.set(id, next);
      } else {
        entry.terms.delete(term);
        list?.delete(id);
        if (list && list.size === 0) this.postings.delete(term);
      }
    }
  }

  /**
   * BM25 score of every entry holding a query term (and passing `filter`). A term's document
   * frequency counts only the entries that pass: counted over all of them, a caller's scores
   * would say how many entries it may not see hold the term (an agent uploads a note with two
   * rare words and compares their scores to learn which one a restricted document holds). The
   * entry count and average length stay the whole index's: they tell its size, not its words.
   * `verdicts` caches the filter per id, and tells the caller which ids were judged.
   */
  score(
    queryTerms: ReadonlyMap<string, number>,
    k1: number,
    b: number,
    filter?: (id: string) => boolean,
    verdicts: Map<string, boolean> = new Map(),
  ) {
    const scores = new Map<string, number>();
    const n = this.entries.size;
    if (n === 0) return scores;
    const averageLength = this.totalLength / n || 1;
    const passes = (id: string) => {
      if (!filter) return true;
      let ok = verdicts.get(id);
      if (ok === undefined) {
        ok = filter(id);
        verdicts.set(id, ok);
      }
      return ok;
    };
    const add = (id: string, tf: number, weight: number) => {
      const length = (this.entries.get(id) as Entry).length;
      const norm = tf + k1 * (1 - b + (b * length) / averageLength);
      scores.set(id, (scores.get(id) ?? 0) + weight * ((tf * (k1 + 1)) / norm));
    };
    for (const [term, queryCount] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      if (!filter) {
        // Every posting counts: its size is the document frequency, and no pair per posting is
        // made (a common term's list holds most of the collection). Same order, same arithmetic.
        const df = list.size;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (const [id, tf] of list) add(id, tf, queryCount * idf);
        continue;
      }
      const matching: [string, number][] = [];
      for (const [id, tf] of list) if (passes(id)) matching.push([id, tf]);
      if (matching.length === 0) continue;
      const df = matching.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (const [id, tf] of matching) add(id, tf, queryCount * idf);
    }
    return scores;
  }
}

/**
 * Okapi BM25 with an inverted index that is updated in place: add and remove touch only the
 * postings of that entry's terms, and a query scores only the postings of its own terms. Entries
 * may belong to a group (a chunk to its document); each group is indexed as the sum of its
 * entries, kept current by the same adds and removes, so whole-document scoring costs no rebuild.
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly titleWeight: number;
  private readonly tokenizerOptions: TokenizerOptions;
  private readonly tokenize: Tokenizer;
  private readonly chunks = new Postings();
  private readonly groups = new Postings();
  private readonly groupOf = new Map<string, string>();

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.titleWeight = options.titleWeight ?? 1;
    this.tokenizerOptions = { ...options.tokenizer };
    this.tokenize = createTokenizer(this.tokenizerOptions);
  }

  get size(): number {
    return this.chunks.size;
  }

  has(id: string): boolean {
    return this.chunks.entries.has(id);
  }

  /** The ids held, to compare with the source of truth (issue #16's index-equality check). */
  ids(): string[] {
    return [...this.chunks.entries.keys()];
  }

  /** Adds or replaces one entry, optionally as a member of `group`. */
  add(id: string, text: string, title?: string, group?: string): void {
    const terms = new Map<string, number>();
    let length = 0;
    for (const token of this.tokenize(text)) {
      terms.set(token, (terms.get(token) ?? 0) + 1);
      length++;
    }
    if (title && this.titleWeight > 0) {
      for (const token of this.tokenize(title)) {
        terms.set(token, (terms.get(token) ?? 0) + this.titleWeight);
        length += this.titleWeight;
      }
    }
    this.insert(id, { length, terms }, group ?? null);
  }

  remove(ids: readonly string[]): string[] {
    const removed: string[] = [];
    for (const id of ids) {
      const entry = this.chunks.entries.get(id);
      if (!entry) continue;
      const group = this.groupOf.get(id);
      if (group !== undefined) {
        this.groups.subtract(group, entry);
        this.groupOf.delete(id);
      }
      this.chunks.delete(id);
      removed.push(id);
    }
    return removed;
  }

  /** Top-k by BM25 (plus the weighted group score when asked). */
  search(query: string, k: number, options: Bm25SearchOptions = {}): LexicalHit[] {
    if (this.chunks.size === 0 || k <= 0) return [];
    const queryTerms = new Map<string, number>();
    for (const token of this.tokenize(query)) queryTerms.set(token, (queryTerms.get(token) ?? 0) + 1);
    const verdicts = new Map<string, boolean>();
    const scores = this.chunks.score(queryTerms, this.k1, this.b, options.filter, verdicts);
    const groupWeight = options.groupWeight ?? 0;
    if (groupWeight > 0 && scores.size > 0) {
      // Every filter this index serves (tenant, ACL, tags, dates, document ids and metadata) is a
      // property of the whole document, so a chunk that passed vouches for its group. A group
      // holding a query term has a chunk holding it, judged above: the groups that pass are
      // known without judging any other chunk, and group frequencies count only those.
      let groupFilter: ((group: string) => boolean) | undefined;
      if (options.filter) {
        const passing = new Set<string>();
        for (const [id, ok] of verdicts) {
          const group = this.groupOf.get(id);
          if (ok && group !== undefined) passing.add(group);
        }
        groupFilter = (group) => passing.has(group);
      }
      const groupScores = this.groups.score(queryTerms, this.k1, this.b, groupFilter);
      for (const [id, score] of scores) {
        const group = this.groupOf.get(id);
        if (group !== undefined) scores.set(id, score + groupWeight * (groupScores.get(group) ?? 0));
      }
    }
    const hits: LexicalHit[] = [];
    for (const [id, score] of scores) hits.push({ id, score });
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return hits.slice(0, k);
  }

  /** The query's tokens as this index sees them (for lexical rerankers and highlighting). */
  tokens(text: string): string[] {
    return this.tokenize(text);
  }

  toJSON(): SerializedBm25 {
    return {
      format: 4,
      k1: this.k1,
      b: this.b,
      titleWeight: this.titleWeight,
      tokenizer: this.tokenizerOptions as SerializedBm25['tokenizer'],
      docs: [...this.chunks.entries].map(([id, entry]) => [
        id,
        entry.length,
        [...entry.terms],
        this.groupOf.get(id) ?? null,
      ]),
    };
  }

  /** Format 1 (light stemming, no groups) is refused as corrupt, so its owner rebuilds it. */
  static fromJSON(value: unknown): Bm25Index {
    const parsed = serializedSchema.safeParse(value);
    if (!parsed.success) {
      throw new AppError('index_corrupt', 'the BM25 index data is malformed or of an older format', {
        cause: parsed.error,
      });
    }
    const data = parsed.data;
    const tokenizer: TokenizerOptions = {};
    if (data.tokenizer.stopWords !== undefined) tokenizer.stopWords = data.tokenizer.stopWords;
    if (data.tokenizer.stem !== undefined) tokenizer.stem = data.tokenizer.stem;
    if (data.tokenizer.chinese !== undefined) tokenizer.chinese = data.tokenizer.chinese;
    const index = new Bm25Index({ k1: data.k1, b: data.b, titleWeight: data.titleWeight, tokenizer });
    for (const [id, length, terms, group] of data.docs)
      index.insert(id, { length, terms: new Map(terms) }, group);
    return index;
  }

  private insert(id: string, entry: Entry, group: string | null): void {
    if (this.chunks.entries.has(id)) this.remove([id]);
    this.chunks.add(id, entry);
    if (group !== null) {
      this.groupOf.set(id, group);
      this.groups.add(group, entry);
    }
  }
}
