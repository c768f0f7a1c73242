import {
  type AnswerabilityModel,
  answerabilityProbability,
  DEFAULT_ABSTAIN_BELOW,
  DEFAULT_ANSWERABILITY_MODEL,
  extractAnswer,
  type SentenceSimilarity,
  USE_LITE_ANSWERABILITY_MODEL,
} from '@grounded/llm';
import { createUseLiteEmbedder, dot } from '@grounded/retrieval';
import { fitAnswerabilityModel, LEXICAL } from './calibration/answerability-calibration';
import {
  type AbstentionRates,
  abstentionRates,
  loadSquadV2Subset,
  type MeasuredQuestion,
  measureQuestions,
} from './calibration/squad-abstention';

/**
 * The Abstention rows of `eval guardrails` (#5): SQuAD 2.0 dev subset, every question asked against
 * its own paragraph. Paragraphs are split in halves with a fixed seed (SPLIT_SEED); the TUNING half
 * fitted DEFAULT_ANSWERABILITY_MODEL (calibration/answerability-calibration.ts) and, here, the
 * USE-lite variant's weights and threshold. Every figure printed is on the TEST half only.
 */
export interface AbstentionRow {
  label: string;
  rates: AbstentionRates;
  note: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * A point of the trade-off curve read on the test half itself (threshold set there so that at least
 * `answered` of its answerable questions are answered; ties can make it answer more).
 */
function curvePoint(
  test: readonly MeasuredQuestion[],
  score: (q: MeasuredQuestion) => number,
  answered: number,
): string {
  const p = test
    .filter((q) => !q.row.is_impossible)
    .map(score)
    .sort((a, b) => b - a);
  const t = p[Math.max(0, Math.ceil(answered * p.length) - 1)] ?? 0;
  const r = abstentionRates(test, (q) => score(q) >= t);
  return `${pct(r.abstained)} abstained at ${pct(r.answered)} answered`;
}

function curve(test: readonly MeasuredQuestion[], score: (q: MeasuredQuestion) => number): string {
  return [0.5, 0.8, 0.9].map((a) => curvePoint(test, score, a)).join(', ');
}

export async function evalAbstention(): Promise<AbstentionRow[]> {
  const rows = loadSquadV2Subset();
  const rowsOut: AbstentionRow[] = [];

  // 1. The answerer exactly as the chat path runs it (defaults), test half.
  const lexical = await measureQuestions(rows);
  const test = lexical.filter((q) => !q.tuning);
  const abstainedByDefault = new Set<string>();
  for (const q of test) {
    const a = await extractAnswer({
      question: q.row.question,
      sources: [
        {
          number: 1,
          chunkId: q.row.context_id,
          documentId: q.row.context_id,
          text: q.row.context,
          start: 0,
          end: q.row.context.length,
          score: 1,
        },
      ],
    });
    if (a.abstained) abstainedByDefault.add(q.row.id);
  }
  const gateOnly = (q: MeasuredQuestion) => q.bestScore >= DEFAULT_ABSTAIN_BELOW;
  rowsOut.push({
    label: 'score threshold only (before #5)',
    rates: abstentionRates(test, gateOnly),
    note: `best-sentence lexical score ≥ ${DEFAULT_ABSTAIN_BELOW}; test-half curve: ${curve(test, (q) => q.bestScore)}`,
  });
  const lexScore = (q: MeasuredQuestion) =>
    gateOnly(q) ? answerabilityProbability(q.features, DEFAULT_ANSWERABILITY_MODEL) : -1;
  rowsOut.push({
    label: 'default answerer (score + lexical answerability)',
    rates: abstentionRates(test, (q) => !abstainedByDefault.has(q.row.id)),
    note: `logistic on lexical features, fitted with sign constraints on the tuning half, threshold ${DEFAULT_ANSWERABILITY_MODEL.threshold} = 80% answered there (binary features: the curve is step-like); test-half curve: ${curve(test, lexScore)}`,
  });

  // 2. With USE-lite similarity: it also changes which sentence ranks first (0.5 lexical + 0.5 cosine).
  const embedder = await createUseLiteEmbedder();
  try {
    const cache = new Map<string, Float32Array>();
    const embed = async (texts: string[]) => {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length > 0) {
        const vectors = await embedder.embed(missing);
        for (const [i, t] of missing.entries()) cache.set(t, vectors[i]!);
      }
      return texts.map((t) => cache.get(t)!);
    };
    const similarity: SentenceSimilarity = async (question, sentences) => {
      const [q, ...s] = await embed([question, ...sentences]);
      return s.map((v) => dot(q!, v));
    };
    const semantic = await measureQuestions(rows, { similarity });
    const tuning = semantic.filter((q) => q.tuning);
    const semTest = semantic.filter((q) => !q.tuning);
    const model: AnswerabilityModel = fitAnswerabilityModel(tuning, [...LEXICAL, 'semantic'], 0.8);
    const semScore = (q: MeasuredQuestion) => answerabilityProbability(q.features, model);
    const same = JSON.stringify(model) === JSON.stringify(USE_LITE_ANSWERABILITY_MODEL);
    rowsOut.push({
      label: 'answerer + USE-lite similarity + answerability',
      rates: abstentionRates(semTest, (q) => semScore(q) >= model.threshold),
      note: `same features + cosine, fitted on the tuning half (semantic weight ${model.weights.semantic}; ${same ? '=' : '≠'} USE_LITE_ANSWERABILITY_MODEL), threshold ${model.threshold} = 80% answered there; test-half curve: ${curve(semTest, semScore)}`,
    });
  } finally {
    await embedder.close();
  }
  return rowsOut;
}
