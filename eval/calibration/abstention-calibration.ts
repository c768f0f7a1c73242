import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { sharedPath } from '@grounded/core';
import type { NumberedSource } from '@grounded/llm';
import { extractAnswer } from '@grounded/llm';
import { z } from 'zod';

/**
 * Calibrates the extractive answerer's abstention threshold on SQuAD 2.0 (dev subset). Run once:
 *   npx tsx eval/calibration/abstention-calibration.ts
 * Paragraphs are split in two halves by paragraph (so no paragraph's questions are in both); the
 * threshold is chosen on half A and reported on half B. For each question:
 *  - "relevant": the gold paragraph is the source; should answer when the question is answerable.
 *  - "off-topic": the paragraph of the OTHER article that our own scorer likes best is the source
 *    (what retrieval returns when the collection does not cover the question); should abstain.
 *  - SQuAD's unanswerable questions on their gold paragraph are adversarial (same topic, answer
 *    absent); a lexical scorer cannot tell them apart, so their rate is reported, not optimised.
 */
const Row = z.object({
  id: z.string(),
  question: z.string(),
  context_id: z.string(),
  title: z.string(),
  context: z.string(),
  answers: z.array(z.string()),
  is_impossible: z.boolean(),
});
type Row = z.infer<typeof Row>;

function source(text: string, id: string): NumberedSource {
  return { number: 1, chunkId: id, documentId: id, text, start: 0, end: text.length, score: 1 };
}

interface Scored {
  row: Row;
  half: 'A' | 'B';
  relevantBest: number;
  offTopicBest: number;
  topSentenceHasAnswer: boolean;
}

async function scoreAll(rows: Row[]): Promise<Scored[]> {
  const paragraphs = new Map<string, { title: string; text: string }>();
  for (const r of rows) paragraphs.set(r.context_id, { title: r.title, text: r.context });
  const out: Scored[] = [];
  for (const row of rows) {
    const relevant = await extractAnswer(
      { question: row.question, sources: [source(row.context, row.context_id)] },
      { abstainBelow: 0, maxSentences: 1 },
    );
    let offTopicBest = 0;
    for (const [id, p] of paragraphs) {
      if (p.title === row.title) continue;
      const off = await extractAnswer(
        { question: row.question, sources: [source(p.text, id)] },
        { abstainBelow: 0, maxSentences: 1 },
      );
      offTopicBest = Math.max(offTopicBest, off.bestScore);
    }
    const top = relevant.sentences[0]?.text.toLowerCase() ?? '';
    const paragraphIndex = Number(row.context_id.replace(/\D+/g, ''));
    out.push({
      row,
      half: paragraphIndex % 2 === 0 ? 'A' : 'B',
      relevantBest: relevant.bestScore,
      offTopicBest,
      topSentenceHasAnswer: row.answers.some((a) => top.includes(a.toLowerCase())),
    });
  }
  return out;
}

interface Rates {
  answerableAnswered: number;
  offTopicAbstained: number;
  unanswerableAbstained: number;
  balancedAccuracy: number;
  counts: { answerable: number; unanswerable: number; offTopic: number };
}

function rates(items: Scored[], threshold: number): Rates {
  const answerable = items.filter((s) => !s.row.is_impossible);
  const unanswerable = items.filter((s) => s.row.is_impossible);
  const rate = (xs: Scored[], pred: (s: Scored) => boolean) =>
    xs.length === 0 ? 0 : xs.filter(pred).length / xs.length;
  const answerableAnswered = rate(answerable, (s) => s.relevantBest >= threshold);
  const offTopicAbstained = rate(items, (s) => s.offTopicBest < threshold);
  return {
    answerableAnswered,
    offTopicAbstained,
    unanswerableAbstained: rate(unanswerable, (s) => s.relevantBest < threshold),
    balancedAccuracy: (answerableAnswered + offTopicAbstained) / 2,
    counts: { answerable: answerable.length, unanswerable: unanswerable.length, offTopic: items.length },
  };
}

export async function run(_args: string[]): Promise<void> {
  const file = sharedPath('eval', 'squad_v2_dev_subset', 'derived', 'qa_flat.jsonl');
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => Row.parse(JSON.parse(l)));
  const scored = await scoreAll(rows);
  const halfA = scored.filter((s) => s.half === 'A');
  const halfB = scored.filter((s) => s.half === 'B');
  let best = { threshold: 0, score: -1 };
  for (let t = 0.01; t <= 0.99; t += 0.01) {
    const threshold = Math.round(t * 100) / 100;
    const r = rates(halfA, threshold);
    if (r.balancedAccuracy > best.score) best = { threshold, score: r.balancedAccuracy };
  }
  const answerableB = halfB.filter((s) => !s.row.is_impossible);
  const report = {
    threshold: best.threshold,
    chosenOn: { half: 'A', questions: halfA.length, ...rates(halfA, best.threshold) },
    heldOut: { half: 'B', questions: halfB.length, ...rates(halfB, best.threshold) },
    heldOutTopSentenceContainsGoldAnswer:
      answerableB.filter((s) => s.topSentenceHasAnswer).length / Math.max(1, answerableB.length),
  };
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.argv.slice(2));
}
