import {
  answerText,
  CHINESE_GATE_FEATURES,
  type ChineseGateFeatures,
  type ChineseGateModel,
  chineseGateProbability,
  extractAnswer,
} from '@grounded/llm';
import { containsGold } from '../answering';
import { answererConfigs } from '../answering-configs';
import { type AnsweringItem, loadCmrcRetrievedItems, loadOwnZhItems } from '../answering-data';
import { fitLogistic } from './logistic-fit';

/**
 * Fits the Chinese gate (CHINESE_GATE_MODEL, packages/llm/src/generation/chinese-gate.ts) on the
 * DEV half of the Chinese own set (eval/data/answering-zh) and prints it:
 * `npx tsx eval/calibration/chinese-gate-calibration.ts`. Rule written in eval/answering.ts
 * (Chinese gate round) before the fit.
 * Rows: every dev question, answered as chat answers it with the Chinese gate off; the features
 * are those of the forced answer (withheld when the present gate abstains). Label: 1 when the
 * forced answer contains a gold answer. Weights keep the sign that holds for questions in
 * general (SIGNS). Threshold: the highest that keeps ≥ 90% of the dev answers that are correct
 * without the Chinese gate (the present gate on); within that, abstain as much as possible.
 * Reads no test half.
 * `--with-cmrcr` (the second fit's rule in eval/answering.ts): CMRC dev questions with their
 * retrieved sources join the rows, each set weighing the same, and the threshold must also keep
 * ≥ 99% of their correct answers. `--without=a,b` leaves features out of the selection.
 */
type Feature = keyof ChineseGateFeatures;

/** More support, a clearer winner, a better-ranked source: answer; a missing term: abstain. */
export const SIGNS: Record<Feature, number> = {
  coverage: 1,
  idfCoverage: 1,
  rarestMissing: -1,
  seenMissing: -1,
  unseenShare: -1,
  termMissing: -1,
  slotMissing: -1,
  runnerUpGap: 1,
  sourceRank: 1,
  documentShare: 1,
  retrievalMargin: 1,
};

export interface GateRow {
  set: 'ownzh' | 'cmrcr';
  features: ChineseGateFeatures;
  /** The forced answer holds a gold answer. */
  correct: boolean;
  /** Answered correctly with the present gate, without the Chinese one. */
  keptCorrect: boolean;
  unanswerable: boolean;
  /** The present gate already abstains. */
  abstainedBefore: boolean;
}

/** Per set, the share of the answers correct without the gate that the threshold must keep. */
export type Keeps = Partial<Record<GateRow['set'], number>>;

/** A model over `features` fitted on `rows` (each set weighing the same), threshold by `keeps`. */
export function fitGate(
  rows: readonly GateRow[],
  features: readonly Feature[],
  keeps: Keeps = { ownzh: 0.9 },
  l2 = 0.05,
): ChineseGateModel {
  const own = rows.filter((r) => r.set === 'ownzh');
  const other = rows.filter((r) => r.set !== 'ownzh');
  const repeat = other.length === 0 ? 1 : Math.max(1, Math.round(other.length / Math.max(1, own.length)));
  const train = [...other, ...Array.from({ length: repeat }, () => own).flat()];
  const fit = fitLogistic(
    train.map((r) => features.map((f) => r.features[f])),
    train.map((r) => (r.correct ? 1 : 0)),
    { signs: features.map((f) => SIGNS[f]), l2 },
  );
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const weights = Object.fromEntries(CHINESE_GATE_FEATURES.map((f) => [f, 0])) as Record<Feature, number>;
  for (const [j, f] of features.entries()) weights[f] = round(fit.weights[j]!);
  const model: ChineseGateModel = { bias: round(fit.bias), weights, threshold: 0 };
  return { ...model, threshold: keepThreshold(rows, model, keeps) };
}

/** The highest threshold (two decimals) keeping, on each set of `keeps`, its share of the correct answers. */
export function keepThreshold(rows: readonly GateRow[], model: ChineseGateModel, keeps: Keeps): number {
  const probabilities = Object.entries(keeps).map(([set, keep]) => ({
    keep: keep ?? 0,
    kept: rows
      .filter((r) => r.set === set && r.keptCorrect)
      .map((r) => chineseGateProbability(r.features, model)),
  }));
  for (let t = 100; t >= 0; t--) {
    const threshold = t / 100;
    if (
      probabilities.every(({ keep, kept }) => kept.filter((p) => p >= threshold).length >= keep * kept.length)
    )
      return threshold;
  }
  return 0;
}

/**
 * On one set: unanswerable abstained and correct answers kept, with the Chinese gate added to the
 * present one.
 */
