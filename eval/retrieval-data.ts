import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** BEIR-format data: corpus.jsonl, queries.jsonl, qrels/<split>.tsv. */
export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}
export interface BeirQuery {
  id: string;
  text: string;
}
/** query id → (document id → graded relevance). */
export type Qrels = Map<string, Map<string, number>>;

export interface Passage {
  chunkId: string;
  documentId: string;
  title: string;
  /** The sentences of the window, without the title. */
  body: string;
}

async function readJsonl(file: string): Promise<Record<string, unknown>[]> {
  const raw = await readFile(file, 'utf8');
  return raw
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function loadBeir(dir: string): Promise<{ docs: BeirDoc[]; queries: Map<string, BeirQuery> }> {
  const docs = (await readJsonl(path.join(dir, 'corpus.jsonl'))).map((row) => ({
    id: String(row._id),
    title: String(row.title ?? ''),
    text: String(row.text ?? ''),
  }));
  const queries = new Map<string, BeirQuery>();
  for (const row of await readJsonl(path.join(dir, 'queries.jsonl'))) {
    queries.set(String(row._id), { id: String(row._id), text: String(row.text ?? '') });
  }
  return { docs, queries };
}

/** Empty when the set has no such split (the SQuAD subset has only test). */
export async function loadQrels(dir: string, split: 'train' | 'test'): Promise<Qrels> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, 'qrels', `${split}.tsv`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const qrels: Qrels = new Map();
  for (const line of raw.split('\n').slice(1)) {
    const [queryId, docId, score] = line.trim().split('\t');
    if (!queryId || !docId) continue;
    let judged = qrels.get(queryId);
    if (!judged) {
      judged = new Map();
      qrels.set(queryId, judged);
    }
    judged.set(docId, Number(score ?? 1));
  }
  return qrels;
}

/**
 * Passages of `windowSentences` sentences, starting every `stride` sentences. The title is kept
 * apart: the embedder sees "title. body" (so a passage keeps its topic), BM25 weights it as a field.
 */
export function chunkDocuments(docs: readonly BeirDoc[], windowSentences: number, stride: number): Passage[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const passages: Passage[] = [];
  for (const doc of docs) {
    const sentences = [...segmenter.segment(doc.text)].map((s) => s.segment.trim()).filter((s) => s !== '');
    if (sentences.length === 0) sentences.push('');
    for (let start = 0; start < sentences.length; start += stride) {
      const body = sentences.slice(start, start + windowSentences).join(' ');
      passages.push({ chunkId: `${doc.id}#${start}`, documentId: doc.id, title: doc.title, body });
      if (start + windowSentences >= sentences.length) break;
    }
  }
  return passages;
}

export function embeddingText(passage: Passage): string {
  return passage.title ? `${passage.title}. ${passage.body}` : passage.body;
}
