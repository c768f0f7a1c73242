import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import {
  checkToxicity,
  createLexiconSafetyClassifier,
  hateZhModel,
  loadLinearModel,
  type SafetyClassifier,
  withChineseHateModel,
} from '@grounded/guardrails';
import { type HateZhExample, loadHateZhSplits } from './guardrails-hate-data';

/**
 * `npm run eval -- hate-zh [--model <file>] [--verbose]`: the default toxicity path for Chinese
 * (lexicon + the character n-gram hate model, as apps/api builds it) at the default thresholds, on
 * every split of the Chinese hate data (eval/guardrails-hate-data.ts loadHateZhSplits): hate recall
 * and false flags by source and family, the older sets (hate-zh-labelled, the 12 Chinese complaints
 * of complaints-benign.jsonl; neither ever trained on) and CMRC dev questions (test; the first 500
 * are the ones `eval guardrails` and `eval safety-default` use). `--model` scores another model file
 * (for a before/after on the same code). `--verbose` lists the flagged train and dev texts, never
 * test texts, so that reading errors cannot steer a change toward the blind set.
 */

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Per-text latency of the whole toxicity check (lexicon + model), for the p50 ≤ 5 ms input budget. */
const latencies: number[] = [];

async function blocked(classifier: SafetyClassifier, texts: readonly string[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const text of texts) {
    const t = performance.now();
    out.push((await checkToxicity(text, classifier)).action === 'block');
    latencies.push(performance.now() - t);
  }
  return out;
}

const quantile = (xs: readonly number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

function ownLines(name: string): Record<string, string>[] {
  return readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string>);
}

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--model');
  const model =
    at >= 0 ? loadLinearModel(new URL(`file://${path.resolve(args[at + 1] as string)}`)) : hateZhModel();
  const verbose = args.includes('--verbose');
  const classifier = withChineseHateModel(createLexiconSafetyClassifier(), model);
  console.log(
    `model ${model.id}@${model.version} (threshold ${model.threshold}); classifier ${classifier.id}`,
  );

  const data = loadHateZhSplits();
  const sets: [string, Pick<HateZhExample, 'text' | 'label' | 'kind' | 'family' | 'split'>[]][] = [];
  for (const split of ['train', 'dev', 'test'] as const) {
    for (const source of ['hate-zh-2', 'hate-zh-3', 'hate-zh-4'])
      sets.push([`${source} ${split}`, data.filter((e) => e.split === split && e.source === source)]);
  }
  const cmrcTest = data.filter((e) => e.source === 'cmrc' && e.split === 'test');
  sets.push([
    'cmrc trial questions, train articles',
    data.filter((e) => e.source === 'cmrc' && e.split === 'train'),
  ]);
  sets.push([
    'cmrc trial questions, dev articles',
    data.filter((e) => e.source === 'cmrc' && e.split === 'dev'),
  ]);
  sets.push(['cmrc dev questions (test), all', cmrcTest]);
  sets.push(['cmrc dev questions (test), first 500 (eval guardrails set)', cmrcTest.slice(0, 500)]);
  sets.push([
    'hate-zh-labelled (older, never trained on)',
    ownLines('hate-zh-labelled.jsonl').map((r) => ({
      text: r.text as string,
      label: r.label === 'hate' ? 1 : 0,
      kind: r.label as string,
      family: 'hate-zh-labelled',
      split: 'test',
    })),
  ]);
  sets.push([
    'complaints-benign.jsonl zh (12, read before, never trained on)',
    ownLines('complaints-benign.jsonl')
      .filter((r) => r.lang === 'zh')
      .map((r) => ({ text: r.text as string, label: 0, kind: 'benign', family: 'complaint', split: 'test' })),
  ]);

  console.log('| Set | n | hate recall | non-hate flagged |');
  console.log('|---|---:|---:|---:|');
  const t0 = performance.now();
  let scored = 0;
  for (const [name, rows] of sets) {
    const flags = await blocked(
      classifier,
      rows.map((r) => r.text),
    );
    scored += rows.length;
    const pos = rows.flatMap((r, i) => (r.label === 1 ? [i] : []));
    const neg = rows.flatMap((r, i) => (r.label === 0 ? [i] : []));
    const hit = (idx: number[]) => idx.filter((i) => flags[i]).length;
    const cell = (idx: number[]) =>
      idx.length ? `${hit(idx)}/${idx.length} (${pct(hit(idx) / idx.length)})` : '–';
    console.log(`| ${name} | ${rows.length} | ${cell(pos)} | ${cell(neg)} |`);
    if (name.startsWith('hate-zh-3') || name.startsWith('hate-zh-4')) {
      for (const family of [...new Set(rows.map((r) => r.family))]) {
        const idx = rows.flatMap((r, i) => (r.family === family ? [i] : []));
        const kind = rows[idx[0] as number]?.kind;
        console.log(
          `|   ${family} (${kind}) | ${idx.length} | ${kind === 'hate' ? cell(idx) : '–'} | ${kind === 'hate' ? '–' : cell(idx)} |`,
        );
      }
      const complaints = neg.filter((i) => rows[i]?.kind === 'benign');
      const neutral = neg.filter((i) => rows[i]?.kind === 'neutral');
      console.log(`|   complaints and criticism | ${complaints.length} | – | ${cell(complaints)} |`);
      console.log(`|   neutral group mentions | ${neutral.length} | – | ${cell(neutral)} |`);
    }
    if (verbose && rows[0]?.split !== 'test')
      for (const [i, r] of rows.entries())
        if (flags[i] !== (r.label === 1))
          console.error(`  ${flags[i] ? 'FP' : 'FN'} [${r.family}] ${r.text}`);
  }
  console.log(
    `${scored} texts in ${((performance.now() - t0) / scored).toFixed(3)} ms a text (mean); checkToxicity p50 ${quantile(latencies, 0.5).toFixed(3)} ms, p95 ${quantile(latencies, 0.95).toFixed(3)} ms`,
  );
}
