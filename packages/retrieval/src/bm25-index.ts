import { AppError } from '@grounded/core';
import { z } from 'zod';
import { createTokenizer, type Tokenizer, type TokenizerOptions } from './tokenize';

export interface Bm25Options {
  /** Term-frequency saturation. 0.9 with b 0.4 is the Anserini default that BEIR reports. */
  k1?: number;
  /** Length normalization. */
  b?: number;
  tokenizer?: TokenizerOptions;
  /** Weight of a title term relative to a body term (BM25F-style, 1 = plain concatenation). */
  titleWeight?: number;
}

export interface LexicalHit {
  id: string;
  score: number;
}

interface DocEntry {
  length: number;
  terms: Map<string, number>;
}

const serializedSchema = z.object({
  format: z.literal(1),
  k1: z.number().positive(),
  b: z.number().min(0).max(1),
  titleWeight: z.number().nonnegative(),
  tokenizer: z.object({
    stopWords: z.boolean().optional(),
    stem: z.boolean().optional(),
    chinese: z.enum(['bigram', 'segmenter']).optional(),
  }),
  docs: z.array(
    z.tuple([z.string(), z.number().nonnegative(), z.array(z.tuple([z.string(), z.number().positive()]))]),
  ),
});
export type SerializedBm25 = z.infer<typeof serializedSchema>;

/**
 * Okapi BM25 with an inverted index that is updated in place: add and remove touch only the
 * postings of that document's terms, and a query scores only the postings of its own terms.
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly titleWeight: number;
  private readonly tokenizerOptions: TokenizerOptions;
  private readonly tokenize: Tokenizer;
  private readonly docs = new Map<string, DocEntry>();
  private readonly postings = new Map<string, Map<string, number>>();
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 0.9;
    this.b = options.b ?? 0.4;
    this.titleWeight = options.titleWeight ?? 1;
    this.tokenizerOptions = { ...options.tokenizer };
    this.tokenize = createTokenizer(this.tokenizerOptions);
  }

  get size(): number {
    return this.docs.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  /** Adds or replaces one document. */
  add(id: string, text: string, title?: string): void {
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
    this.insert(id, { length, terms });
  }

  remove(ids: readonly string[]): string[] {
    const removed: string[] = [];
    for (const id of ids) {
      const entry = this.docs.get(id);
      if (!entry) continue;
      for (const term of entry.terms.keys()) {
        const list = this.postings.get(term);
        list?.delete(id);
        if (list && list.size === 0) this.postings.delete(term);
      }
      this.totalLength -= entry.length;
      this.docs.delete(id);
      removed.push(id);
    }
    return removed;
  }

  /** Top-k by BM25; `filter` is applied before scoring, so rejected documents never take a slot. */
  search(query: string, k: number, filter?: (id: string) => boolean): LexicalHit[] {
    const n = this.docs.size;
    if (n === 0 || k <= 0) return [];
    const queryTerms = new Map<string, number>();
    for (const token of this.tokenize(query)) queryTerms.set(token, (queryTerms.get(token) ?? 0) + 1);
    const averageLength = this.totalLength / n || 1;
    const scores = new Map<string, number>();
    const verdicts = filter ? new Map<string, boolean>() : null;
    for (const [term, queryCount] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.size + 0.5) / (list.size + 0.5));
      for (const [id, tf] of list) {
        if (filter && verdicts) {
          let ok = verdicts.get(id);
          if (ok === undefined) {
            ok = filter(id);
            verdicts.set(id, ok);
          }
          if (!ok) continue;
        }
        const length = (this.docs.get(id) as DocEntry).length;
        const norm = tf + this.k1 * (1 - this.b + (this.b * length) / averageLength);
        scores.set(id, (scores.get(id) ?? 0) + queryCount * idf * ((tf * (this.k1 + 1)) / norm));
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
      format: 1,
      k1: this.k1,
      b: this.b,
      titleWeight: this.titleWeight,
      tokenizer: this.tokenizerOptions as SerializedBm25['tokenizer'],
      docs: [...this.docs].map(([id, entry]) => [id, entry.length, [...entry.terms]]),
    };
  }

  static fromJSON(value: unknown): Bm25Index {
    const parsed = serializedSchema.safeParse(value);
    if (!parsed.success) {
      throw new AppError('index_corrupt', 'the BM25 index data is malformed', { cause: parsed.error });
    }
    const data = parsed.data;
    const tokenizer: TokenizerOptions = {};
    if (data.tokenizer.stopWords !== undefined) tokenizer.stopWords = data.tokenizer.stopWords;
    if (data.tokenizer.stem !== undefined) tokenizer.stem = data.tokenizer.stem;
    if (data.tokenizer.chinese !== undefined) tokenizer.chinese = data.tokenizer.chinese;
    const index = new Bm25Index({ k1: data.k1, b: data.b, titleWeight: data.titleWeight, tokenizer });
    for (const [id, length, terms] of data.docs) index.insert(id, { length, terms: new Map(terms) });
    return index;
  }

  private insert(id: string, entry: DocEntry): void {
    if (this.docs.has(id)) this.remove([id]);
    this.docs.set(id, entry);
    this.totalLength += entry.length;
    for (const [term, tf] of entry.terms) {
      let list = this.postings.get(term);
      if (!list) {
        list = new Map();
        this.postings.set(term, list);
      }
      list.set(id, tf);
    }
  }
}
