import { pathToFileURL } from 'node:url';
import {
  ANSWERABILITY_FEATURES,
  type AnswerabilityFeatures,
  type AnswerabilityModel,
  answerabilityProbability,
  DEFAULT_ANSWERABILITY_MODEL,
} from '@grounded/llm';
import { fitLogistic } from './logistic-fit';
import {
  abstentionRates,
  loadSquadV2Subset,
  type MeasuredQuestion,
  type MeasureOptions,
  measureQuestions,
} from './squad-abstention';

/**
 * Fits the answerability model on the TUNING half of SQuAD 2.0 (paragraph split, fixed seed) and
 * reports the held-out half. Run once, copy the printed model into answerability-model.ts:
 *   npx tsx eval/calibration/answerability-calibration.ts
 * Label: answerable (1) vs SQuAD unanswerable (0), each asked against its own paragraph. The
 * threshold is the highest one that still answers `targetAnswered` of the tuning answerable ones.
 */
export type FeatureName = keyof AnswerabilityFeatures;

/**
 * The direction each feature may push, for the constrained fit. SQuAD's unanswerable questions were
 * written by copying a sentence's words and changing one thing, so on SQuAD MORE overlap means
 * LESS answerable; learning that would make the product abstain on well-matched questions. The
 * constrained fit keeps every weight on the side that holds for questions in general.
 */
export const FEATURE_SIGNS: Readonly<Record<FeatureName, number>> = {
  coverage: 1,
  idfCoverage: 1,
  unseenShare: -1,
  rarestMissing: -1,
  focusMissing: -1,
  typeMissing: -1,
  negationMismatch: -1,
  unseenNames: -1,
  numberMismatch: -1,
  proximity: 1,
  semantic: 1,
  slotMissing: -1,
  runnerUpGap: 1,
  sourceRank: 1,
  antonymSwap: -1,
  gapMissing: -1,
  topAgree: 1,
  oppositeSwap: -1,
  gapFit: 1,
  unlinkedMissing: -1,
};

export function fitAnswerabilityModel(
  tuning: readonly MeasuredQuestion[],
  features: readonly FeatureName[],
  targetAnswered = 0.8,
  constrained = true,
): AnswerabilityModel {
  const x = tuning.map((q) => features.map((f) => q.features[f]));
  const y = tuning.map((q) => (q.row.is_impossible ? 0 : 1));
  const fit = fitLogistic(x, y, constrained ? { signs: features.map((f) => FEATURE_SIGNS[f]) } : {});
  const weights = Object.fromEntries(ANSWERABILITY_FEATURES.map((f) => [f, 0])) as Record<
    FeatureName,
    number
  >;
  for (const [j, f] of features.entries()) weights[f] = round(fit.weights[j]!);
  const model = { bias: round(fit.bias), weights, threshold: 0 };
  return { ...model, threshold: thresholdForAnswered(tuning, model, targetAnswered) };
}

/** Highest threshold (on 0.005 steps) that answers at least `target` of the answerable questions. */
export function thresholdForAnswered(
  items: readonly MeasuredQuestion[],
  model: Pick<AnswerabilityModel, 'bias' | 'weights'>,
  target: number,
): number {
  const p = items
    .filter((q) => !q.row.is_impossible)
    .map((q) => answerabilityProbability(q.features, model))
    .sort((a, b) => b - a);
  const k = Math.max(0, Math.ceil(target * p.length) - 1);
  return Math.floor((p[k] ?? 0) * 200) / 200;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function describeRates(label: string, r: ReturnType<typeof abstentionRates>): string {
  return `${label}: unanswerable abstained ${pct(r.abstained)} (n=${r.unanswerable}), answerable answered ${pct(r.answered)} (n=${r.answerable}); answered: sentence contains gold ${pct(r.containsGold)}, token F1 ${pct(r.tokenF1)}, gold-token recall ${pct(r.goldRecall)}`;
}

// Issue #15's features, fitted by eval/calibration/answering-calibration.ts instead.
const ISSUE_15 = new Set<FeatureName>([
  'slotMissing',
  'runnerUpGap',
  'sourceRank',
  'gapMissing',
  'topAgree',
  'oppositeSwap',
  'gapFit',
  'unlinkedMissing',
]);

/** The features of issue #5's fit: the lexical ones, without the similarity or issue #15's. */
export const LEXICAL: FeatureName[] = ANSWERABILITY_FEATURES.filter(
  (name) => name !== 'semantic' && !ISSUE_15.has(name),
);

export async function run(_args: string[]): Promise<void> {
  const rows = loadSquadV2Subset();
  for (const idf of ['sources', 'paragraphs'] as const) {
    const options: MeasureOptions = { idf };
    const measured = await measureQuestions(rows, options);
    const tuning = measured.filter((q) => q.tuning);
    const test = measured.filter((q) => !q.tuning);
    console.log(`\n## IDF over ${idf}; tuning ${tuning.length} questions, test ${test.length}`);
    // Separation of each feature on the tuning half, to see what carries signal.
    for (const f of LEXICAL) {
      const mean = (xs: MeasuredQuestion[]) => xs.reduce((a, q) => a + q.features[f], 0) / xs.length;
      console.log(
        `  ${f.padEnd(17)} answerable ${mean(tuning.filter((q) => !q.row.is_impossible)).toFixed(3)}  unanswerable ${mean(tuning.filter((q) => q.row.is_impossible)).toFixed(3)}`,
      );
    }
    console.log(
      describeRates(
        '  no answerability gate (score ≥ 0.34)',
        abstentionRates(test, (q) => q.bestScore >= 0.34),
      ),
    );
    const free = fitAnswerabilityModel(tuning, LEXICAL, 0.8, false);
    console.log(`  unconstrained model (SQuAD artefacts allowed): ${JSON.stringify(free)}`);
    const model = fitAnswerabilityModel(tuning, LEXICAL, 0.8);
    console.log(`  constrained model (tuned for 80% answered on tuning): ${JSON.stringify(model)}`);
    const answers = (m: AnswerabilityModel) => (q: MeasuredQuestion) =>
      q.bestScore >= 0.34 && answerabilityProbability(q.features, m) >= m.threshold;
    console.log(describeRates('  unconstrained TEST', abstentionRates(test, answers(free))));
    console.log(describeRates('  tuning', abstentionRates(tuning, answers(model))));
    console.log(describeRates('  TEST  ', abstentionRates(test, answers(model))));
    for (const target of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
      const m = { ...model, threshold: thresholdForAnswered(tuning, model, target) };
      console.log(
        describeRates(
          `  curve: threshold ${m.threshold} (tuning answered ${target})`,
          abstentionRates(test, answers(m)),
        ),
      );
    }
    if (idf === 'sources') {
      console.log(
        describeRates(
          '  current DEFAULT_ANSWERABILITY_MODEL on TEST',
          abstentionRates(test, answers(DEFAULT_ANSWERABILITY_MODEL)),
        ),
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.argv.slice(2));
}