export function outcome(
  rows: readonly GateRow[],
  model: ChineseGateModel,
  set: GateRow['set'] = 'ownzh',
): { abstained: number; kept: number } {
  const p = (r: GateRow) => chineseGateProbability(r.features, model);
  const un = rows.filter((r) => r.set === set && r.unanswerable);
  const kept = rows.filter((r) => r.set === set && r.keptCorrect);
  return {
    abstained: un.filter((r) => r.abstainedBefore || p(r) < model.threshold).length / un.length,
    kept: kept.filter((r) => p(r) >= model.threshold).length / kept.length,
  };
}

async function measure(set: GateRow['set'], items: readonly AnsweringItem[]): Promise<GateRow[]> {
  const configs = await answererConfigs(['chat']);
  const rows: GateRow[] = [];
  try {
    const chat = configs.list[0]!;
    for (const item of items) {
      const a = await extractAnswer(
        { question: item.question, sources: item.sources },
        { ...chat.options(item), chineseGate: 'off' },
      );
      if (!a.chineseGate) continue;
      const forced = answerText(a.abstained ? (a.withheld ?? []) : a.sentences);
      const correct = !item.unanswerable && containsGold(item, forced);
      rows.push({
        set,
        features: a.chineseGate.features,
        correct,
        keptCorrect: correct && !a.abstained,
        unanswerable: item.unanswerable,
        abstainedBefore: a.abstained,
      });
    }
  } finally {
    await configs.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const withCmrc = process.argv.includes('--with-cmrcr');
  const rows = await measure(
    'ownzh',
    (await loadOwnZhItems()).filter((i) => i.split === 'dev'),
  );
  if (withCmrc) rows.push(...(await measure('cmrcr', await loadCmrcRetrievedItems())));
  const keeps: Keeps = withCmrc ? { ownzh: 0.9, cmrcr: 0.99 } : { ownzh: 0.9 };
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const none: ChineseGateModel = { bias: 0, weights: { ...SIGNS }, threshold: 0 };
  console.log(
    `dev rows ${rows.length}; without the Chinese gate: ownzh unanswerable abstained ${pct(outcome(rows, none).abstained)}`,
  );
  // `--without a,b`: features left out of the selection.
  const without = (process.argv.find((a) => a.startsWith('--without='))?.slice(10) ?? '').split(',');
  const chosen = forwardSelect(
    rows,
    CHINESE_GATE_FEATURES.filter((f) => !without.includes(f)),
    keeps,
  );
  const model = fitGate(rows, chosen, keeps);
  const o = outcome(rows, model);
  console.log(
    `chosen: ${chosen.join(', ')}; in-sample ownzh dev abstained ${pct(o.abstained)}, kept ${pct(o.kept)}`,
  );
  if (withCmrc) console.log(`cmrcr dev kept ${pct(outcome(rows, model, 'cmrcr').kept)}`);
  else {
    const oof = outOfFold(rows, chosen);
    console.log(`5-fold out of fold (same features): abstained ${pct(oof.abstained)}, kept ${pct(oof.kept)}`);
  }
  console.log(JSON.stringify(model, null, 2));
}

/** In-sample ownzh outcome at the threshold rule: more abstained first, then more kept. */
function merit(rows: readonly GateRow[], features: readonly Feature[], keeps: Keeps): number {
  const o = outcome(rows, fitGate(rows, features, keeps));
  return o.abstained + o.kept / 100;
}

/**
 * Features added one at a time, best first, while the dev outcome at the rule's threshold rises:
 * a small gate.
 */
export function forwardSelect(
  rows: readonly GateRow[],
  candidates: readonly Feature[] = CHINESE_GATE_FEATURES,
  keeps: Keeps = { ownzh: 0.9 },
): Feature[] {
  const chosen: Feature[] = [];
  let best = outcome(rows, { bias: 0, weights: { ...SIGNS }, threshold: 0 }).abstained;
  for (;;) {
    let pick: { f: Feature; m: number } | undefined;
    for (const f of candidates) {
      if (chosen.includes(f)) continue;
      const m = merit(rows, [...chosen, f], keeps);
      if (!pick || m > pick.m) pick = { f, m };
    }
    if (!pick || pick.m <= best + 1e-9) return chosen;
    chosen.push(pick.f);
    best = pick.m;
  }
}

/** Each fifth of the rows (by position) judged by the gate fitted, threshold included, on the rest. */
function outOfFold(
  rows: readonly GateRow[],
  features: readonly Feature[],
): { abstained: number; kept: number } {
  let abstained = 0;
  let un = 0;
  let kept = 0;
  let correct = 0;
  for (let k = 0; k < 5; k++) {
    const test = rows.filter((_, i) => i % 5 === k);
    const model = fitGate(
      rows.filter((_, i) => i % 5 !== k),
      features,
    );
    for (const r of test) {
      const pass = chineseGateProbability(r.features, model) >= model.threshold;
      if (r.unanswerable) {
        un++;
        if (r.abstainedBefore || !pass) abstained++;
      }
      if (r.keptCorrect) {
        correct++;
        if (pass) kept++;
      }
    }
  }
  return { abstained: abstained / un, kept: kept / correct };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
