import { readFileSync } from 'node:fs';
import { sharedPath } from '@grounded/core';
import type { AnswerabilityFeatures, NumberedSource, TermIdf } from '@grounded/llm';
import { extractAnswer, type SentenceSimilarity } from '@grounded/llm';
import { lexicalTerms } from '@grounded/text';
import { z } from 'zod';

/**
 * SQuAD 2.0 (dev subset: Normans + Rhine, 706 questions) as an abstention benchmark for the
 * extractive answerer: every question is asked against its OWN paragraph, so the unanswerable ones
 * are the adversarial kind (same topic, answer absent). Shared by the calibration script and
 * `npm run eval -- guardrails`.
 */
export const SquadRow = z.object({
  id: z.string(),
  question: z.string(),
  context_id: z.string(),
  title: z.string(),
  context: z.string(),
  answers: z.array(z.string()),
  is_impossible: z.boolean(),
});
export type SquadRow = z.infer<typeof SquadRow>;

export function loadSquadV2Subset(): SquadRow[] {
  const file = sharedPath('eval', 'squad_v2_dev_subset', 'derived', 'qa_flat.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => SquadRow.parse(JSON.parse(l)));
}

/** The split used everywhere: paragraphs shuffled with this seed, first half tunes, second tests. */
export const SPLIT_SEED = 20_261_130;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Paragraph ids in the tuning half (whole paragraphs, so no paragraph is in both halves). */
export function tuningParagraphs(rows: readonly SquadRow[], seed = SPLIT_SEED): Set<string> {
  const ids = [...new Set(rows.map((r) => r.context_id))].sort();
  const random = mulberry32(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return new Set(ids.slice(0, Math.floor(ids.length / 2)));
}

/** IDF over the paragraphs of the set (document = paragraph); unseen terms get the top IDF. */
export function paragraphIdf(rows: readonly SquadRow[]): TermIdf {
  const paragraphs = new Map(rows.map((r) => [r.context_id, r.context]));
  const df = new Map<string, number>();
  for (const text of paragraphs.values())
    for (const t of new Set(lexicalTerms(text))) df.set(t, (df.get(t) ?? 0) + 1);
  const n = paragraphs.size;
  return (term) => Math.log((n + 1) / ((df.get(term) ?? 0) + 0.5));
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(?:a|an|the)\b/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function tokenF1(prediction: string, gold: string): { f1: number; recall: number } {
  const p = normaliseAnswer(prediction).split(' ').filter(Boolean);
  const g = normaliseAnswer(gold).split(' ').filter(Boolean);
  if (p.length === 0 || g.length === 0) return { f1: 0, recall: 0 };
  const counts = new Map<string, number>();
  for (const t of p) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of g) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return { f1: 0, recall: 0 };
  const precision = same / p.length;
  const recall = same / g.length;
  return { f1: (2 * precision * recall) / (precision + recall), recall };
}

export interface MeasuredQuestion {
  row: SquadRow;
  tuning: boolean;
  bestScore: number;
  sentence: string;
  features: AnswerabilityFeatures;
  /** The chosen sentence contains a gold answer (normalised). Answerable questions only. */
  containsGold: boolean;
  /** Best token F1 / token recall of the chosen sentence against a gold answer. */
  tokenF1: number;
  goldRecall: number;
}

export interface MeasureOptions {
  similarity?: SentenceSimilarity;
  /** 'sources' (the answerer's default: IDF over the paragraph's own sentences) or 'paragraphs'. */
  idf?: 'sources' | 'paragraphs';
}

export async function measureQuestions(
  rows: readonly SquadRow[],
  options: MeasureOptions = {},
): Promise<MeasuredQuestion[]> {
  const tuning = tuningParagraphs(rows);
  const idf = options.idf === 'paragraphs' ? paragraphIdf(rows) : undefined;
  const out: MeasuredQuestion[] = [];
  for (const row of rows) {
    const source: NumberedSource = {
      number: 1,
      chunkId: row.context_id,
      documentId: row.context_id,
      text: row.context,
      start: 0,
      end: row.context.length,
      score: 1,
    };
    const answer = await extractAnswer(
      { question: row.question, sources: [source] },
      {
        abstainBelow: 0,
        maxSentences: 1,
        answerability: 'off',
        ...(options.similarity ? { similarity: options.similarity } : {}),
        ...(idf ? { idf } : {}),
      },
    );
    const sentence = answer.sentences[0]?.text ?? '';
    const norm = normaliseAnswer(sentence);
    let f1 = 0;
    let recall = 0;
    for (const gold of row.answers) {
      const m = tokenF1(sentence, gold);
      f1 = Math.max(f1, m.f1);
      recall = Math.max(recall, m.recall);
    }
    if (!answer.answerability) throw new Error(`no sentence in paragraph ${row.context_id}`);
    out.push({
      row,
      tuning: tuning.has(row.context_id),
      bestScore: answer.bestScore,
      sentence,
      features: answer.answerability.features,
      containsGold: row.answers.some((a) => {
        const g = normaliseAnswer(a);
        return g.length > 0 && ` ${norm} `.includes(` ${g} `);
      }),
      tokenF1: f1,
      goldRecall: recall,
    });
  }
  return out;
}

export interface AbstentionRates {
  unanswerable: number;
  answerable: number;
  /** Share of unanswerable questions abstained on. */
  abstained: number;
  /** Share of answerable questions answered. */
  answered: number;
  /** Among answered answerable questions: the sentence contains a gold answer. */
  containsGold: number;
  /** Among answered answerable questions: mean best token F1 and gold-token recall of the sentence. */
  tokenF1: number;
  goldRecall: number;
}

export function abstentionRates(
  items: readonly MeasuredQuestion[],
  answers: (q: MeasuredQuestion) => boolean,
): AbstentionRates {
  const un = items.filter((q) => q.row.is_impossible);
  const an = items.filter((q) => !q.row.is_impossible);
  const answered = an.filter(answers);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    unanswerable: un.length,
    answerable: an.length,
    abstained: un.length === 0 ? 0 : un.filter((q) => !answers(q)).length / un.length,
    answered: an.length === 0 ? 0 : answered.length / an.length,
    containsGold: mean(answered.map((q) => (q.containsGold ? 1 : 0))),
    tokenF1: mean(answered.map((q) => q.tokenF1)),
    goldRecall: mean(answered.map((q) => q.goldRecall)),
  };
}
