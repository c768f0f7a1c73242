import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sharedPath } from '@grounded/core';
import { parseCsv } from './guardrails-data';

/**
 * The injection classifier's data, split BY SOURCE AND FAMILY so that no family of prompts is on
 * both sides:
 *
 * - train (fitting, and grouped 5-fold cross-validation for λ and the thresholds = the dev split):
 *   own dev set and holdout-1 (both already used for the rules); every family of
 *   injection-families.jsonl, customer-questions.jsonl and injection-blind-3.jsonl; public
 *   jailbreaks of the classic "DAN" family (DAN 6.0–9.0, DAN Jailbreak); NQ-open dev questions
 *   0–799; SQuAD v2 "Normans" questions and paragraphs; CMRC 2018 trial questions 0–499 and
 *   all its paragraphs; HaluEval QA knowledge passages 0–249 (MIT; from model 1.2).
 * - test (blind: never fitted or tuned on): injection-blind-4.jsonl (5 attack families and
 *   look-alike customer questions, written before model 1.1 and scored only by the eval); public
 *   jailbreaks DUDE, STAN, Anti-DAN, Developer Mode (2.0, RANTI), Image Markdown, Ablation DAN 11.0,
 *   and every PromptInject goal hijack; NQ-open efficientQA questions 0–499; SQuAD "Rhine"
 *   questions 0–299 and paragraphs; CMRC dev questions 0–499 and paragraphs 0–149; documents-benign.jsonl
 *   (own company-style chunks) and the demo documents' paragraphs, for false flags of the document scan.
 * - holdout2: own injection-holdout-2 (blind since it was written; never trained or tuned on).
 * - docs-heldout3: own documents-heldout-3 (44 company chunks, 18 hidden injections; written before
 *   model 2.1 was changed, never trained or tuned on).
 * - lookalike-heldout: own injection-lookalike-heldout (40 look-alike questions, 12 attacks; written
 *   before the message model was changed after 2.0, never trained or tuned on).
 * - lookalike-blind6: own injection-lookalike-blind-6 (40 look-alike questions, 12 dressed attacks; written
 *   2026-12-06 before any message-model refit after 2.0, never trained or tuned on).
 * - lookalike-blind7: own injection-lookalike-blind-7 (44 look-alike questions, 14 dressed attacks; written
 *   2026-12-06 before the rules 1.1 change, never trained or tuned on).
 * - lookalike-dev2: own injection-lookalike-dev-2 (48 look-alike questions, 16 dressed attacks, EN+ZH; written
 *   2026-12-06 for the look-alike round after 2.2: the set that round may tune and choose on; never trained on).
 * - lookalike-blind8: own injection-lookalike-blind-8 (47 look-alike questions, 16 dressed attacks, EN+ZH;
 *   written 2026-12-06 BEFORE any change in the look-alike round after 2.2, committed with dev-2 and the
 *   choosing rule before any fit; never trained or tuned on, scored once after the choice).
 * - lookalike-dev3: own injection-lookalike-dev-3 (32 look-alike questions whose "your" is the company's, 12
 *   dressed attacks, EN+ZH; written 2026-12-06 for the owner-aware round after 2.3: the set that round may tune
 *   and choose on, with dev-2; never trained on).
 * - lookalike-blind9: own injection-lookalike-blind-9 (56 look-alike questions, 18 dressed attacks, EN+ZH;
 *   written 2026-12-06 BEFORE any change in the owner-aware round after 2.3, committed with dev-3 and the
 *   choosing rule before any fit; never trained or tuned on, scored once after the choice).
 * - lookalike-blind10: own injection-lookalike-blind-10 (61 look-alike questions whose policy, rules, limits, mode
 *   or admin is the company's, the product's or the customer's, 18 dressed attacks, EN+ZH; written 2026-12-06
 *   BEFORE any change in the company-control round after 2.4, committed with the choosing rule before any fit;
 *   never trained or tuned on, scored once after the choice).
 * - lookalike-dev4: own injection-lookalike-dev-4 (48 benign messages that paste or quote e-mails, notices, logs,
 *   chats or clauses, give an order or tracking number, or report what someone said; 14 attacks of the same
 *   shapes, EN+ZH; written 2026-12-06 for the pasted-text round after 2.5: the set that round chooses on, with
 *   dev-2 and dev-3; never trained on).
 * - lookalike-blind11: own injection-lookalike-blind-11 (75 benign messages of the same shapes, 28 attacks,
 *   EN+ZH; written 2026-12-06 by a writer who read no rule, cue list or training set, committed before the
 *   pasted-text round's fit; never trained or tuned on, scored once after the choice).
 * - short-blind12: own injection-short-blind-12 (160 short benign messages, 1–4 words or up to 8 Chinese
 *   characters, as typed into a widget, and 40 short attacks, EN+ZH; written 2026-12-06 by a writer who read no
 *   rule, model or training set, committed before the short-message round's change; never trained or tuned on,
 *   scored once after the change).
 * - short-blind13: own injection-short-blind-13 (160 short benign messages, 1–4 words or up to 8 Chinese
 *   characters, 40 short attacks, EN+ZH; written 2026-12-06 by a writer who read no code, data, rule or model,
 *   committed before the short-training round's fit; never trained or tuned on, scored once after the choice).
 *   From that round on, short-blind12 is a dev set (chosen on, never trained on).
 * - lookalike-dev5: own injection-lookalike-dev-5 (benign first-person customer stories that ask for help, with
 *   attack-like words in their everyday sense, and attacks of the same story shape, EN+ZH; written 2026-12-06 for
 *   the story round after 2.5 by a writer who read no code, data, rule or model: the set that round chooses on,
 *   never trained on).
 * - lookalike-blind14: own injection-lookalike-blind-14 (stories of the same kind and story-shaped attacks, EN+ZH;
 *   written 2026-12-06 by a third writer who read nothing of the project, committed before the story round's fit;
 *   never trained or tuned on, scored once after the choice).
 * - lookalike-blind15: own injection-lookalike-blind-15 (100 benign messages that paste, quote or forward text or
 *   give identifiers, 25 attacks of those shapes, EN+ZH; written 2026-12-06 for the second pasted-text round by a
 *   writer who read nothing of the project, committed before its fit; scored once after the choice).
 * - blind5: own injection-blind-5 (79 attacks in 9 families, 40 look-alike customer questions;
 *   written before model 2.0 was changed, never trained or tuned on, scored once for 2.0).
 *
 * History (model card): each own blind set is scored once per model and then joins the training
 * data for the next model, whose blind set is written before it is fitted: five own families of
 * injection-families.jsonl (models 0.1, 0.2), injection-blind-3 (model 1.0), injection-blind-4.
 */

