import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sharedPath } from '@grounded/core';

export interface ScifactDoc {
  id: string;
  title: string;
  text: string;
}

/** SciFact (non-commercial licence: benchmarks and evaluation only, never copied into the repo). */
export async function loadScifactCorpus(limit = Number.POSITIVE_INFINITY): Promise<ScifactDoc[]> {
  const raw = await readFile(path.join(sharedPath('eval', 'beir_scifact'), 'corpus.jsonl'), 'utf8');
  const docs: ScifactDoc[] = [];
  for (const line of raw.split('\n')) {
    if (docs.length >= limit) break;
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { _id: unknown; title?: unknown; text?: unknown };
    docs.push({ id: String(row._id), title: String(row.title ?? ''), text: String(row.text ?? '') });
  }
  return docs;
}

/** Sentences of the first abstracts, the same input in every run. */
export async function scifactSentences(count: number): Promise<string[]> {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: string[] = [];
  for (const doc of await loadScifactCorpus(2000)) {
    for (const { segment } of segmenter.segment(doc.text)) {
      const sentence = segment.trim();
      if (sentence.length > 0) out.push(sentence);
      if (out.length >= count) return out;
    }
  }
  return out;
}
