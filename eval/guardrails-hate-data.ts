import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sharedPath } from '@grounded/core';
import { loadDavidson, loadToxiGen, parseCsv } from './guardrails-data';

/**
 * Data of the learned hate classifier.
 * - train: ToxiGen seed statements with index % 5 ∈ {0, 1, 2} (MIT; % 5 == 0 is the lexicon's old
 *   dev split) and a Davidson subset from its dev part (index % 5 == 0; MIT): every "hate" tweet
 *   and the first 600 "neither" tweets, for explicit hate. λ and the threshold: grouped 5-fold
 *   cross-validation over this split (ToxiGen folds by target group).
 * - test (never fitted or tuned on): ToxiGen index % 5 ∈ {3, 4}; ETHOS binary (GPL-3.0: evaluation
 *   only, never trained on); CrowS-Pairs (reported as is).
 */
export interface HateExample {
  text: string;
  label: 0 | 1;
  source: 'toxigen' | 'davidson';
  group: string;
}

export function loadHateTrain(): HateExample[] {
  const toxigen = loadToxiGen()
    .filter((_, i) => i % 5 <= 2)
    .map(
      (r) =>
        ({
          text: r.text,
          label: r.label === 'hate' ? 1 : 0,
          source: 'toxigen',
          group: r.target_group,
        }) as HateExample,
    );
  const davidson = loadDavidson().filter((r) => r.index % 5 === 0 && r.tweet.trim());
  const hate = davidson.filter((r) => r.cls === 0);
  const neither = davidson.filter((r) => r.cls === 2).slice(0, 600);
  return [
    ...toxigen,
    ...[...hate, ...neither].map(
      (r) =>
        ({
          text: r.tweet,
          label: r.cls === 0 ? 1 : 0,
          source: 'davidson',
          group: `davidson:${r.index % 7}`,
        }) as HateExample,
    ),
  ];
}

export function loadToxiGenTest() {
  return loadToxiGen().filter((_, i) => i % 5 >= 3);
}

export function loadEthos(): { text: string; hate: boolean }[] {
  const text = readFileSync(sharedPath('eval', 'ethos', 'Ethos_Dataset_Binary.csv'), 'utf8');
  // ';'-separated with quoted comments: reuse the CSV parser on a ';'→',' swap outside quotes.
  let swapped = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    swapped += !quoted && ch === ';' ? ',' : !quoted && ch === ',' ? '\u0001' : ch;
  }
  const rows = parseCsv(swapped);
  return rows
    .slice(1)
    .filter((r) => r.length >= 2 && (r[0] ?? '').trim())
    .map((r) => ({ text: (r[0] ?? '').replace(/\u0001/g, ','), hate: Number(r[1]) >= 0.5 }));
}

/**
 * The project's own Chinese set (packages/guardrails/data/hate-zh-2.jsonl): hateful generalisations
 * vs neutral statements about the same groups, plus ordinary sentences; `split` is by group (a test
 * group never appears in train). label 1 = hate; neutral and benign = 0.
 */
export function loadHateZh(): { text: string; label: 0 | 1; group: string; split: string; kind: string }[] {
  return readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', 'hate-zh-2.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string; group: string; split: string })
    .map((r) => ({ ...r, kind: r.label, label: r.label === 'hate' ? 1 : 0 }));
}
