import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import {
  checkToxicity,
  createEmbeddingSafetyClassifier,
  createLexiconSafetyClassifier,
  type SafetyClassifier,
  withChineseHateModel,
} from '@grounded/guardrails';
import { useLiteEmbeddings } from './guardrails-embeddings';
import { loadInjectionExamples } from './guardrails-injection-data';

/**
 * `npm run eval -- safety-default [--verbose]`: criterion (a) of eval/safety-default-rule.md. How
 * many realistic benign messages the toxicity input check flags at the default thresholds with
 * each SAFETY_CLASSIFIER: the default `lexicon` (plus the Chinese n-gram model, as apps/api builds
 * it) and `learned`. Sets: every benign message of the guardrails eval (guardrails-injection-data:
 * own customer questions and look-alikes, NQ-open, SQuAD, CMRC questions) and the own angry but
 * not hateful complaints (complaints-benign.jsonl). Nothing here is fitted or tuned.
 */

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function flags(classifier: SafetyClassifier, texts: readonly string[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const text of texts) out.push((await checkToxicity(text, classifier)).action === 'block');
  return out;
}

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const messages = loadInjectionExamples().filter((e) => e.kind === 'message' && e.label === 0);
  const complaints = readFileSync(
    path.join(repoRoot(), 'packages', 'guardrails', 'data', 'complaints-benign.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; lang: string });
  const groups: [string, { text: string; source: string }[]][] = [
    [
      'benign messages of the guardrails eval (pooled)',
      messages.map((m) => ({ text: m.text, source: m.source })),
    ],
    [
      'complaints-benign.jsonl (own, angry but not hateful)',
      complaints.map((c) => ({ text: c.text, source: `complaints-${c.lang}` })),
    ],
  ];
  const all = groups.flatMap(([, rows]) => rows.map((r) => r.text));
  // The embeddings once, from the on-disk cache; the classifier then reads them back.
  await useLiteEmbeddings('benign-messages', all);
  const lexicon = withChineseHateModel(createLexiconSafetyClassifier());
  const learned = await createEmbeddingSafetyClassifier({
    embedder: {
      id: 'use-lite',
      dimension: 512,
      embed: (texts) => useLiteEmbeddings('benign-messages', texts),
    },
  });
  console.log(`| Set | Source | n | lexicon flagged | learned flagged | added by learned |`);
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [label, rows] of groups) {
    const texts = rows.map((r) => r.text);
    const lx = await flags(lexicon, texts);
    const ln = await flags(learned, texts);
    const sources = [...new Set(rows.map((r) => r.source))];
    for (const source of [...sources, 'all']) {
      const idx = rows.flatMap((r, i) => (source === 'all' || r.source === source ? [i] : []));
      const a = idx.filter((i) => lx[i]).length;
      const b = idx.filter((i) => ln[i]).length;
      const added = idx.filter((i) => ln[i] && !lx[i]).length;
      console.log(
        `| ${source === 'all' ? `**${label}**` : label} | ${source} | ${idx.length} | ${a} (${pct(a / idx.length)}) | ${b} (${pct(b / idx.length)}) | ${added} |`,
      );
    }
    if (verbose) {
      for (const [i, r] of rows.entries()) {
        if (lx[i] || ln[i]) console.error(`${lx[i] ? 'L' : '-'}${ln[i] ? 'M' : '-'} ${r.source}: ${r.text}`);
      }
    }
  }
}
