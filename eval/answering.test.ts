import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { containsGold, curve, figures, type ItemResult } from './answering';
import {
  type AnsweringItem,
  loadHotpotItems,
  OWN_EN3_SET_DIR,
  OWN_EN4_SET_DIR,
  OWN_EN5_SET_DIR,
  OWN_SET_DIR,
  OWN_ZH_SET_DIR,
  OWN_ZH2_SET_DIR,
  OWN_ZH3_SET_DIR,
  OWN_ZH4_SET_DIR,
  ownSplit,
  readOwnDocument,
  spaceJoinedParagraphs,
} from './answering-data';
import { normaliseAnswer } from './calibration/squad-abstention';

const item = (over: Partial<AnsweringItem>): AnsweringItem => ({
  id: 'q',
  question: 'How much is delivery?',
  answers: ['$4.99'],
  unanswerable: false,
  sources: [],
  split: 'dev',
  language: 'en',
  ...over,
});

describe('answering eval metrics', () => {
  it('counts a gold answer inside the answer, by SQuAD normalisation; Chinese without spaces', () => {
    expect(containsGold(item({}), 'Otherwise a flat fee of $4.99 applies. [1]')).toBe(true);
    expect(containsGold(item({}), 'A flat fee of $14.99 applies.')).toBe(false);
    const zh = item({ language: 'zh', answers: ['光荣和ω-force'] });
    expect(containsGold(zh, '《战国无双3》是由光荣和ω-force开发的。')).toBe(true);
  });

  it('reports answered correctly over all answerable, abstained over unanswerable, and the curve', () => {
    const r = (unanswerable: boolean, abstained: boolean, correct: boolean, score: number): ItemResult => ({
      item: item({ unanswerable, answers: unanswerable ? [] : ['x'] }),
      abstained,
      text: '',
      correct,
      highlight: null,
      highlightHit: correct && !abstained,
      firstHit: correct,
      score,
      guardRemoved: false,
    });
    const results = [
      r(false, false, true, 0.9),
      r(false, true, true, 0.2),
      r(true, true, false, 0.1),
      r(true, false, false, 0.8),
    ];
    const f = figures(results);
    expect(f.goldInAnswer).toBe(0.5);
    expect(f.answered).toBe(0.5);
    expect(f.abstained).toBe(0.5);
    expect(f.highlightHit).toBe(1);
    // Gate or not: the first sentence of both answerable answers holds the gold.
    expect(f.firstSentence).toBe(1);
    // At 50% of unanswerable abstained the threshold is 0.1: both answerable (0.9, 0.2) are above it.
    expect(curve(results, [0.5])).toBe('100.0%@ 50.0%');
  });
});

describe('own answering set (eval/data/answering)', () => {
  const questions = readFileSync(join(OWN_SET_DIR, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; answers: string[]; unanswerable?: boolean; pdf?: string });
  const docs = readdirSync(join(OWN_SET_DIR, 'docs'))
    .map((f) => normaliseAnswer(readFileSync(join(OWN_SET_DIR, 'docs', f), 'utf8')))
    .join(' ');

  it('has at least 60 questions, 20 of them unanswerable, in two halves', () => {
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(questions.filter((q) => q.unanswerable).length).toBeGreaterThanOrEqual(20);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    const dev = questions.filter((q) => ownSplit(q.id) === 'dev').length;
    expect(dev).toBeGreaterThan(questions.length / 3);
    expect(dev).toBeLessThan((2 * questions.length) / 3);
  });

  it('reads an HTML page of the set as HTML: its table as rows, no tags (eighth round of #15)', async () => {
    const html = readdirSync(join(OWN_SET_DIR, 'docs')).find((f) => f.endsWith('.html'));
    expect(html).toBeDefined();
    const doc = await readOwnDocument(html!);
    expect(doc.text).not.toMatch(/<\/?(?:td|tr|p|li|h2)\b/u);
    expect(doc.text).toMatch(/^Repair: Battery replacement; Headphones: \$49;/mu);
  });

  it('states every gold answer of a Markdown question verbatim in the documents', () => {
    for (const q of questions.filter((q) => !q.unanswerable && !q.pdf)) {
      expect(q.answers.length, q.id).toBeGreaterThan(0);
      expect(
        q.answers.some((a) => docs.includes(normaliseAnswer(a))),
        q.id,
      ).toBe(true);
    }
  });
});