export interface InjectionExample {
  text: string;
  label: 0 | 1;
  source: string;
  family: string;
  split:
    | 'train'
    | 'test'
    | 'holdout2'
    | 'blind5'
    | 'docs-heldout3'
    | 'lookalike-heldout'
    | 'lookalike-blind6'
    | 'lookalike-blind7'
    | 'lookalike-dev2'
    | 'lookalike-blind8'
    | 'lookalike-dev3'
    | 'lookalike-blind9'
    | 'lookalike-blind10'
    | 'lookalike-dev4'
    | 'lookalike-blind11'
    | 'short-blind12'
    | 'short-blind13'
    | 'lookalike-dev5'
    | 'lookalike-blind14'
    | 'lookalike-blind15';
  kind: 'message' | 'document';
  lang: 'en' | 'zh';
  /** For an injected training document: the injected sentence(s) alone. */
  payload?: string;
}

const PUBLIC_TRAIN = new Set(['DAN 9.0', 'DAN 8.0', 'DAN 7.0', 'DAN 6.2', 'DAN 6.0', 'DAN Jailbreak']);

function ownFile(file: string): Record<string, string>[] {
  return readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string>);
}

const langOf = (t: string): 'en' | 'zh' => (/[\u4e00-\u9fff]/.test(t) ? 'zh' : 'en');

interface SquadLike {
  data: { title: string; paragraphs: { context: string; qas: { question: string }[] }[] }[];
}

function squadLike(file: string): SquadLike {
  return JSON.parse(readFileSync(file, 'utf8')) as SquadLike;
}

