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
  source: 'toxigen' | 'davidson' | 'comments';
  group: string;
}

/**
 * The project's own English comment-register set (packages/guardrails/data/hate-comments-en.jsonl,
 * written for the 1.2 round of hate-use-lr): comments as under videos, news articles and forum
 * threads, hate vs not; `group` is `comments:<family>`, so grouped folds keep a family together.
 */
export function loadHateComments(): HateExample[] {
  return readFileSync(
    path.join(repoRoot(), 'packages', 'guardrails', 'data', 'hate-comments-en.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: 0 | 1; family: string })
    .map((r) => ({ text: r.text, label: r.label, source: 'comments', group: `comments:${r.family}` }));
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

/**
 * Data of the Chinese hate model 2.0 (issue #19), every part split as a whole (group, family or
 * source document), never a sentence at a time:
 * - hate-zh-2.jsonl: its test half stays test; five groups of its train half become dev
 *   (HATE_ZH_DEV_GROUPS), the other 14 stay train;
 * - hate-zh-3.jsonl (model 2.0) and hate-zh-4.jsonl (2.1): by family (`split` in the file; the test
 *   families are the blind sets);
 * - CMRC 2018 questions (CC BY-SA 4.0) as benign: the trial file's articles by a hash of the article
 *   id (70 % train, 30 % dev); the dev file's questions (other articles) are test only.
 */
export interface HateZhExample {
  text: string;
  label: 0 | 1;
  /** hate-zh-2 | hate-zh-3 | hate-zh-4 | cmrc */
  source: string;
  /** A hate-zh-2 group, a hate-zh-3 family or a CMRC article id. */
  family: string;
  /** hate | neutral | benign (complaint, criticism, ordinary sentence) | question */
  kind: string;
  split: 'train' | 'dev' | 'test';
}

export const HATE_ZH_DEV_GROUPS: readonly string[] = ['东北人', '穆斯林', '胖人', '单亲妈妈', '韩国人'];

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

function ownJsonl(name: string): Record<string, string>[] {
  return readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string>);
}

interface CmrcFile {
  data: { id: string; paragraphs: { qas: { question: string }[] }[] }[];
}

/** CMRC 2018 questions with their article id; `file` is trial or dev. */
export function loadCmrcQuestions(file: 'trial' | 'dev'): { text: string; article: string }[] {
  const d = JSON.parse(
    readFileSync(sharedPath('eval', 'cmrc2018', `cmrc2018_${file}.squad.json`), 'utf8'),
  ) as CmrcFile;
  return d.data.flatMap((a) =>
    a.paragraphs.flatMap((p) => p.qas.map((q) => ({ text: q.question, article: a.id }))),
  );
}

export function loadHateZhSplits(): HateZhExample[] {
  const out: HateZhExample[] = [];
  for (const e of loadHateZh()) {
    const split = e.split === 'test' ? 'test' : HATE_ZH_DEV_GROUPS.includes(e.group) ? 'dev' : 'train';
    out.push({ text: e.text, label: e.label, source: 'hate-zh-2', family: e.group, kind: e.kind, split });
  }
  for (const source of ['hate-zh-3', 'hate-zh-4']) {
    for (const r of ownJsonl(`${source}.jsonl`)) {
      out.push({
        text: r.text as string,
        label: r.label === 'hate' ? 1 : 0,
        source,
        family: r.family as string,
        kind: r.label as string,
        split: r.split as HateZhExample['split'],
      });
    }
  }
  for (const q of loadCmrcQuestions('trial')) {
    const split = fnv(q.article) % 10 < 7 ? 'train' : 'dev';
    out.push({ text: q.text, label: 0, source: 'cmrc', family: q.article, kind: 'question', split });
  }
  for (const q of loadCmrcQuestions('dev')) {
    out.push({ text: q.text, label: 0, source: 'cmrc', family: q.article, kind: 'question', split: 'test' });
  }
  return out;
}