describe('hotpot answering set (HaluEval QA)', () => {
  it('gives joined paragraphs their space back, and leaves abbreviations and decimals alone', () => {
    expect(spaceJoinedParagraphs('in the 19th century.First for Women is a magazine.')).toBe(
      'in the 19th century. First for Women is a magazine.',
    );
    expect(spaceJoinedParagraphs('The U.S.A. grew 2.5 percent.')).toBe('The U.S.A. grew 2.5 percent.');
  });

  it.skipIf(!hasShared('eval', 'halueval'))(
    'keeps the answerable items whose knowledge states the answer, in two fixed halves',
    () => {
      const items = loadHotpotItems();
      expect(items.length).toBeGreaterThan(450);
      expect(items.length).toBeLessThanOrEqual(500);
      for (const i of items) {
        expect(i.unanswerable).toBe(false);
        expect(containsGold(i, i.sources[0]!.text), i.id).toBe(true);
        expect(i.split).toBe(ownSplit(i.question));
      }
      const dev = items.filter((i) => i.split === 'dev').length;
      expect(dev).toBeGreaterThan(items.length / 3);
      expect(dev).toBeLessThan((2 * items.length) / 3);
    },
  );
});

/** An own set's questions, and its documents' text without whitespace (golds are matched so). */
function readSetFiles(dir: string) {
  const questions = readFileSync(join(dir, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; question: string; answers: string[]; unanswerable?: boolean });
  const docs = readdirSync(join(dir, 'docs'))
    .map((f) => readFileSync(join(dir, 'docs', f), 'utf8').replace(/\s+/gu, ''))
    .join('\n');
  return { questions, docs };
}

type SetQuestion = ReturnType<typeof readSetFiles>['questions'][number];

/** At least `total` questions, `unanswerable` of them unanswerable, ids unique. */
function expectSetSize(questions: readonly SetQuestion[], total: number, unanswerable: number) {
  expect(questions.length).toBeGreaterThanOrEqual(total);
  expect(questions.filter((q) => q.unanswerable).length).toBeGreaterThanOrEqual(unanswerable);
  expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
}

/** An unanswerable question has no gold; an answerable one has a gold stated in the documents. */
function expectGoldStated(q: SetQuestion, docs: string) {
  if (q.unanswerable) expect(q.answers, q.id).toEqual([]);
  else
    expect(
      q.answers.some((a) => docs.includes(a.replace(/\s+/gu, ''))),
      q.id,
    ).toBe(true);
}

describe("second Chinese own set (eval/data/answering-zh2, the Chinese gate's third look)", () => {
  const { questions, docs } = readSetFiles(OWN_ZH2_SET_DIR);

  it('has 100 or more questions, 40 of them unanswerable, each gold stated verbatim in a document', () => {
    expectSetSize(questions, 100, 40);
    for (const q of questions) {
      expectGoldStated(q, docs);
    }
  });
});

describe('fresh English own set (eval/data/answering-en3, the fresh-documents round)', () => {
  const { questions, docs } = readSetFiles(OWN_EN3_SET_DIR);

  it('has 100 or more questions, 40 of them unanswerable, each gold stated verbatim in a document', () => {
    expectSetSize(questions, 100, 40);
    for (const q of questions) expectGoldStated(q, docs);
  });
});

describe('session 20 sets: held-out en4 and zh3, fresh dev en5 and zh4', () => {
  it('have 100 English or 80 Chinese questions each, 40% unanswerable, each gold stated verbatim in a document', () => {
    for (const [dir, size, unanswerable] of [
      [OWN_EN4_SET_DIR, 100, 40],
      [OWN_ZH3_SET_DIR, 80, 32],
      [OWN_EN5_SET_DIR, 100, 40],
      [OWN_ZH4_SET_DIR, 80, 32],
    ] as const) {
      const { questions, docs } = readSetFiles(dir);
      expectSetSize(questions, size, unanswerable);
      for (const q of questions) expectGoldStated(q, docs);
    }
  });
});

describe('Chinese own answering set (eval/data/answering-zh)', () => {
  const { questions, docs } = readSetFiles(OWN_ZH_SET_DIR);

  it('has at least 90 questions, 40 of them unanswerable, in two halves of each kind', () => {
    expectSetSize(questions, 90, 40);
    for (const un of [true, false]) {
      const kind = questions.filter((q) => (q.unanswerable ?? false) === un);
      const dev = kind.filter((q) => ownSplit(q.id) === 'dev').length;
      expect(dev).toBeGreaterThan(kind.length / 3);
      expect(dev).toBeLessThan((2 * kind.length) / 3);
    }
  });

  it('states every gold answer verbatim in a document, and no question is copied from one', () => {
    for (const q of questions) {
      expect(/\p{Script=Han}/u.test(q.question), q.id).toBe(true);
      expect(docs.includes(q.question.replace(/[？?\s]/gu, '')), q.id).toBe(false);
      expectGoldStated(q, docs);
    }
  });
});