export function loadInjectionExamples(): InjectionExample[] {
  const out: InjectionExample[] = [];
  const push = (e: Omit<InjectionExample, 'lang'>) => out.push({ ...e, lang: langOf(e.text) });
  /** One own labelled file, line by line: `attack` is 1, anything else 0; its own families. */
  const pushOwn = (
    file: string,
    source: string,
    split: InjectionExample['split'],
    kind: InjectionExample['kind'],
  ) => {
    for (const r of ownFile(file)) {
      push({
        text: r.text as string,
        label: r.label === 'attack' ? 1 : 0,
        source,
        family: r.family as string,
        split,
        kind,
      });
    }
  };

  for (const [file, source, split] of [
    ['injection-labelled.jsonl', 'own-dev', 'train'],
    ['injection-holdout.jsonl', 'own-holdout-1', 'train'],
    ['injection-holdout-2.jsonl', 'own-holdout-2', 'holdout2'],
  ] as const) {
    for (const [i, r] of ownFile(file).entries()) {
      push({
        text: r.text as string,
        label: r.label === 'attack' ? 1 : 0,
        source,
        family: `${source}:${i % 5}`,
        split,
        kind: 'message',
      });
    }
  }
  for (const file of ['injection-families.jsonl', 'customer-questions.jsonl']) {
    for (const r of ownFile(file)) {
      push({
        text: r.text as string,
        label: r.label === 'attack' ? 1 : 0,
        source: file.replace('.jsonl', ''),
        family: r.family as string,
        split: 'train',
        kind: (r.family as string).startsWith('indirect') ? 'document' : 'message',
      });
    }
  }

  // Model 2.0's own training families (written after blind-5, on other families than any blind set).
  pushOwn('injection-train-2.jsonl', 'own-train-2', 'train', 'message');

  // Look-alike customer questions and contrasting attacks for the message model after 2.0 (issue #19),
  // written after injection-lookalike-heldout, in other phrasings; `family` ends in a fold group.
  pushOwn('injection-train-3.jsonl', 'own-train-3', 'train', 'message');

  for (const [file, source, split] of [
    ['injection-blind-3.jsonl', 'blind-3', 'train'],
    ['injection-blind-4.jsonl', 'own-blind-4', 'test'],
    ['injection-blind-5.jsonl', 'own-blind-5', 'blind5'],
  ] as const) {
    for (const r of ownFile(file)) {
      push({
        text: r.text as string,
        label: r.label === 'attack' ? 1 : 0,
        source,
        family: r.family as string,
        split,
        kind: r.family === 'email-injection' ? 'document' : 'message',
      });
    }
  }

  const pub = parseCsv(
    readFileSync(sharedPath('eval', 'injection_public', 'giskard_prompt_injections.csv'), 'utf8'),
  );
  const h = pub[0] ?? [];
  for (const r of pub.slice(1)) {
    const name = r[h.indexOf('name')] ?? '';
    const group = r[h.indexOf('group')] ?? '';
    const text = r[h.indexOf('prompt')] ?? '';
    if (!text.trim()) continue;
    const hijack = group.startsWith('Hijacking');
    push({
      text,
      label: 1,
      source: 'public',
      family: hijack ? 'promptinject-hijack' : name,
      split: !hijack && PUBLIC_TRAIN.has(name) ? 'train' : 'test',
      kind: 'message',
    });
  }

  const nq = (file: string) =>
    readFileSync(sharedPath('eval', 'nq_open', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { question: string }).question);
  for (const [i, q] of nq('NQ-open.dev.jsonl').slice(0, 800).entries()) {
    push({
      text: q,
      label: 0,
      source: 'nq-open',
      family: `nq-dev:${i % 5}`,
      split: 'train',
      kind: 'message',
    });
  }
  for (const [i, q] of nq('NQ-open.efficientqa.dev.1.1.jsonl').slice(0, 500).entries()) {
    push({
      text: q,
      label: 0,
      source: 'nq-open',
      family: `nq-efficientqa:${i % 5}`,
      split: 'test',
      kind: 'message',
    });
  }

  const squad = squadLike(sharedPath('eval', 'squad_v2_dev_subset', 'dev-v2.0.normans_rhine.json'));
  for (const article of squad.data) {
    const split = article.title === 'Normans' ? 'train' : 'test';
    const questions = article.paragraphs.flatMap((p) => p.qas.map((q) => q.question)).slice(0, 300);
    for (const [i, q] of questions.entries()) {
      push({
        text: q,
        label: 0,
        source: 'squad',
        family: `squad-${article.title}:${i % 5}`,
        split,
        kind: 'message',
      });
    }
    for (const [i, p] of article.paragraphs.entries()) {
      push({
        text: p.context,
        label: 0,
        source: 'squad-paragraphs',
        family: `squad-p-${article.title}:${i % 5}`,
        split,
        kind: 'document',
      });
    }
  }

  for (const [file, split, nq2, np] of [
    ['cmrc2018_trial.squad.json', 'train', 500, 256],
    ['cmrc2018_dev.squad.json', 'test', 500, 150],
  ] as const) {
    const d = squadLike(sharedPath('eval', 'cmrc2018', file));
    const paragraphs = d.data.flatMap((a) => a.paragraphs);
    const questions = paragraphs.flatMap((p) => p.qas.map((q) => q.question)).slice(0, nq2);
    for (const [i, q] of questions.entries()) {
      push({ text: q, label: 0, source: 'cmrc', family: `cmrc-${split}:${i % 5}`, split, kind: 'message' });
    }
    for (const [i, p] of paragraphs.slice(0, np).entries()) {
      push({
        text: p.context,
        label: 0,
        source: 'cmrc-paragraphs',
        family: `cmrc-p-${split}:${i % 5}`,
        split,
        kind: 'document',
      });
    }
  }
  // Company-style document chunks for training the document side (from model 1.3); the blind
  // documents-benign.jsonl below is a separate set on other topics.
  for (const r of ownFile('documents-train.jsonl')) {
    push({
      text: r.text as string,
      label: 0,
      source: 'own-docs-train',
      family: r.family as string,
      split: 'train',
      kind: 'document',
    });
  }

  // Held out for the message model after 2.0 (issue #19): look-alike customer questions and attacks
  // dressed as them; written before any change, never trained or tuned on.
  pushOwn('injection-lookalike-heldout.jsonl', 'own-lookalike-heldout', 'lookalike-heldout', 'message');

  // Message model after 2.0 (issue #19, 2026-12-06): a second look-alike training set on other themes,
  // and a new blind look-alike set written with it, before any refit (never trained or tuned on).
  pushOwn('injection-train-4.jsonl', 'own-train-4', 'train', 'message');
  pushOwn('injection-lookalike-blind-6.jsonl', 'own-lookalike-blind-6', 'lookalike-blind6', 'message');

  // Rule precision round (issue #19, rules 1.1, model 2.2): written before the rules were changed,
  // never trained or tuned on, scored once.
  pushOwn('injection-lookalike-blind-7.jsonl', 'own-lookalike-blind-7', 'lookalike-blind7', 'message');

  // Look-alike round after 2.2 (issue #19): a dev set to tune and choose on (never trained on) and a blind
  // set written before any change in that round (never trained or tuned on, scored once after the choice).
  pushOwn('injection-lookalike-dev-2.jsonl', 'own-lookalike-dev-2', 'lookalike-dev2', 'message');
  // Training look-alikes of the same round, written after dev-2 and blind-8: "your" + the company's
  // policies and rules, requests to show or print the customer's own data, and contrasting attacks.
  pushOwn('injection-train-5.jsonl', 'own-train-5', 'train', 'message');
  pushOwn('injection-lookalike-blind-8.jsonl', 'own-lookalike-blind-8', 'lookalike-blind8', 'message');
  // Owner-aware round after 2.3 (issue #19): a dev set of questions about the company's own policies, prices
  // and instructions ("show me your returns policy") to choose on, and a blind set written before any change.
  pushOwn('injection-lookalike-dev-3.jsonl', 'own-lookalike-dev-3', 'lookalike-dev3', 'message');
  pushOwn('injection-lookalike-blind-9.jsonl', 'own-lookalike-blind-9', 'lookalike-blind9', 'message');
  // Company-control round after 2.4 (issue #19): a blind set of questions about the company's, product's or
  // customer's own policies, rules, limits and modes, written before any change of the round.
  pushOwn('injection-lookalike-blind-10.jsonl', 'own-lookalike-blind-10', 'lookalike-blind10', 'message');
  // Pasted-text round after 2.5 (issue #19): customers who paste, quote or forward text or give identifiers,
  // and attacks of the same shapes — a training set (in the message model only with the trainer's --train-6)
  // and a dev set to choose on (never trained on), both written before any fit of the round.
  pushOwn('injection-train-6.jsonl', 'own-train-6', 'train', 'message');
  pushOwn('injection-lookalike-dev-4.jsonl', 'own-lookalike-dev-4', 'lookalike-dev4', 'message');
  // Its blind set, by a writer who saw neither the training data nor the rules (committed before the round's
  // fit): read once, after the round's choice.
  pushOwn('injection-lookalike-blind-11.jsonl', 'own-lookalike-blind-11', 'lookalike-blind11', 'message');
  // Short-message round (issue #19): keyword messages and short attacks, by a writer who read no rule or
  // model, committed before the round's change; read once after it.
  pushOwn('injection-short-blind-12.jsonl', 'own-short-blind-12', 'short-blind12', 'message');
  // Short-training round after 2.5 (issue #19, session 13): short benign customer messages and short attacks
  // for training (in the message model only with the trainer's --train-7), and their blind set by another
  // writer who read no code, data, rule or model; both written before any fit of the round. short-blind-12
  // is that round's dev set (read once before, never trained on).
  pushOwn('injection-train-7.jsonl', 'own-train-7', 'train', 'message');
  pushOwn('injection-short-blind-13.jsonl', 'own-short-blind-13', 'short-blind13', 'message');
  // Story round after 2.5 (issue #19, session 15): first-person customer stories that ask for help, and attacks
  // of that shape — for training (in the message model only with the trainer's --train-8), a dev set to choose on
  // and a blind set, each by its own writer who read nothing of the project, all committed before any fit.
  pushOwn('injection-train-8.jsonl', 'own-train-8', 'train', 'message');
  pushOwn('injection-lookalike-dev-5.jsonl', 'own-lookalike-dev-5', 'lookalike-dev5', 'message');
  pushOwn('injection-lookalike-blind-14.jsonl', 'own-lookalike-blind-14', 'lookalike-blind14', 'message');
  // Second pasted-text round (issue #19, session 15): its blind set, by a writer who read nothing of the project,
  // committed before the round's fit (its training set is train-6 and its dev set dev-4, both above).
  pushOwn('injection-lookalike-blind-15.jsonl', 'own-lookalike-blind-15', 'lookalike-blind15', 'message');

  // Model 2.1 (issue #19): company-style chunks as the chunker makes them (heading + paragraph, how-tos
  // full of imperatives addressed to a person) and injections hidden in such chunks, for training.
  for (const r of ownFile('documents-train-2.jsonl')) {
    push({
      text: r.text as string,
      label: r.label === 'attack' ? 1 : 0,
      source: 'own-docs-train-2',
      family: r.family as string,
      split: 'train',
      kind: 'document',
      ...(r.payload ? { payload: r.payload } : {}),
    });
  }
  // Held out for model 2.1: written before any change for it, never trained or tuned on.
  pushOwn('documents-heldout-3.jsonl', 'own-docs-heldout-3', 'docs-heldout3', 'document');

  // Blind false-flag sets for the document scan: own company-style chunks and the demo documents'
  // paragraphs (apps/api/demo), never trained or tuned on.
  for (const r of ownFile('documents-attacks-blind.jsonl')) {
    push({
      text: r.text as string,
      label: 1,
      source: 'own-docs-attacks',
      family: r.family as string,
      split: 'test',
      kind: 'document',
    });
  }
  for (const r of ownFile('documents-benign.jsonl')) {
    push({
      text: r.text as string,
      label: 0,
      source: 'own-docs-benign',
      family: 'company-docs',
      split: 'test',
      kind: 'document',
    });
  }
  const demoDir = path.join(repoRoot(), 'apps', 'api', 'demo');
  for (const file of readdirSync(demoDir).filter((f) => f.endsWith('.md'))) {
    const paragraphs = readFileSync(path.join(demoDir, file), 'utf8')
      .split(/\n\s*\n/)
      .filter((p) => p.trim().length >= 40);
    for (const p of paragraphs) {
      push({
        text: p,
        label: 0,
        source: 'demo-docs',
        family: `demo:${file}`,
        split: 'test',
        kind: 'document',
      });
    }
  }

  // More ordinary document text for the document threshold: HaluEval's knowledge passages of its
  // development questions 0–249 (Wikipedia sentences; MIT). The hallucination eval reports 250–499.
  const halu = readFileSync(sharedPath('eval', 'halueval', 'qa_one-turn_data.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 250)
    .map((l) => (JSON.parse(l) as { knowledge: string }).knowledge);
  for (const [i, k] of halu.entries()) {
    push({
      text: k,
      label: 0,
      source: 'halueval-knowledge',
      family: `halueval-k:${i % 5}`,
      split: 'train',
      kind: 'document',
    });
  }
  return out;
}

/** Realistic benign questions: what the ≤ 2.5 % blocked target is measured on. */
export const isQuestion = (e: InjectionExample) => e.label === 0 && e.kind === 'message';
