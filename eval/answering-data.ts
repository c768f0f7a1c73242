import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, repoRoot, sharedPath } from '@grounded/core';
import { chunkDocument, documentFromText, type ExtractedDocument, parseDocument } from '@grounded/ingest';
import type { NumberedSource } from '@grounded/llm';
import { Bm25Index, createUseLiteEmbedder, dot, reciprocalRankFusion } from '@grounded/retrieval';
import { z } from 'zod';
import { loadSquadV2Subset, normaliseAnswer, tuningParagraphs } from './calibration/squad-abstention';

/**
 * The question sets of `npm run eval -- answering` (issue #15), each as questions with the
 * sources the chat path would hand the answerer, and a dev/test label. Tuning reads `dev` only.
 */
export interface AnsweringItem {
  id: string;
  question: string;
  /** Gold answers; empty for unanswerable questions. */
  answers: string[];
  unanswerable: boolean;
  sources: NumberedSource[];
  split: 'dev' | 'test';
  /** 'zh' sets compare answers without spaces. */
  language: 'en' | 'zh';
}

function paragraphSource(id: string, context: string): NumberedSource {
  return { number: 1, chunkId: id, documentId: id, text: context, start: 0, end: context.length, score: 1 };
}

/** SQuAD v2 (Normans + Rhine): each question against its own paragraph; the guardrails split. */
export function loadSquadItems(): AnsweringItem[] {
  const rows = loadSquadV2Subset();
  const tuning = tuningParagraphs(rows);
  return rows.map((row) => ({
    id: row.id,
    question: row.question,
    answers: row.answers,
    unanswerable: row.is_impossible,
    sources: [paragraphSource(row.context_id, row.context)],
    split: tuning.has(row.context_id) ? 'dev' : 'test',
    language: 'en',
  }));
}

const CmrcRow = z.object({
  id: z.string(),
  question: z.string(),
  context_id: z.string(),
  title: z.string(),
  context: z.string(),
  answers: z.array(z.string()),
});

/** CMRC 2018 dev (Chinese, all answerable): split by paragraph with the same seed as SQuAD. */
export function loadCmrcItems(limit?: number): AnsweringItem[] {
  const file = sharedPath('eval', 'cmrc2018', 'beir_dev', 'qa_flat.jsonl');
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => CmrcRow.parse(JSON.parse(l)));
  const tuning = tuningParagraphs(rows.map((r) => ({ ...r, is_impossible: false })));
  const items = rows.map(
    (row): AnsweringItem => ({
      id: row.id,
      question: row.question,
      answers: row.answers,
      unanswerable: false,
      sources: [paragraphSource(row.context_id, row.context)],
      split: tuning.has(row.context_id) ? 'dev' : 'test',
      language: 'zh',
    }),
  );
  return limit === undefined ? items : items.slice(0, limit);
}

const HotpotRow = z.object({
  knowledge: z.string(),
  question: z.string(),
  right_answer: z.string(),
});

/**
 * HaluEval QA knowledge joins HotpotQA's supporting paragraphs with no space between them
 * ("…in the 19th century.First for Women is…"), so a sentence splitter would read two paragraphs
 * as one sentence. A full stop after a lower-case letter, a digit or a closing mark, directly
 * before a capitalised word, gets its space back.
 */
export function spaceJoinedParagraphs(text: string): string {
  return text.replace(/([\p{Ll}\p{N})\]"”’])\.(?=\p{Lu}\p{Ll})/gu, '$1. ');
}

/**
 * HotpotQA questions from HaluEval QA (MIT; ../shared/eval/halueval/qa_one-turn_data.jsonl): each
 * question against its own knowledge paragraph, as SQuAD items are asked. All are answerable; only
 * those whose right answer the knowledge states (by the metric's own normalised match, so "yes"
 * inside "eyes" does not count) are kept. Split dev/test by the FNV-1a hash of the question, fixed
 * before any tuning. A second tuning set of other questions and other texts than SQuAD's two
 * articles, for the highlight picker (eighth round of issue #15).
 */
export function loadHotpotItems(): AnsweringItem[] {
  const file = sharedPath('eval', 'halueval', 'qa_one-turn_data.jsonl');
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => HotpotRow.parse(JSON.parse(l)));
  const items: AnsweringItem[] = [];
  for (const [i, row] of rows.entries()) {
    const context = spaceJoinedParagraphs(row.knowledge);
    const gold = normaliseAnswer(row.right_answer);
    if (!gold || !` ${normaliseAnswer(context)} `.includes(` ${gold} `)) continue;
    const id = `hotpot-${i}`;
    items.push({
      id,
      question: row.question,
      answers: [row.right_answer],
      unanswerable: false,
      sources: [paragraphSource(id, context)],
      split: ownSplit(row.question),
      language: 'en',
    });
  }
  return items;
}

