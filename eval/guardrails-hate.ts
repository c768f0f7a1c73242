import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import {
  createEmbeddingSafetyClassifier,
  createLexiconSafetyClassifier,
  SAFETY_CATEGORIES,
  type SafetyClassifier,
  type SafetyResult,
  type SentenceEmbedder,
  withChineseHateModel,
} from '@grounded/guardrails';
import { loadCrowsPairs } from './guardrails-data';
import { useLiteEmbeddings } from './guardrails-embeddings';
import { loadEthos, loadHateZh, loadToxiGenTest } from './guardrails-hate-data';
import { type BinaryCounts, metrics } from './guardrails-injection';

/**
 * The learned hate model (USE-lite + LR beside the lexicon) on sets it was never fitted or tuned
 * on: ToxiGen index % 5 ∈ {3, 4}, ETHOS (GPL-3.0, evaluation only) and CrowS-Pairs; the lexicon
 * alone on the same rows for comparison. Embeddings come from the on-disk cache (.data/).
 */

const flagged = (r: SafetyResult) => SAFETY_CATEGORIES.some((c) => r.scores[c] >= 0.5);

function cachedEmbedder(name: string): SentenceEmbedder {
  return { id: 'use-lite', dimension: 512, embed: (texts) => useLiteEmbeddings(name, texts) };
}

function counts(pred: boolean[], gold: boolean[]): BinaryCounts {
  const c: BinaryCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  pred.forEach((p, i) => {
    if (p && gold[i]) c.tp++;
    else if (p) c.fp++;
    else if (gold[i]) c.fn++;
    else c.tn++;
  });
  return c;
}

export interface HateRow {
  check: string;
  data: string;
  n: number;
  m: ReturnType<typeof metrics>;
  note: string;
}

export async function evalHate(): Promise<HateRow[]> {
  const rows: HateRow[] = [];
  const lexicon = createLexiconSafetyClassifier();
  const run = async (name: string, texts: string[]) => {
    const learned: SafetyClassifier = await createEmbeddingSafetyClassifier({
      embedder: cachedEmbedder(name),
    });
    return {
      learned: (await learned.classify(texts)).map(flagged),
      lexicon: (await lexicon.classify(texts)).map(flagged),
    };
  };

  const tg = loadToxiGenTest();
  const tgRes = await run(
    'hate',
    tg.map((r) => r.text),
  );
  const tgGold = tg.map((r) => r.label === 'hate');
  for (const [which, pred] of [
    ['learned (USE-lite + LR) OR lexicon', tgRes.learned],
    ['lexicon alone', tgRes.lexicon],
  ] as const) {
    rows.push({
      check: `Implicit hate / biased generalisation (${which})`,
      data: 'ToxiGen seed statements, test (index % 5 ∈ {3, 4}): hate vs neutral statements about the same 16 target groups',
      n: tg.length,
      m: metrics(counts([...pred], tgGold)),
      note: 'targets recall ≥ 60 % at FPR ≤ 10 %; threshold from grouped CV on index % 5 ∈ {0,1,2}',
    });
  }

  const ethos = loadEthos();
  const etRes = await run(
    'ethos',
    ethos.map((r) => r.text),
  );
  for (const [which, pred] of [
    ['learned (USE-lite + LR) OR lexicon', etRes.learned],
    ['lexicon alone', etRes.lexicon],
  ] as const) {
    rows.push({
      check: `Hate (${which})`,
      data: 'ETHOS binary (isHate ≥ 0.5), evaluation only (GPL-3.0)',
      n: ethos.length,
      m: metrics(
        counts(
          [...pred],
          ethos.map((r) => r.hate),
        ),
      ),
      note: 'target F1 ≥ 0.70',
    });
  }

  // Chinese: the character n-gram model (hate-zh-model.ts), on the test half of hate-zh-2 (groups
  // never in its train half) and on the older 20 + 20 set (never trained on); the default lexicon
  // path gets the same model (withChineseHateModel), so its row is shown too.
  const zhDefault = withChineseHateModel(lexicon);
  const zh2 = loadHateZh().filter((e) => e.split === 'test');
  const zh1 = readFileSync(
    path.join(repoRoot(), 'packages', 'guardrails', 'data', 'hate-zh-labelled.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: 'hate' | 'neutral' })
    .map((r) => ({ text: r.text, label: r.label === 'hate' ? 1 : 0 }));
  for (const [data, set] of [
    [
      'own Chinese set hate-zh-2, test half (7 groups not in train): 16 hateful vs 14 neutral statements + 10 ordinary sentences',
      zh2,
    ],
    [
      'own Chinese set hate-zh-labelled (never trained on): 20 implicit stereotypes vs 20 neutral statements',
      zh1,
    ],
  ] as const) {
    const texts = set.map((r) => r.text);
    const res = await run('hate-zh', texts);
    const dflt = (await zhDefault.classify(texts)).map(flagged);
    for (const [which, pred] of [
      ['learned: Chinese char n-gram model OR lexicon', res.learned],
      ['default: lexicon + Chinese char n-gram model', dflt],
      ['lexicon alone', res.lexicon],
    ] as const) {
      rows.push({
        check: `Implicit hate / biased generalisation (${which})`,
        data,
        n: set.length,
        m: metrics(
          counts(
            [...pred],
            set.map((r) => r.label === 1),
          ),
        ),
        note: 'hate-zh-char-lr 2.x: threshold on dev groups and families (≤ 2 % of dev non-hateful texts, ≤ 5 % of the own ones; hate-zh-char-lr.card.md)',
      });
    }
  }

  const crows = loadCrowsPairs();
  const crRes = await run(
    'crows',
    crows.flatMap((p) => [p.stereotyped, p.less]),
  );
  for (const [which, pred] of [
    ['learned (USE-lite + LR) OR lexicon', crRes.learned],
    ['lexicon alone', crRes.lexicon],
  ] as const) {
    const more = pred.filter((_, i) => i % 2 === 0);
    const less = pred.filter((_, i) => i % 2 === 1);
    rows.push({
      check: `Bias (${which})`,
      data: 'CrowS-Pairs (more vs less stereotyped side)',
      n: pred.length,
      m: metrics(counts([...more, ...less], [...more.map(() => true), ...less.map(() => false)])),
      note: 'recall = flagged more-stereotyped sentence; FPR = flagged its less-stereotyped twin; reported as is',
    });
  }
  return rows;
}
