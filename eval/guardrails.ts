import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  checkBias,
  createHeuristicEntailmentScorer,
  createLexiconSafetyClassifier,
  createStreamingOutputGuard,
  type EntailmentScorer,
  type LinearModel,
  loadLinearModel,
} from '@grounded/guardrails';
import { evalAbstention } from './guardrails-abstention';
import { loadCrowsPairs, loadDavidson, loadHaluEval, loadToxiGen } from './guardrails-data';
import { evalHate } from './guardrails-hate';
import {
  type BinaryCounts,
  evalInjection,
  evalInjectionSplits,
  loadInjectionSet,
  metrics,
} from './guardrails-injection';
import { evalPii } from './guardrails-pii';

/**
 * `npm run eval -- guardrails [--verbose]`: one Markdown table of the offline guardrails on public
 * sets in ../shared/eval and on the project's own labelled sets.
 *
 * Splits (nothing reported was used to choose weights or thresholds unless the row says so):
 * - HaluEval: questions 0–249 of both QA files are the development split (scorer weights and the
 *   threshold were chosen there); rows report questions 250–499.
 * - Davidson and ToxiGen: rows with index % 5 == 0 are the development split (lexicon and rule
 *   edits were made looking at its errors); rows report the other 80%.
 * - CrowS-Pairs: not used during development.
 * - SQuAD v2 (abstention): paragraphs split in halves with a fixed seed; the answerability weights
 *   and thresholds were fitted on the tuning half; rows report the test half (guardrails-abstention.ts).
 * - PII and injection dev sets: written together with the rules (in-sample, optimistic).
 *   injection-holdout: written after v1.0 and then used to revise the rules (no longer blind).
 *   injection-holdout-2: written after the last rule change, never used for changes (blind).
 */

type Row = {
  check: string;
  data: string;
  n: number;
  precision?: number | undefined;
  recall?: number | undefined;
  f1?: number | undefined;
  fpr?: number | undefined;
  accuracy?: number;
  balanced?: number;
  note: string;
};

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

function count(pred: boolean[], gold: boolean[]): BinaryCounts {
  const c: BinaryCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  pred.forEach((p, i) => {
    const y = gold[i]!;
    if (p && y) c.tp++;
    else if (p) c.fp++;
    else if (y) c.fn++;
    else c.tn++;
  });
  return c;
}

async function haluScores(
  scorer: EntailmentScorer,
  file: 'qa_one-turn_data.jsonl' | 'qa_multi-turn_data.jsonl',
  from: number,
  to: number,
) {
  const rows = loadHaluEval(file).slice(from, to);
  const right = await scorer.score(rows.map((r) => ({ premise: r.knowledge, hypothesis: r.right_answer })));
  const hallu = await scorer.score(
    rows.map((r) => ({ premise: r.knowledge, hypothesis: r.hallucinated_answer })),
  );
  return { right, hallu };
}