const OwnQuestion = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  unanswerable: z.boolean().optional(),
  /** Asked of a PDF in ../shared/eval/pdfs, which then joins the collection. */
  pdf: z.string().optional(),
});

export const OWN_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering');
/**
 * The Chinese own set (issue #15, Chinese gate round): five enterprise documents written in Chinese
 * and spoken-Chinese questions, about 40% of them unanswerable on-topic (eval/data/answering-zh).
 */
export const OWN_ZH_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-zh');

/**
 * FNV-1a of the id (of the question, for hotpot): the dev/test label of an own-set question, fixed
 * before any tuning.
 */
export function ownSplit(id: string): 'dev' | 'test' {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % 2 === 0 ? 'dev' : 'test';
}

/**
 * An own-set document as the collection holds it: Markdown files as Markdown, anything else (the
 * HTML policy page) through the upload path's format detection, as a customer's upload is read.
 */
export function readOwnDocument(file: string, dir = OWN_SET_DIR): Promise<ExtractedDocument> {
  return parseOwnFile(join(dir, 'docs', file), file);
}

function parseOwnFile(path: string, name: string): Promise<ExtractedDocument> {
  const bytes = readFileSync(path);
  return name.endsWith('.md')
    ? Promise.resolve(documentFromText(bytes.toString('utf8'), 'markdown'))
    : parseDocument(bytes, { filename: name });
}

interface IndexedChunk {
  id: string;
  documentId: string;
  title: string;
  text: string;
  start: number;
  end: number;
  page: number | null;
}

/** One question of an own set, with the split its id gives. */
export type OwnSetQuestion = z.infer<typeof OwnQuestion>;

/**
 * An own set's questions and the files its collection holds: the Markdown and HTML documents, plus
 * the PDFs the questions name when ../shared is present (questions about a PDF are left out
 * without it).
 */
