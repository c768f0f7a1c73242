import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { sharedPath } from '@grounded/core';
import { leadSentences, summarizeExtractive } from '@grounded/llm';
import { meanRouge } from './metrics/rouge';
import { markdownTable } from './sentiment-metrics';

interface XsumItem {
  id: string;
  document: string;
  summary: string;
}

/**
 * `npm run eval -- summarize [--sentences N]` — XSum, the 50-item subset. ROUGE F1 (Porter
 * stemming, like the common scorer) of the extractive default against the lead-N baseline, both
 * with N sentences (default 3; XSum references are one sentence, so also N = 1). Nothing here was
 * tuned on XSum: MMR λ = 0.5 and TF-IDF centrality are the defaults as written.
 */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--sentences');
  const n = i >= 0 ? Number(args[i + 1]) : 3;
  const raw = await readFile(sharedPath('eval', 'xsum', 'xsum_test_tiny_50.jsonl'), 'utf8');
  const items = raw
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as XsumItem);

  const rows: string[][] = [];
  for (const k of [...new Set([n, 1])]) {
    const t0 = performance.now();
    const extractive = [];
    for (const item of items) {
      const out = await summarizeExtractive({ text: item.document, length: { unit: 'sentences', value: k } });
      extractive.push({ candidate: out.text, reference: item.summary });
    }
    const ms = (performance.now() - t0) / items.length;
    const lead = items.map((item) => ({
      candidate: leadSentences(item.document, k)
        .map((s) => s.text)
        .join(' '),
      reference: item.summary,
    }));
    const e = meanRouge(extractive);
    const l = meanRouge(lead);
    const fmt = (x: number) => (100 * x).toFixed(2);
    rows.push([
      `extractive (TF-IDF centrality + MMR), ${k} sent.`,
      fmt(e.rouge1),
      fmt(e.rouge2),
      fmt(e.rougeL),
      ms.toFixed(1),
    ]);
    rows.push([`lead-${k} baseline`, fmt(l.rouge1), fmt(l.rouge2), fmt(l.rougeL), '-']);
  }
  console.log(`XSum tiny subset: ${items.length} articles, mean ROUGE F1 ×100 (stemmed)\n`);
  console.log(markdownTable(['system', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L', 'ms/doc'], rows));
}