function haluMetrics(s: { right: number[]; hallu: number[] }, threshold: number) {
  // Positive class = hallucinated (flagged as unsupported).
  const pred = [...s.right.map((x) => x < threshold), ...s.hallu.map((x) => x < threshold)];
  const gold = [...s.right.map(() => false), ...s.hallu.map(() => true)];
  const m = metrics(count(pred, gold));
  const pairwise = s.right.filter((r, i) => r > s.hallu[i]!).length / s.right.length;
  return { ...m, pairwise, n: pred.length };
}

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const rows: Row[] = [];
  const t0 = performance.now();

  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  // --model=path (owner-aware round after 2.3): the message model to score instead of the shipped one.
  const modelPath = args.find((a) => a.startsWith('--model='))?.slice('--model='.length);
  const message = modelPath ? loadLinearModel(pathToFileURL(path.resolve(modelPath))) : undefined;
  if (only === 'injection') return runInjectionOnly(verbose, message);
  if (only === 'hate') {
    printRows(
      (await evalHate()).map((h) => ({ check: h.check, data: h.data, n: h.n, ...pick(h.m), note: h.note })),
    );
    return;
  }
  // --- Hallucination: HaluEval QA ---
  const scorer = createHeuristicEntailmentScorer();
  const devOne = await haluScores(scorer, 'qa_one-turn_data.jsonl', 0, 250);
  const devMulti = await haluScores(scorer, 'qa_multi-turn_data.jsonl', 0, 250);
  const dev = { right: [...devOne.right, ...devMulti.right], hallu: [...devOne.hallu, ...devMulti.hallu] };
  let threshold = 0.5;
  let bestAcc = -1;
  for (let t = 0.1; t <= 0.901; t += 0.05) {
    const acc = haluMetrics(dev, t).accuracy;
    if (acc > bestAcc) {
      bestAcc = acc;
      threshold = Number(t.toFixed(2));
    }
  }
  for (const file of ['qa_one-turn_data.jsonl', 'qa_multi-turn_data.jsonl'] as const) {
    const m = haluMetrics(await haluScores(scorer, file, 250, 500), threshold);
    rows.push({
      check: 'Hallucination (heuristic scorer)',
      data: `HaluEval ${file.replace('_data.jsonl', '')}, q250–499`,
      n: m.n,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      fpr: m.fpr,
      accuracy: m.accuracy,
      balanced: m.balancedAccuracy,
      note: `threshold ${threshold} chosen on q0–249 (dev acc ${pct(bestAcc)}); right>hallucinated pairwise ${pct(m.pairwise)}; target acc ≥ 80%`,
    });
  }

  // --- Streaming guard latency, on HaluEval test answers streamed in 8-character deltas ---
  const streamRows = loadHaluEval('qa_one-turn_data.jsonl').slice(250, 500);
  const checkMs: number[] = [];
  let withheldHallu = 0;
  let releasedRight = 0;
  for (const r of streamRows) {
    const guard = createStreamingOutputGuard({
      sources: [{ number: 1, text: r.knowledge }],
      scorer,
      threshold,
    });
    const answer = `${r.right_answer.replace(/[.!?]?$/, '.')} ${r.hallucinated_answer.replace(/[.!?]?$/, '.')}`;
    for (let i = 0; i < answer.length; i += 8) await guard.push(answer.slice(i, i + 8));
    await guard.flush();
    const v = guard.verdicts();
    checkMs.push(...v.map((x) => x.checkMs));
    if (v.length === 2) {
      if (v[0]!.released) releasedRight++;
      if (!v[1]!.released) withheldHallu++;
    }
  }
  checkMs.sort((a, b) => a - b);
  const q = (p: number) => checkMs[Math.min(checkMs.length - 1, Math.floor(p * checkMs.length))] ?? 0;
  rows.push({
    check: 'Streaming output guard',
    data: 'HaluEval one-turn q250–499 (right + hallucinated answer, 8-char deltas)',
    n: checkMs.length,
    note: `added latency per sentence p50 ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${q(1).toFixed(2)} ms; right released ${releasedRight}/${streamRows.length}, hallucinated withheld ${withheldHallu}/${streamRows.length}`,
  });

  // --- Toxicity ---
  const classifier = createLexiconSafetyClassifier();
  const toxigen = loadToxiGen().filter((_, i) => i % 5 !== 0);
  const tgScores = await classifier.classify(toxigen.map((r) => r.text));
  const tgM = metrics(
    count(
      tgScores.map((s) => s.scores.toxicity >= 0.5),
      toxigen.map((r) => r.label === 'hate'),
    ),
  );
  rows.push({
    check: 'Toxicity/hate (lexicon)',
    data: 'ToxiGen seed statements, test 80%',
    n: toxigen.length,
    ...pick(tgM),
    note: 'implicit hate, mostly without slurs: a lexicon is weak here by design',
  });
  const davidson = loadDavidson().filter((r) => r.index % 5 !== 0);
  const dvScores = await classifier.classify(davidson.map((r) => r.tweet));
  const dvM = metrics(
    count(
      dvScores.map((s) => s.scores.toxicity >= 0.5),
      davidson.map((r) => r.cls !== 2),
    ),
  );
  rows.push({
    check: 'Toxicity (lexicon)',
    data: 'Davidson tweets, test 80%: hate+offensive vs neither',
    n: davidson.length,
    ...pick(dvM),
    note: 'thresholds: defaults (0.5), unchanged after dev',
  });
  const dvH = metrics(
    count(
      dvScores.map((s) => s.scores.hate >= 0.5),
      davidson.map((r) => r.cls === 0),
    ),
  );
  rows.push({
    check: 'Hate (lexicon, hate score)',
    data: 'Davidson tweets, test 80%: hate class vs rest',
    n: davidson.length,
    ...pick(dvH),
    note: 'slur-based; Davidson "offensive" tweets use the same slurs',
  });

  // --- Bias ---
  const tgBias = toxigen.map((r) => checkBias(r.text).action !== 'allow');
  const hate = toxigen.filter((r) => r.label === 'hate').length;
  const neutral = toxigen.length - hate;
  rows.push({
    check: 'Bias (rules)',
    data: 'ToxiGen implicit hate, test 80%',
    n: toxigen.length,
    recall: tgBias.filter((f, i) => f && toxigen[i]!.label === 'hate').length / hate,
    fpr: tgBias.filter((f, i) => f && toxigen[i]!.label !== 'hate').length / neutral,
    note: 'recall = detection rate on hate statements; FPR on neutral statements about the same groups',
  });
  const crows = loadCrowsPairs();
  const more = crows.filter((p) => checkBias(p.stereotyped).action !== 'allow').length;
  const less = crows.filter((p) => checkBias(p.less).action !== 'allow').length;
  rows.push({
    check: 'Bias (rules)',
    data: 'CrowS-Pairs (more vs less stereotyped side)',
    n: crows.length * 2,
    recall: more / crows.length,
    fpr: less / crows.length,
    note: 'recall = detection on the more-stereotyped sentence; FPR = flags on its less-stereotyped twin',
  });

  for (const h of await evalHate())
    rows.push({ check: h.check, data: h.data, n: h.n, ...pick(h.m), note: h.note });

  // --- PII ---
  const pii = evalPii();
  rows.push({
    check: 'PII (rules + checksums)',
    data: `own set, ${pii.lines} lines EN+ZH (${pii.positives} values, look-alike negatives)`,
    n: pii.positives,
    precision: pii.precision,
    recall: pii.recall,
    note: 'entity level; in-sample: written alongside the rules; target recall ≥ 99%',
  });

  rows.push(...injectionRows(verbose));

  // --- Abstention: SQuAD v2, positive class = unanswerable (should abstain) ---
  const abstention = await evalAbstention();
  for (const a of abstention) {
    const r = a.rates;
    const tp = Math.round(r.abstained * r.unanswerable);
    const fp = r.answerable - Math.round(r.answered * r.answerable);
    const m = metrics({ tp, fp, fn: r.unanswerable - tp, tn: r.answerable - fp });
    rows.push({
      check: `Abstention (${a.label})`,
      data: 'SQuAD v2 Normans+Rhine, test half (own paragraph given)',
      n: r.unanswerable + r.answerable,
      ...pick(m),
      note: `recall = abstained on unanswerable; FPR = abstained on answerable; target ≥ 90% abstention with ≥ 80% answered`,
    });
  }

  printRows(rows);
  console.log(
    '\n| Abstention (SQuAD v2, test half) | Unanswerable n | Abstained | Answerable n | Answered | Answered: sentence contains gold | Token F1 | Gold-token recall | Notes |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const a of abstention) {
    const r = a.rates;
    console.log(
      `| ${a.label} | ${r.unanswerable} | ${pct(r.abstained)} | ${r.answerable} | ${pct(r.answered)} | ${pct(r.containsGold)} | ${pct(r.tokenF1)} | ${pct(r.goldRecall)} | ${a.note} |`,
    );
  }
  console.log(`\nTotal time ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
}

function pick(m: {
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  accuracy: number;
  balancedAccuracy: number;
}) {
  return {
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    fpr: m.fpr,
    accuracy: m.accuracy,
    balanced: m.balancedAccuracy,
  };
}

function injectionRows(verbose: boolean, message?: LinearModel): Row[] {
  const rows: Row[] = [];
  for (const learned of [false, true]) {
    for (const [file, label] of [
      ['injection-labelled.jsonl', 'own dev set (in-sample)'],
      ['injection-holdout.jsonl', 'own holdout-1 (used for the v1.1 revision; learned: trained on)'],
      ['injection-holdout-2.jsonl', 'own holdout-2 (blind)'],
    ] as const) {
      const r = evalInjection(loadInjectionSet(file), learned && message ? message : learned);
      rows.push({
        check: learned ? 'Prompt injection (rules + learned)' : 'Prompt injection (rules)',
        data: `${label}, ${r.attacks} attacks + ${r.benign} benign EN+ZH`,
        n: r.attacks + r.benign,
        ...pick(r),
        note: file === 'injection-holdout-2.jsonl' ? 'the honest figure for unseen phrasings' : '',
      });
      if (verbose && learned) console.error(r.errors.join('\n'));
    }
  }
  const split = evalInjectionSplits(verbose, message);
  for (const r of split.rows) {
    rows.push({
      check: 'Prompt injection (rules + learned)',
      data: r.data,
      n: r.n,
      recall: r.recall,
      fpr: r.fpr,
      note: `rules alone: recall ${pct(r.rulesOnly.recall)}, FPR ${pct(r.rulesOnly.fpr)}; ${r.note}`,
    });
  }
  rows.push({ check: 'Prompt injection latency', data: 'blind test questions', n: 0, note: split.latency });
  if (verbose) console.error(split.errors.join('\n'));

  return rows;
}

function printRows(rows: Row[]): void {
  console.log('| Check | Data | n | Precision | Recall | F1 | FPR | Accuracy | Balanced acc. | Notes |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(
      `| ${r.check} | ${r.data} | ${r.n} | ${pct(r.precision)} | ${pct(r.recall)} | ${pct(r.f1)} | ${pct(r.fpr)} | ${pct(r.accuracy)} | ${pct(r.balanced)} | ${r.note} |`,
    );
  }
}

function runInjectionOnly(verbose: boolean, message?: LinearModel): void {
  printRows(injectionRows(verbose, message));
}