export function readOwnSet(dir = OWN_SET_DIR): {
  questions: OwnSetQuestion[];
  files: { name: string; path: string }[];
} {
  const questions = readFileSync(join(dir, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => OwnQuestion.parse(JSON.parse(l)));
  const withPdfs = hasShared('eval', 'pdfs');
  const files = readdirSync(join(dir, 'docs'))
    .sort()
    .map((name) => ({ name, path: join(dir, 'docs', name) }));
  if (withPdfs) {
    for (const pdf of [...new Set(questions.flatMap((q) => (q.pdf ? [q.pdf] : [])))]) {
      files.push({ name: pdf, path: sharedPath('eval', 'pdfs', pdf) });
    }
  }
  return { questions: questions.filter((q) => withPdfs || !q.pdf), files };
}

/**
 * The own set, asked as chat asks it: every document (the Markdown files, plus the PDFs the
 * questions name when ../shared is present) parsed and chunked by the ingest pipeline into one
 * collection, the question's top 5 chunks as the numbered sources. Retrieval here is the eval's
 * own (BM25 and USE-lite cosine, each top 20, fused by reciprocal rank), not the product's search;
 * `--configs product` (answering-product.ts) asks the product itself.
 */
export async function loadOwnItems(
  topK = 5,
  dir = OWN_SET_DIR,
  language: AnsweringItem['language'] = 'en',
): Promise<AnsweringItem[]> {
  const { questions, files } = readOwnSet(dir);
  const docs = files.map((file) => ({
    id: file.name,
    title: file.name,
    text: parseOwnFile(file.path, file.name),
  }));
  // topK 0: no sources (the product runs retrieve for themselves), and no embedding run for them.
  const sources =
    topK > 0
      ? await retrieveSources(
          docs,
          questions.map((q) => q.question),
          topK,
        )
      : questions.map(() => []);
  return questions.map((q, qi) => ({
    id: q.id,
    question: q.question,
    answers: q.answers,
    unanswerable: q.unanswerable ?? false,
    sources: sources[qi]!,
    split: ownSplit(q.id),
    language,
  }));
}

/**
 * Each question's top `topK` chunks of a collection, as chat's default mode retrieves them: every
 * document chunked by the ingest pipeline, BM25 and USE-lite cosine each top 20, fused by
 * reciprocal rank.
 */
async function retrieveSources(
  docs: readonly { id: string; title: string; text: Promise<ExtractedDocument> }[],
  questions: readonly string[],
  topK: number,
): Promise<NumberedSource[][]> {
  const index = new Bm25Index();
  const chunks = new Map<string, IndexedChunk>();
  for (const doc of docs) {
    const extracted = await doc.text;
    for (const chunk of chunkDocument(extracted, { documentKey: doc.id }).chunks) {
      chunks.set(chunk.id, {
        id: chunk.id,
        documentId: doc.id,
        title: doc.title,
        text: chunk.text,
        start: chunk.start,
        end: chunk.end,
        page: chunk.page,
      });
      index.add(chunk.id, chunk.text, doc.title, doc.id);
    }
  }
  const embedder = await createUseLiteEmbedder();
  let chunkVectors: Float32Array[];
  let questionVectors: Float32Array[];
  try {
    chunkVectors = await embedder.embed([...chunks.values()].map((c) => c.text));
    questionVectors = await embedder.embed([...questions]);
  } finally {
    await embedder.close();
  }
  const ids = [...chunks.keys()];
  const dense = (v: Float32Array) =>
    ids
      .map((id, i) => ({ id, score: dot(v, chunkVectors[i]!) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 20)
      .map((h) => h.id);
  return questions.map((question, qi) =>
    reciprocalRankFusion([
      { name: 'bm25', ids: index.search(question, 20).map((h) => h.id) },
      { name: 'dense', ids: dense(questionVectors[qi]!) },
    ])
      .slice(0, topK)
      .map((hit, i): NumberedSource => {
        const c = chunks.get(hit.id)!;
        return {
          number: i + 1,
          chunkId: c.id,
          documentId: c.documentId,
          text: c.text,
          start: c.start,
          end: c.end,
          score: hit.score,
          title: c.title,
          page: c.page,
        };
      }),
  );
}

export const OWN_ZH2_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-zh2');

/**
 * The second Chinese own set (Chinese gate, third look, session 13): all of it dev, since it only
 * chooses whether the Chinese gate stays on.
 */
export async function loadOwnZh2Items(topK = 5): Promise<AnsweringItem[]> {
  return (await loadOwnItems(topK, OWN_ZH2_SET_DIR, 'zh')).map((item) => ({
    ...item,
    split: 'dev' as const,
  }));
}

export const OWN_EN3_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-en3');

/**
 * The fresh English own set (fresh-documents round, session 16): five documents no answerer rule was
 * drawn from; all of it dev, since it only re-reads the gate threshold's rule.
 */
export async function loadOwnEn3Items(topK = 5): Promise<AnsweringItem[]> {
  return (await loadOwnItems(topK, OWN_EN3_SET_DIR)).map((item) => ({ ...item, split: 'dev' as const }));
}

/**
 * Session 20's sets, each written by a helper who read no code and no other set: en4 and zh3 are
 * held out (all test: read with `--split test`, never tuned on); en5 and zh4, written after the
 * held-out reading showed the answerer far weaker on fresh documents, are all dev.
 */
export const OWN_EN4_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-en4');
export const OWN_ZH3_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-zh3');
export const OWN_EN5_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-en5');
export const OWN_ZH4_SET_DIR = join(repoRoot(), 'eval', 'data', 'answering-zh4');

/** A set whose questions all belong to one split. */
export async function loadWholeSetItems(
  dir: string,
  language: AnsweringItem['language'],
  split: AnsweringItem['split'],
  topK = 5,
): Promise<AnsweringItem[]> {
  return (await loadOwnItems(topK, dir, language)).map((item) => ({ ...item, split }));
}

/** The Chinese own set, retrieved as chat retrieves (the same pipeline as the English one). */
export function loadOwnZhItems(topK = 5): Promise<AnsweringItem[]> {
  return loadOwnItems(topK, OWN_ZH_SET_DIR, 'zh');
}

/**
 * CMRC 2018's DEV half asked as chat asks (Chinese gate round of #15): each dev question against
 * the top 5 chunks retrieved from all dev paragraphs (each paragraph a document), not its own
 * paragraph alone. Retrieval can miss the paragraph, so gold∈answer is lower than `cmrc`'s; what
 * it measures is a gate that reads retrieval (the Chinese gate's retrievalMargin is 1 with a single
 * source). Dev only: the test half's questions are never loaded.
 */
export async function loadCmrcRetrievedItems(topK = 5): Promise<AnsweringItem[]> {
  const dev = loadCmrcItems().filter((i) => i.split === 'dev');
  const paragraphs = new Map<string, string>();
  for (const item of dev) paragraphs.set(item.sources[0]!.documentId, item.sources[0]!.text);
  const docs = [...paragraphs].map(([id, text]) => ({
    id,
    title: id,
    text: Promise.resolve(documentFromText(text, 'text')),
  }));
  const sources = await retrieveSources(
    docs,
    dev.map((i) => i.question),
    topK,
  );
  return dev.map((item, i) => ({ ...item, sources: sources[i]! }));
}
