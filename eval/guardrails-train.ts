import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import {
  COMPANY_CONTROL_MESSAGE_DENSE_FEATURES,
  createLexiconSafetyClassifier,
  DOCUMENT_CUE_FEATURE_NAMES,
  documentWindows,
  encodeWeights,
  findInjectionHits,
  HATE_ZH_DENSE_FEATURES,
  HATE_ZH_FEATURE_OPTIONS,
  hateFeatures,
  hateSparseFeatures,
  hateZhFeatures,
  INJECTION_DENSE_FEATURES,
  injectionFeatures,
  type LinearModelFile,
  OWNER_AWARE_COMPANY_CONTROL_MESSAGE_DENSE_FEATURES,
  OWNER_AWARE_MESSAGE_DENSE_FEATURES,
  rulesScore,
  SAFETY_CATEGORIES,
  type SafetyResult,
  textVariants,
} from '@grounded/guardrails';
import { useLiteEmbeddings } from './guardrails-embeddings';
import {
  type HateZhExample,
  loadHateComments,
  loadHateTrain,
  loadHateZhSplits,
} from './guardrails-hate-data';
import { type InjectionExample, loadInjectionExamples } from './guardrails-injection-data';
import { fitLogistic, rowMargin, type SparseRow } from './logistic-regression';

/** Where a shipped model's file lives (the product loads it from there). */
const shippedModelPath = (file: string) =>
  path.join(repoRoot(), 'packages', 'guardrails', 'src', 'learned', 'models', file);

/**
 * `npm run eval -- guardrails-train injection` fits the learned injection classifier on the
 * train split (the shipped message model 2.6: `… injection --lookalike-data --train-5 --company-control
 * --drop-dense=cue.control-company --train-8`, see SHIPPED_MESSAGE_OPTIONS) (eval/guardrails-injection-data.ts) and writes
 * packages/guardrails/src/learned/models/injection-lr.json; `injection-documents` fits the document
 * scan's model, injection-doc-lr.json. Only the train split is read for
 * fitting and for choosing λ and the thresholds (by grouped cross-validation, families never
 * straddling folds); the test split and holdout-2 are scored only by `npm run eval -- guardrails`.
 *
 * Threshold rule, fixed before any test figure was seen: on out-of-fold scores, the lowest
 * probability t (highest recall) at which "rules block OR p ≥ t" blocks ≤ 2.0 % of the dev benign
 * questions and ≤ 5 % of the hard benign ones (own sets and look-alike customer questions). The
 * document threshold is the lowest t ≥ that at which ≤ 2 % of the dev paragraphs are flagged (the
 * document model, `guardrails-train injection-documents`: and ≤ 5 % of the dev company-style chunks,
 * where only the model decides, the rules being its features).
 */

export const INJECTION_FEATURE_OPTIONS = { buckets: 1 << 16, minN: 2, maxN: 5 };
const FOLDS = 5;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

const injectionDenseNames = (documentCues: boolean) =>
  documentCues
    ? [...INJECTION_DENSE_FEATURES]
    : INJECTION_DENSE_FEATURES.filter((n) => !DOCUMENT_CUE_FEATURE_NAMES.includes(n));

export function injectionRow(
  e: Pick<InjectionExample, 'text' | 'kind'>,
  documentCues = true,
  denseNames: readonly string[] = injectionDenseNames(documentCues),
): {
  row: SparseRow;
  rules: number;
  windows: SparseRow[];
} {
  const windows =
    e.kind === 'document'
      ? documentWindows(e.text).map(
          (w) => injectionRow({ text: w.text, kind: 'document' }, documentCues, denseNames).row,
        )
      : [];
  const variants = textVariants(e.text);
  const hits = findInjectionHits(variants, e.kind === 'document');
  const rules = rulesScore(hits);
  // The message model's file has no document-cue weights (model 2.0's features exactly).
  const options = { ...INJECTION_FEATURE_OPTIONS, dense: denseNames };
  const f = injectionFeatures(variants, hits, rules, options, documentCues && e.kind === 'document');
  const indices = [...f.indices, ...f.dense.map((_, k) => INJECTION_FEATURE_OPTIONS.buckets + k)];
  return { row: { indices, values: [...f.values, ...f.dense] }, rules, windows };
}

/** A row with its dense part (indices from `buckets` on) multiplied by `scale`, windows alike. */
function scaleDense<T extends { row: SparseRow; windows: SparseRow[] }>(r: T, scale: number): T {
  if (scale === 1) return r;
  const one = (row: SparseRow): SparseRow => ({
    indices: row.indices,
    values: Array.from(row.values, (v, i) =>
      (row.indices[i] as number) >= INJECTION_FEATURE_OPTIONS.buckets ? v * scale : v,
    ),
  });
  return { ...r, row: one(r.row), windows: r.windows.map(one) };
}

/**
 * Composed training texts: each message attack after an ordinary customer question of its language
 * ("Where is my order? <attack>"), and, so that two sentences do not by themselves look like an
 * attack, customer questions after another one. Deterministic; families (and folds) are kept.
 */
function composedExamples(train: InjectionExample[], contrastPrefix = false): InjectionExample[] {
  const questions = train.filter((e) => e.source === 'customer-questions');
  const byLang = (lang: string) => questions.filter((q) => q.lang === lang);
  const out: InjectionExample[] = [];
  // Sentences of benign company documents on their own: scanDocumentChunk scores every sentence,
  // and an instruction to a reader ("Ignore the old email") is not an instruction to the model.
  const companyDocs = train.filter(
    (x) => x.label === 0 && (x.source === 'own-docs-train' || x.source === 'own-docs-train-2'),
  );
  for (const e of companyDocs) {
    for (const w of documentWindows(e.text)) out.push({ ...e, text: w.text });
  }
  // Injected company documents (model 2.1): the injected sentences alone, and the same payload hidden
  // in two other company chunks of its language, as a paragraph of its own or appended. The carriers
  // come from the attack's own cross-validation fold, so no benign chunk is scored out-of-fold while
  // its text sits inside a training attack.
  for (const e of train.filter((x) => x.label === 1 && x.payload)) {
    const payload = e.payload as string;
    out.push({ ...e, text: payload });
    const fold = hash(e.family) % FOLDS;
    const carriers = companyDocs.filter((d) => d.lang === e.lang && hash(d.family) % FOLDS === fold);
    for (let k = 0; k < 2 && carriers.length > 0; k++) {
      const carrier = carriers[(hash(payload) + k * 7) % carriers.length] as InjectionExample;
      const sep = k === 0 ? '\n\n' : e.lang === 'zh' ? '' : ' ';
      out.push({ ...e, text: `${carrier.text}${sep}${payload}` });
    }
  }
  for (const e of train) {
    const isAttack = e.label === 1 && e.kind === 'message' && e.text.length < 600;
    const isQuestion = e.source === 'customer-questions';
    if (!isAttack && !isQuestion) continue;
    const pool = byLang(e.lang).filter((q) => q.text !== e.text);
    const prefix = pool[hash(e.text) % Math.max(1, pool.length)];
    if (!prefix) continue;
    const sep = e.lang === 'zh' ? '' : ' ';
    out.push({ ...e, text: `${prefix.text}${sep}${e.text}` });
    // --contrast-prefix (look-alike round after 2.2): the same prefix before a benign customer question
    // too, in the attack's fold. Without it a customer question's words ("deliver", "my seat", "groceries
    // to") sit in ~430 composed attacks and ~150 composed benign texts, so the model learns the
    // customer's own vocabulary as attack evidence and blocks look-alike questions on it.
    if (contrastPrefix && isAttack) {
      const fold = hash(e.family) % FOLDS;
      const others = pool.filter((q) => q.text !== prefix.text && hash(q.family) % FOLDS === fold);
      const tail = others[hash(`${e.text}#contrast`) % Math.max(1, others.length)];
      if (tail) out.push({ ...tail, family: e.family, text: `${prefix.text}${sep}${tail.text}` });
    }
  }
  return out;
}

/** Writes a model file in the repository's JSON format (biome), so lint passes on a fresh fit. */
function writeModel(out: string, file: LinearModelFile): void {
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  // A candidate written outside the repository (--out) is not under biome's configuration.
  if (path.resolve(out).startsWith(repoRoot()))
    execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const isHardBenign = (e: InjectionExample) =>
  e.label === 0 && e.kind === 'message' && (e.source.startsWith('own-') || e.family.startsWith('lookalike'));

interface Scored {
  e: InjectionExample;
  p: number;
  rules: number;
}

export function chooseThresholds(
  scored: Scored[],
  companyRule = false,
  hardCap = 0.05,
): { message: number; document: number; note: string } {
  const attacks = scored.filter((s) => s.e.label === 1);
  const questions = scored.filter((s) => s.e.label === 0 && s.e.kind === 'message');
  const hard = scored.filter((s) => isHardBenign(s.e));
  const paragraphs = scored.filter((s) => s.e.label === 0 && s.e.kind === 'document');
  const rate = (xs: Scored[], t: number) =>
    xs.filter((s) => s.rules >= 0.5 || s.p >= t).length / Math.max(1, xs.length);
  const grid = Array.from({ length: 197 }, (_, i) => 0.02 + i * 0.005);
  let message = 0.99;
  for (const t of grid) {
    if (rate(questions, t) <= 0.02 && rate(hard, t) <= hardCap) {
      message = t;
      break;
    }
  }
  // Documents (model 2.0): ≤ 2 % of dev paragraphs. Under the default `quote` policy a flagged chunk
  // is still used, fenced as quoted data, so a false flag costs little and a missed injection a lot;
  // at 1 % a few company how-to chunks ("disable the junk filter rule") set the threshold at 0.995.
  // The document model (issue #19): and ≤ 5 % of the dev company-style chunks, the hard benign documents
  // (encyclopedia paragraphs are most of the dev paragraphs and are easy, so 2 % of all of them let
  // one company how-to chunk in five be flagged), as the message rule has its hard benign questions.
  const companyDocs = paragraphs.filter((s) => s.e.source.startsWith('own-docs'));
  let document = message;
  for (const t of grid.filter((x) => x >= message)) {
    document = t;
    if (rate(paragraphs, t) <= 0.02 && (!companyRule || rate(companyDocs, t) <= 0.05)) break;
  }
  const docAttacks = attacks.filter((s) => s.e.kind === 'document');
  const note = `dev (out-of-fold) at t=${message.toFixed(3)}: attack recall ${(rate(attacks, message) * 100).toFixed(1)}% (${attacks.length}), questions blocked ${(rate(questions, message) * 100).toFixed(2)}% (${questions.length}), hard benign blocked ${(rate(hard, message) * 100).toFixed(1)}% (${hard.length}); documents t=${document.toFixed(3)}: paragraphs flagged ${(rate(paragraphs, document) * 100).toFixed(2)}% (${paragraphs.length}), company chunks ${(rate(companyDocs, document) * 100).toFixed(1)}% (${companyDocs.length}), document attacks ${(rate(docAttacks, document) * 100).toFixed(1)}% (${docAttacks.length})`;
  return { message, document, note };
}

/**
 * Two models from one trainer (issue #19): `messages` (injection-lr, the chat's input check) is fitted
 * as model 2.0 was, without the model-2.1 documents and without document cues; `documents`
 * (injection-doc-lr, the ingestion scan) on everything, with the document cues, and a document
 * threshold that also holds the dev company chunks' false flags at ≤ 5 %.
 */
type InjectionTarget = 'messages' | 'documents';

/**
 * `guardrails-train injection --lookalikes` (message model 2.1, issue #19, 2026-12-06): 2.0's trainer
 * plus the look-alike training sets injection-train-3 and injection-train-4 (benign look-alikes count
 * as hard benign questions), and the hard-benign cap of the threshold rule lowered from 5 % to the
 * target's 2.5 %. Rule for shipping 2.1, stated before it was fitted: its out-of-fold recall on
 * attacks of families the rules were not written on is ≥ 80 %, and then, scored once by
 * `npm run eval -- guardrails --only=injection`, ≤ 2.5 % of the look-alike questions of the new blind
 * set injection-lookalike-blind-6 are blocked, blind-5 recall stays ≥ 80 %, holdout-2 ≥ 70 % and
 * ≤ 2.5 % of the realistic test questions are blocked. Otherwise 2.0 stays and 2.1 is reported.
 */
const LOOKALIKE_HARD_CAP = 0.025;

/**
 * Message model 2.2 (issue #19, 2026-12-06, rule precision): the injection rules 1.1 no longer fire on
 * look-alike questions whose attack words have the customer's object (5 of the training look-alikes
 * were blocked by the rules alone, 0 now), and the rule score is one of the model's features, so the
 * message model is refitted by this trainer unchanged (2.0's data and its threshold rule: dev questions
 * ≤ 2.0 %, hard benign ≤ 5 %). Rule for shipping 2.2, stated before it was fitted: its out-of-fold
 * recall on attacks of families the rules were not written on is ≥ 2.0's (86.2 % of 283) and its
 * out-of-fold hard-benign (look-alike) blocks are ≤ 2.0's (4.7 % of 253); otherwise 2.0 stays and 2.2
 * is reported. Blind sets (blind-5, -6, -7, holdout-2, public + blind-4) are scored once afterwards.
 */
const MESSAGE_MODEL_VERSION = '2.2.0';

/**
 * `--no-rule-margin` (look-alike round after 2.2, issue #19): every out-of-fold false block of a hard
 * benign training question by 2.2 is the model's alone (no rule matched at all), so a message on which
 * no rule matched may need a higher probability to be blocked: thresholds.noRule in the model file.
 * Rule for t2, stated 2026-12-06 before it was computed: with t chosen as before, t2 is the lowest p ≥ t
 * (steps of 0.005) at which "rules ≥ 0.5 OR (a rule matched AND p ≥ t) OR (no rule matched AND p ≥ t2)"
 * blocks ≤ 2.5 % of the out-of-fold hard-benign questions, unless the out-of-fold recall on attacks of
 * families the rules were not written on would fall below 84.0 % there: then the highest t2 ≥ t that
 * keeps it ≥ 84.0 %. Whether it ships is decided by the round's rule (eval/guardrails-injection.ts).
 */
const NO_RULE_HARD_CAP = 0.025;

/**
 * Message model 2.3 (look-alike round after 2.2, issue #19, 2026-12-06), shipped:
 * `npm run eval -- guardrails-train injection --lookalike-data` — 2.2's trainer and threshold rule with
 * the look-alike training sets injection-train-3 and -4 in the data. Chosen by the round's rule
 * (eval/guardrails-injection.ts) among ten candidates on dev only (dev-2 look-alikes blocked / dressed
 * attacks caught, out-of-fold new-family recall): 2.2 4/48, 16/16, 86.2 %; --contrast-prefix 3, 15, 86.6 %;
 * --lookalike-data 2, 15, 87.5 % (274/313); + --contrast-prefix 2, 15, 87.5 %; + --train-5 2, 16, 87.5 %
 * (288/329); failed: --no-rule-margin (14 of 16 attacks, alone and combined), --dense-scale 0.5 / 0.25
 * (4, 5 blocked), an owner-aware control cue (5; 4 with --contrast-prefix; code not kept). The three at 2
 * tie on recall to the first decimal; 274/313 is the higher, and the simplest change.
 */
const LOOKALIKE_DATA_VERSION = '2.3.0';
/**
 * `--owner-aware` (owner-aware round after 2.3, issue #19): the message model's cue features count a "your"
 * as the assistant's only when its object is an assistant-internal noun ("your instructions", 你的规则), and
 * add the two owners as features (cue-words.ts, OWNER_AWARE_MESSAGE_DENSE_FEATURES); with --lookalike-data.
 * The round's rule and candidates: eval/guardrails-injection.ts and injection-lr.card.md.
 */
const OWNER_AWARE_VERSION = '2.4.0-owner-aware';
/**
 * Message model 2.4 (owner-aware round after 2.3, issue #19, 2026-12-06), shipped before 2.5:
 * `npm run eval -- guardrails-train injection --lookalike-data --train-5` — 2.3's trainer, features and
 * threshold rule with the own look-alike training set injection-train-5 ("your" + the company's policies,
 * requests to show the customer's own data, contrasting attacks) in the data. Chosen by the round's rule
 * (eval/guardrails-injection.ts) on dev-2 + dev-3 only; candidates in injection-lr.card.md.
 */
const TRAIN5_VERSION = '2.4.0';
/**
 * `--company-control` (company-control round after 2.4, issue #19): every control cue counts only the controls
 * that are not the company's ("refund policy", "house rules", "upload limits", 退款政策 are the company's), plus
 * the company's count `cue.control-company` (cue-words.ts, COMPANY_CONTROL_MESSAGE_DENSE_FEATURES); with
 * --owner-aware on the owner-aware cues. Message model 2.5, shipped: `--lookalike-data --train-5
 * --company-control --drop-dense=cue.control-company` (the company-aware controls without the company's count):
 * chosen by the round's rule (eval/guardrails-injection.ts) on dev-2 + dev-3 only, tied on dev blocks (5 of 80)
 * with the same fit keeping the count and won on fewer dense features (27); candidates in injection-lr.card.md.
 */
const COMPANY_CONTROL_OPTIONS: readonly string[] = [
  '--lookalike-data',
  '--train-5',
  '--company-control',
  '--drop-dense=cue.control-company',
];
/**
 * Message model 2.6, shipped: 2.5's options + `--train-8` (story round after 2.5, issue #19, session 15): the own set
 * injection-train-8 (first-person customer stories that ask for help, attack-like words in their everyday sense,
 * and attacks of the same story shape) in the data. Chosen by the round's second try (eval/guardrails-injection.ts)
 * on dev only; figures in injection-lr.card.md.
 */
const SHIPPED_MESSAGE_VERSION = '2.6.0';
const SHIPPED_MESSAGE_OPTIONS: readonly string[] = [...COMPANY_CONTROL_OPTIONS, '--train-8'];
const COMPANY_CONTROL_CANDIDATE = '2.5.0-candidate';
/**
 * `--train-6` (pasted-text round after 2.5, issue #19): the own set injection-train-6 (benign messages that paste,
 * quote or forward e-mails, notices, logs, chats and clauses, give order / tracking / ticket numbers or report what
 * someone said, and contrasting attacks of those shapes) in the data. The round's rule: eval/guardrails-injection.ts.
 * Tried on 2026-12-06 with 2.5's options and not shipped: it lost one of the 42 dev dressed attacks (rule 2).
 */
const TRAIN6_CANDIDATE = '2.6.0-candidate';
/**
 * `--train-7` (short-training round after 2.5, issue #19, session 13): the own set injection-train-7 (short
 * benign customer messages of 1–5 words or up to ~10 Chinese characters, attack-like words in their ordinary
 * sense, and short attacks) in the data. The round's rule: eval/guardrails-injection.ts.
 */
const TRAIN7_CANDIDATE = '2.6.0-short-candidate';
const NO_RULE_MIN_RECALL = 0.84;
const OWN_TRAINING_SETS_AFTER_22 = [
  'own-train-3',
  'own-train-4',
  'own-train-5',
  'own-train-6',
  'own-train-7',
  'own-train-8',
];
/** Shipped message models and the own training sets written after 2.5 that each was not trained on. */
const POOLS_OF_SHIPPED_MODELS: readonly (readonly [string, readonly string[]])[] = [
  ['2.5', ['own-train-6', 'own-train-7', 'own-train-8']],
  ['2.6', ['own-train-6', 'own-train-7']],
];

/** The message decision with an optional no-rule threshold: what checkInjection does with the model file. */
function blocks(s: Scored, t: number, noRule: number | undefined): boolean {
  if (s.rules >= 0.5) return true;
  return s.p >= (s.rules === 0 && noRule !== undefined ? noRule : t);
}

const isNewFamilyAttack = (e: InjectionExample) =>
  e.label === 1 && e.source !== 'own-dev' && e.source !== 'own-holdout-1';

function chooseNoRuleThreshold(scored: Scored[], t: number): { t2: number; note: string } {
  const hard = scored.filter((s) => isHardBenign(s.e));
  const attacks = scored.filter((s) => isNewFamilyAttack(s.e));
  const rate = (xs: Scored[], t2: number) =>
    xs.filter((s) => blocks(s, t, t2)).length / Math.max(1, xs.length);
  const grid = Array.from({ length: 200 }, (_, i) => Number((t + i * 0.005).toFixed(3))).filter((x) => x < 1);
  let t2 = grid.find((x) => rate(hard, x) <= NO_RULE_HARD_CAP) ?? (grid[grid.length - 1] as number);
  if (rate(attacks, t2) < NO_RULE_MIN_RECALL) {
    const keep = grid.filter((x) => x <= t2 && rate(attacks, x) >= NO_RULE_MIN_RECALL);
    t2 = keep[keep.length - 1] ?? t;
  }
  const questions = scored.filter((s) => s.e.label === 0 && s.e.kind === 'message');
  const note = `no-rule threshold t2=${t2.toFixed(3)}: new-family recall ${(rate(attacks, t2) * 100).toFixed(1)}% (${attacks.length}), hard benign blocked ${(rate(hard, t2) * 100).toFixed(1)}% (${hard.length}), questions blocked ${(rate(questions, t2) * 100).toFixed(2)}% (${questions.length})`;
  return { t2, note };
}

function trainInjection(args: string[], target: InjectionTarget): void {
  const t0 = Date.now();
  const forDocuments = target === 'documents';
  const lookalikes = !forDocuments && args.includes('--lookalikes');
  // --lookalike-data (look-alike round after 2.2): train-3 and train-4 in training, 2.2's threshold rule.
  const ownerAware = !forDocuments && args.includes('--owner-aware');
  const lookalikeData = lookalikes || ownerAware || (!forDocuments && args.includes('--lookalike-data'));
  // Message model 2.4 (owner-aware round after 2.3): --lookalike-data --train-5 with the legacy cue features.
  const train5 = lookalikeData && !lookalikes && args.includes('--train-5');
  const companyControl = !forDocuments && args.includes('--company-control');
  // The shipped message model 2.6 is exactly SHIPPED_MESSAGE_OPTIONS (besides --out and --verbose), and 2.5 was
  // COMPANY_CONTROL_OPTIONS.
  const given = args.filter((a) => a.startsWith('--') && !a.startsWith('--out=') && a !== '--verbose');
  const exactly = (options: readonly string[]) =>
    !forDocuments && given.length === options.length && options.every((o) => given.includes(o));
  const shipped = exactly(SHIPPED_MESSAGE_OPTIONS);
  const version = forDocuments
    ? '1.0.0'
    : shipped
      ? SHIPPED_MESSAGE_VERSION
      : exactly(COMPANY_CONTROL_OPTIONS)
        ? '2.5.0'
        : SHIPPED_MESSAGE_OPTIONS.every((o) => given.includes(o))
          ? `${SHIPPED_MESSAGE_VERSION}-plus-candidate`
          : args.includes('--train-7')
            ? TRAIN7_CANDIDATE
            : args.includes('--train-6')
              ? TRAIN6_CANDIDATE
              : companyControl
                ? `${COMPANY_CONTROL_CANDIDATE}${ownerAware ? '-owner-aware' : ''}`
                : ownerAware
                  ? OWNER_AWARE_VERSION
                  : lookalikes
                    ? '2.1.0'
                    : train5
                      ? TRAIN5_VERSION
                      : lookalikeData
                        ? LOOKALIKE_DATA_VERSION
                        : MESSAGE_MODEL_VERSION;
  // A message model other than the shipped one (2.5's, 2.4's, 2.3's, 2.2's or 2.1's reproduction, a candidate) needs
  // --out: written over the shipped file it would silently put another model in the product.
  const outArg = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  if (outArg === undefined && !forDocuments && !shipped)
    throw new Error(
      `this fit is not the shipped injection-lr ${SHIPPED_MESSAGE_VERSION} (\`${SHIPPED_MESSAGE_OPTIONS.join(' ')}\`, no other option): write it elsewhere with --out=path`,
    );
  const originals = loadInjectionExamples().filter(
    // documents-train-2 is the document model's own. injection-train-3 and -4 (look-alike questions)
    // are in the message model 2.1 (--lookalikes, not shipped) and 2.3 (--lookalike-data, shipped): fitted
    // into 2.0's set-up, train-3 alone left the look-alike held-out set as it was (2 of 40 blocked) and cost
    // out-of-fold recall on new attack families (see injection-lr.card.md).
    (e) =>
      e.split === 'train' &&
      (lookalikeData || (e.source !== 'own-train-3' && e.source !== 'own-train-4')) &&
      // --train-5 (look-alike round after 2.2): the "your policy" look-alikes and their contrasts.
      (args.includes('--train-5') || e.source !== 'own-train-5') &&
      // --train-6 (pasted-text round after 2.5): pasted / quoted text, identifiers, reported speech, contrasts.
      (args.includes('--train-6') || e.source !== 'own-train-6') &&
      // --train-7 (short-training round after 2.5): short benign messages and short attacks.
      (args.includes('--train-7') || e.source !== 'own-train-7') &&
      // --train-8 (story round after 2.5): customer stories and story-shaped attacks.
      (args.includes('--train-8') || e.source !== 'own-train-8') &&
      (forDocuments || e.source !== 'own-docs-train-2'),
  );
  const train = [...originals, ...composedExamples(originals, args.includes('--contrast-prefix'))];
  // Only the originals are scored out-of-fold; a composed text sits in its source's fold.
  const scoredRow = train.map((_, i) => i < originals.length);
  // --dense-scale=s (look-alike round after 2.2, issue #19): the dense features (rule signals, cue-word
  // classes and pairs) enter the fit multiplied by s, which is the same as an L2 penalty λ/s² on their
  // weights; the written weights are multiplied by s back, so the shipped file takes unscaled features.
  // Why: 2.2's margins on look-alike questions come from the cue weights (one "free", "show" or "your"
  // adds 2–3 logits), unnormalised dense features that λ barely restrains beside the L2-normalised n-grams.
  const denseScale = Number(
    args.find((a) => a.startsWith('--dense-scale='))?.slice('--dense-scale='.length) ?? 1,
  );
  if (!(denseScale > 0)) throw new Error('--dense-scale takes a number above 0');
  // --drop-dense=a,b (owner-aware round after 2.3): leave these dense features out of the model, e.g. a bare
  // cue class whose word is everyday customer vocabulary ("show", "free"), its pairs kept.
  const drop = (args.find((a) => a.startsWith('--drop-dense='))?.slice('--drop-dense='.length) ?? '')
    .split(',')
    .filter(Boolean);
  const allDense = companyControl
    ? [
        ...(ownerAware
          ? OWNER_AWARE_COMPANY_CONTROL_MESSAGE_DENSE_FEATURES
          : COMPANY_CONTROL_MESSAGE_DENSE_FEATURES),
      ]
    : ownerAware
      ? [...OWNER_AWARE_MESSAGE_DENSE_FEATURES]
      : injectionDenseNames(forDocuments);
  for (const name of drop)
    if (!allDense.includes(name)) throw new Error(`--drop-dense: no dense feature ${name}`);
  const denseNames = allDense.filter((n) => !drop.includes(n));
  const rows = train.map((e) => scaleDense(injectionRow(e, forDocuments, denseNames), denseScale));
  const labels = train.map((e) => e.label);
  const dimension = INJECTION_FEATURE_OPTIONS.buckets + denseNames.length;
  const fold = train.map((e) => hash(e.family) % FOLDS);
  // Classes balanced within each language, languages equal: Chinese attacks are few beside 600
  // CMRC texts, and globally balanced weights let the Chinese n-grams learn "benign".
  const cell = new Map<string, number>();
  for (const e of train) cell.set(`${e.lang}/${e.label}`, (cell.get(`${e.lang}/${e.label}`) ?? 0) + 1);
  const weights = train.map((e) => train.length / (4 * (cell.get(`${e.lang}/${e.label}`) ?? 1)));

  console.log(
    `train: ${train.length} examples (${labels.filter((y) => y === 1).length} attacks), ${new Set(train.map((e) => e.family)).size} families; features in ${Date.now() - t0} ms`,
  );

  let best: { l2: number; recall: number; scored: Scored[] } | undefined;
  for (const l2 of [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3]) {
    const p = new Array<number>(train.length).fill(0);
    for (let k = 0; k < FOLDS; k++) {
      const inFit = train.map((_, i) => fold[i] !== k);
      const fit = fitLogistic(
        rows.filter((_, i) => inFit[i]).map((r) => r.row),
        labels.filter((_, i) => inFit[i]),
        { dimension, l2, maxIterations: 200, sampleWeights: weights.filter((_, i) => inFit[i]) },
      );
      for (let i = 0; i < train.length; i++)
        if (!inFit[i]) {
          // Documents are scored like scanDocumentChunk does: the whole chunk or its riskiest sentence.
          const r = rows[i]!;
          p[i] = Math.max(...[r.row, ...r.windows].map((w) => sigmoid(rowMargin(fit.weights, fit.bias, w))));
        }
    }
    // scanDocumentChunk leaves the decision on a document to the document model (rules are its features).
    const scored = train
      .map((e, i) => ({ e, p: p[i]!, rules: forDocuments && e.kind === 'document' ? 0 : rows[i]!.rules }))
      .filter((_, i) => scoredRow[i]);
    const th = chooseThresholds(scored, forDocuments, lookalikes ? LOOKALIKE_HARD_CAP : 0.05);
    // λ is chosen on the attacks of families the rules were not written on (the own dev and
    // holdout-1 sets are in-sample for the rules, so they say nothing about generalisation).
    const attacks = scored.filter(
      (s) => s.e.label === 1 && s.e.source !== 'own-dev' && s.e.source !== 'own-holdout-1',
    );
    const recall = attacks.filter((s) => s.rules >= 0.5 || s.p >= th.message).length / attacks.length;
    console.log(
      `λ=${l2}: ${th.note}; new-family attack recall ${(recall * 100).toFixed(1)}% (${attacks.length})`,
    );
    // Ties go to the stronger regularisation (λ ascends).
    if (!best || recall >= best.recall) best = { l2, recall, scored };
  }
  const chosen = best as { l2: number; recall: number; scored: Scored[] };
  const th = chooseThresholds(chosen.scored, forDocuments, lookalikes ? LOOKALIKE_HARD_CAP : 0.05);
  const margin =
    !forDocuments && args.includes('--no-rule-margin')
      ? chooseNoRuleThreshold(chosen.scored, th.message)
      : undefined;
  const noRule = margin?.t2;
  if (margin) console.log(margin.note);
  // The round's rule compares hard-benign blocks on 2.2's set (without the own training sets added after it).
  const hard22 = chosen.scored.filter(
    (s) => isHardBenign(s.e) && !OWN_TRAINING_SETS_AFTER_22.includes(s.e.source),
  );
  const attacks22 = chosen.scored.filter(
    (s) => isNewFamilyAttack(s.e) && !OWN_TRAINING_SETS_AFTER_22.includes(s.e.source),
  );
  console.log(
    `new-family attacks of 2.2's set caught ${((100 * attacks22.filter((s) => blocks(s, th.message, noRule)).length) / Math.max(1, attacks22.length)).toFixed(1)}% (${attacks22.length})`,
  );
  console.log(
    `hard benign of 2.2's set blocked ${((100 * hard22.filter((s) => blocks(s, th.message, noRule)).length) / Math.max(1, hard22.length)).toFixed(1)}% (${hard22.length})`,
  );
  // The story round's second try and the rounds after it (eval/guardrails-injection.ts): the own sets a shipped model
  // was not trained on enlarge the pools above with their own texts, so a comparison with that model also reads
  // the pools it was measured on.
  if (!forDocuments) {
    const share = (xs: Scored[]) => xs.filter((s) => blocks(s, th.message, noRule)).length;
    const pct = (xs: Scored[]) => ((100 * share(xs)) / Math.max(1, xs.length)).toFixed(2);
    for (const [model, unseen] of POOLS_OF_SHIPPED_MODELS) {
      const pool = chosen.scored.filter((s) => !unseen.includes(s.e.source));
      const attacks = pool.filter((s) => isNewFamilyAttack(s.e));
      const questions = pool.filter((s) => s.e.label === 0 && s.e.kind === 'message');
      console.log(
        `on ${model}'s pools: new-family attack recall ${share(attacks)}/${attacks.length} (${pct(attacks)}%), questions blocked ${share(questions)}/${questions.length} (${pct(questions)}%)`,
      );
    }
  }
  // Dev diagnostics (out-of-fold): where the model misses, by family and language.
  const byGroup = new Map<string, { n: number; hit: number }>();
  for (const s of chosen.scored) {
    const flagged = blocks(s, th.message, noRule);
    for (const key of [
      `${s.e.label ? 'attack' : 'benign'} ${s.e.family.replace(/:\d$/, '')}`,
      `${s.e.label ? 'attack' : 'benign'} lang=${s.e.lang}`,
    ]) {
      const g = byGroup.get(key) ?? { n: 0, hit: 0 };
      g.n++;
      if (flagged) g.hit++;
      byGroup.set(key, g);
    }
  }
  if (args.includes('--verbose')) {
    for (const [k, g] of [...byGroup].sort()) console.log(`  dev ${k}: flagged ${g.hit}/${g.n}`);
    const company = chosen.scored.filter((s) => s.e.label === 0 && s.e.source.startsWith('own-docs'));
    const docAttacks = chosen.scored.filter((s) => s.e.label === 1 && s.e.kind === 'document');
    const at = (xs: Scored[], t: number) => xs.filter((s) => s.rules >= 0.5 || s.p >= t).length / xs.length;
    for (const t of [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995])
      console.log(
        `  dev documents at t=${t}: company chunks flagged ${(at(company, t) * 100).toFixed(1)}% (${company.length}), document attacks ${(at(docAttacks, t) * 100).toFixed(1)}% (${docAttacks.length})`,
      );
    // Out-of-fold false blocks of hard benign (look-alike) training questions, for diagnosis.
    for (const s of chosen.scored.filter((x) => isHardBenign(x.e) && blocks(x, th.message, noRule)))
      console.log(
        `  dev hard benign blocked p=${s.p.toFixed(3)} rules=${s.rules.toFixed(2)} [${s.e.family}] ${s.e.text.slice(0, 140)}`,
      );
    const docs = chosen.scored.filter((s) => s.e.label === 0 && s.e.kind === 'document');
    for (const s of docs.sort((a, b) => b.p - a.p).slice(0, 8))
      console.log(`  dev top benign document p=${s.p.toFixed(3)} [${s.e.family}] ${s.e.text.slice(0, 140)}`);
  }
  const fit = fitLogistic(
    rows.map((r) => r.row),
    labels,
    { dimension, l2: chosen.l2, maxIterations: 300, sampleWeights: weights },
  );
  for (let k = 0; k < denseNames.length; k++) {
    const j = INJECTION_FEATURE_OPTIONS.buckets + k;
    fit.weights[j] = (fit.weights[j] as number) * denseScale;
  }
  const file: LinearModelFile = {
    id: forDocuments ? 'injection-doc-lr' : 'injection-lr',
    version,
    ...INJECTION_FEATURE_OPTIONS,
    dense: denseNames,
    bias: fit.bias,
    ...encodeWeights(fit.weights),
    threshold: Number(th.message.toFixed(3)),
    thresholds: {
      document: Number(th.document.toFixed(3)),
      ...(noRule !== undefined ? { noRule: Number(noRule.toFixed(3)) } : {}),
    },
    trainedAt: new Date().toISOString().slice(0, 10),
  };
  // --out=path writes a candidate elsewhere, so the shipped file changes only for the chosen fit.
  const out = outArg ?? shippedModelPath(forDocuments ? 'injection-doc-lr.json' : 'injection-lr.json');
  writeModel(out, file);
  console.log(`chosen λ=${chosen.l2}; ${th.note}`);
  console.log(
    `final fit: ${fit.iterations} iterations, loss ${fit.loss.toFixed(4)}; wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/**
 * Each row's probability from the model fitted on the other folds (folds by group). Rows with
 * `fitted[i]` false are scored in their fold but never fitted on (hate-use-lr 1.0 scored on the own
 * comment set).
 */
function outOfFoldProbabilities(
  rows: readonly SparseRow[],
  labels: readonly number[],
  fold: readonly number[],
  options: { dimension: number; l2: number },
  fitted?: readonly boolean[],
): number[] {
  const p = new Array<number>(rows.length).fill(0);
  for (let k = 0; k < FOLDS; k++) {
    const inFit = rows.map((_, i) => fold[i] !== k && (fitted?.[i] ?? true));
    const fit = fitLogistic(
      rows.filter((_, i) => inFit[i]),
      labels.filter((_, i) => inFit[i]),
      { ...options, maxIterations: 300 },
    );
    for (let i = 0; i < rows.length; i++)
      if (!inFit[i]) p[i] = sigmoid(rowMargin(fit.weights, fit.bias, rows[i] as SparseRow));
  }
  return p;
}

/**
 * The lowest threshold (0.02 up, in steps of 0.005; else 0.99) at which at most 8 % of the
 * negatives are flagged, by the lexicon or by `p`; with the positives' recall there.
 */
function thresholdAtFpr(
  p: readonly number[],
  lexiconFlags: readonly boolean[],
  positives: readonly number[],
  negatives: readonly number[],
): { t: number; recall: number; fpr: number } {
  const rate = (idx: readonly number[], t: number) =>
    idx.filter((i) => lexiconFlags[i] || (p[i] as number) >= t).length / idx.length;
  let t = 0.99;
  for (let x = 0.02; x < 0.995; x += 0.005) {
    if (rate(negatives, x) <= 0.08) {
      t = Number(x.toFixed(3));
      break;
    }
  }
  return { t, recall: rate(positives, t), fpr: rate(negatives, t) };
}

/** hate-use-lr 2.0's sparse part: hashed char 3–5-grams and word uni/bigrams of the normalised text. */
export const HATE_NGRAM_OPTIONS = { buckets: 1 << 15, minN: 3, maxN: 5 };

/**
 * `npm run eval -- guardrails-train hate [--ngrams] [--comments] [--out=path]`: the implicit-hate model over
 * USE-lite embeddings plus the lexicon's hate and toxicity scores and a group-mention flag
 * (eval/guardrails-hate-data.ts); with `--ngrams` (model 2.0, issue #19) also hashed character and word
 * n-grams of the text (HATE_NGRAM_OPTIONS), the same data and rules otherwise; with `--comments` (the 1.2
 * round) the own comment set hate-comments-en.jsonl joins the training data (without it the set is only
 * scored, out-of-fold, so 1.0's command fits what it always fitted); `--out=path` writes a candidate
 * elsewhere than the shipped file.
 * Threshold rule, fixed before any test figure: on out-of-fold scores of the ToxiGen part of the
 * train split, the lowest p at which "lexicon flags OR p ≥ t" flags ≤ 8 % of neutral statements
 * (2 points under the 10 % target, for the move from dev to test).
 *
 * Rule for shipping 2.0, stated on 2026-12-06 before it was fitted: 2.0 replaces 1.0 only if its
 * out-of-fold ToxiGen recall at its threshold is ≥ 1.0's (78.8 %), and then, scored once by
 * `npm run eval -- guardrails --only=hate`, its ToxiGen test figure still meets the target (recall
 * ≥ 60 % at FPR ≤ 10 %) and its ETHOS F1 (GPL-3.0, evaluation only) is above 1.0's 0.679. Otherwise
 * 1.0 stays and 2.0's figures are reported. The out-of-fold F1 on the Davidson tweets (hate vs
 * neither) is printed as a comment-register check, not used to choose anything.
 *
 * Rule for the 1.2 round (issue #19), written on 2026-12-06 before the own comment set existed or any
 * fit: a candidate (1.0's features and trainer plus packages/guardrails/data/hate-comments-en.jsonl in
 * training) replaces 1.0 iff, on development data only (out-of-fold; the own set's folds grouped by
 * family; 1.0 fitted on the same folds without the own set): (a) its out-of-fold ToxiGen recall at the
 * existing threshold rule (≤ 8 % of out-of-fold ToxiGen neutral flagged) is ≥ 1.0's − 1 point; (b) its
 * out-of-fold F1 on the own comment set is higher than 1.0's F1 on the same folds' held-out parts;
 * (c) its Davidson hate-vs-neither out-of-fold F1 is ≥ 1.0's − 0.01. Then the merger scores ToxiGen
 * test and ETHOS once; those figures choose nothing.
 */
async function trainHate(args: string[]): Promise<void> {
  const t0 = Date.now();
  const ngrams = args.includes('--ngrams');
  // --comments (the 1.2 round): the own comment set joins the training data. Without it the own set is
  // still scored out-of-fold (never fitted on), so 1.0's figure on it comes from the same folds.
  const comments = args.includes('--comments');
  const outArg = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const train = [...loadHateTrain(), ...loadHateComments()];
  const vectors = await useLiteEmbeddings(
    'hate',
    train.map((e) => e.text),
  );
  const lexicon = createLexiconSafetyClassifier();
  const base = await lexicon.classify(train.map((e) => e.text));
  const sparseOptions = ngrams ? HATE_NGRAM_OPTIONS : { buckets: 0, minN: 0, maxN: 0 };
  const rows: SparseRow[] = train.map((e, i) => {
    const values = hateFeatures(vectors[i] as Float32Array, base[i] as SafetyResult, e.text);
    const sparse = hateSparseFeatures(sparseOptions, e.text);
    return {
      indices: [...sparse.indices, ...values.map((_, k) => sparseOptions.buckets + k)],
      values: [...sparse.values, ...values],
    };
  });
  const denseCount = (vectors[0] as Float32Array).length + 3;
  const labels = train.map((e) => e.label);
  const lexFlag = base.map((b) => SAFETY_CATEGORIES.some((c) => b.scores[c] >= 0.5));
  const dimension = sparseOptions.buckets + denseCount;
  const fold = train.map((e) => hash(e.group) % FOLDS);
  const isTg = train.map((e) => e.source === 'toxigen');
  const fitted = train.map((e) => comments || e.source !== 'comments');
  const idx = (keep: (e: (typeof train)[number]) => boolean) =>
    train.map((_, i) => i).filter((i) => keep(train[i] as (typeof train)[number]));
  const fitIdx = idx((e) => comments || e.source !== 'comments');
  console.log(
    `train: ${fitIdx.length} (${fitIdx.filter((i) => labels[i] === 1).length} hate); ToxiGen ${isTg.filter(Boolean).length}; ${ngrams ? 'with' : 'without'} n-grams; own comments ${idx((e) => e.source === 'comments').length} ${comments ? 'in training' : 'scored only'}`,
  );

  const neutral = idx((e) => e.source === 'toxigen' && e.label === 0);
  const hate = idx((e) => e.source === 'toxigen' && e.label === 1);
  const dvHate = idx((e) => e.source === 'davidson' && e.label === 1);
  const dvNeither = idx((e) => e.source === 'davidson' && e.label === 0);
  const cmHate = idx((e) => e.source === 'comments' && e.label === 1);
  const cmNot = idx((e) => e.source === 'comments' && e.label === 0);
  const f1Of = (pos: number[], neg: number[], flag: (i: number) => boolean) => {
    const tp = pos.filter(flag).length;
    const fp = neg.filter(flag).length;
    return { f1: (2 * tp) / Math.max(1, 2 * tp + fp + (pos.length - tp)), tp, fp };
  };
  let best: { l2: number; t: number; recall: number; fpr: number } | undefined;
  for (const l2 of [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2]) {
    const p = outOfFoldProbabilities(rows, labels, fold, { dimension, l2 }, fitted);
    const c = thresholdAtFpr(p, lexFlag, hate, neutral);
    const flag = (i: number) => lexFlag[i] || (p[i] as number) >= c.t;
    const dv = f1Of(dvHate, dvNeither, flag);
    const cm = f1Of(cmHate, cmNot, flag);
    console.log(
      `λ=${l2}: dev (out-of-fold, ToxiGen) t=${c.t}: recall ${(c.recall * 100).toFixed(1)}%, FPR ${(c.fpr * 100).toFixed(1)}%; Davidson hate vs neither F1 ${dv.f1.toFixed(3)}; own comments F1 ${cm.f1.toFixed(3)} (${cm.tp}/${cmHate.length} hate, ${cm.fp}/${cmNot.length} not flagged)`,
    );
    if (!best || c.recall > best.recall) best = { l2, ...c };
  }
  const chosen = best as { l2: number; t: number; recall: number; fpr: number };
  const fit = fitLogistic(
    fitIdx.map((i) => rows[i] as SparseRow),
    fitIdx.map((i) => labels[i] as number),
    { dimension, l2: chosen.l2, maxIterations: 400 },
  );
  const file: LinearModelFile = {
    id: 'hate-use-lr',
    version: ngrams ? '2.0.0' : comments ? '1.2.0' : '1.0.0',
    ...sparseOptions,
    dense: [
      ...Array.from({ length: denseCount - 3 }, (_, k) => `use-lite.${k}`),
      'lexicon.hate',
      'lexicon.toxicity',
      'group-mention',
    ],
    bias: fit.bias,
    ...encodeWeights(fit.weights),
    threshold: chosen.t,
    thresholds: {},
    trainedAt: new Date().toISOString().slice(0, 10),
    embedder: { id: 'use-lite', dimension: denseCount - 3 },
  };
  // --out=path writes a candidate elsewhere, so the shipped file changes only for the chosen fit.
  const out = outArg ?? shippedModelPath('hate-use-lr.json');
  writeModel(out, file);
  console.log(
    `chosen λ=${chosen.l2}, t=${chosen.t} (dev recall ${(chosen.recall * 100).toFixed(1)}%, FPR ${(chosen.fpr * 100).toFixed(1)}%); wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/**
 * `npm run eval -- guardrails-train hate-zh`: the Chinese character n-gram hate model 2.0
 * (packages/guardrails/src/learned/hate-zh-model.ts), issue #19. Data: loadHateZhSplits
 * (eval/guardrails-hate-data.ts), split by group, family and source document: train = hate-zh-2's
 * train groups but five, hate-zh-3's and hate-zh-4's train families, CMRC trial questions of 70 % of
 * its articles; dev = the five groups, hate-zh-3's and hate-zh-4's dev families, the other CMRC trial
 * articles; test (hate-zh-2's test half, the blind families, CMRC dev questions) is never read here.
 *
 * Weights: the hateful sentences carry half the total weight; the other half is split equally
 * between the own non-hateful sentences (neutral, complaints, criticism) and the CMRC questions.
 *
 * Rule, stated on 2026-12-06 before the refit and before any test figure of a 2.0 model: the model is
 * fitted on train only and scored on dev. For each λ, t = the lowest p (0.02 up in steps of 0.005)
 * at which "lexicon blocks OR p ≥ t" flags ≤ 2 % of all dev non-hateful texts AND ≤ 5 % of the own
 * dev non-hateful sentences (hate-zh-2 neutral, hate-zh-3 complaints and neutral mentions; the
 * CMRC questions would otherwise hide them). λ: the highest dev recall at its t; ties → the higher
 * λ. The shipped model is that train-only fit, so the threshold is a dev figure, not in-sample.
 */
async function trainHateZh(): Promise<void> {
  const t0 = Date.now();
  const all = loadHateZhSplits();
  const train = all.filter((e) => e.split === 'train');
  const dev = all.filter((e) => e.split === 'dev');
  const lexicon = createLexiconSafetyClassifier();
  const toRows = async (set: HateZhExample[]) => {
    const base = await lexicon.classify(set.map((e) => e.text));
    const rows: SparseRow[] = set.map((e, i) => {
      const f = hateZhFeatures(e.text, base[i] as SafetyResult);
      return {
        indices: [...f.sparse.indices, ...f.dense.map((_, k) => HATE_ZH_FEATURE_OPTIONS.buckets + k)],
        values: [...f.sparse.values, ...f.dense],
      };
    });
    // The default path blocks on any category ≥ 0.5 (checkToxicity's default thresholds).
    return { rows, lexFlag: base.map((b) => SAFETY_CATEGORIES.some((c) => b.scores[c] >= 0.5)) };
  };
  const tr = await toRows(train);
  const dv = await toRows(dev);
  const labels = train.map((e) => e.label);
  const cellOf = (e: HateZhExample) => (e.label === 1 ? 'hate' : e.source === 'cmrc' ? 'cmrc' : 'own');
  const share: Record<string, number> = { hate: 0.5, own: 0.25, cmrc: 0.25 };
  const cells = new Map<string, number>();
  for (const e of train) cells.set(cellOf(e), (cells.get(cellOf(e)) ?? 0) + 1);
  const weights = train.map(
    (e) => (train.length * (share[cellOf(e)] as number)) / (cells.get(cellOf(e)) ?? 1),
  );
  const dimension = HATE_ZH_FEATURE_OPTIONS.buckets + HATE_ZH_DENSE_FEATURES.length;
  const pos = dev.flatMap((e, i) => (e.label === 1 ? [i] : []));
  const neg = dev.flatMap((e, i) => (e.label === 0 ? [i] : []));
  const ownNeg = neg.filter((i) => dev[i]?.source !== 'cmrc');
  console.log(
    `train: ${train.length} (${labels.filter((y) => y === 1).length} hate, ${cells.get('own')} own non-hate, ${cells.get('cmrc')} CMRC); dev: ${dev.length} (${pos.length} hate, ${ownNeg.length} own non-hate, ${neg.length - ownNeg.length} CMRC)`,
  );
  type Choice = {
    l2: number;
    t: number;
    recall: number;
    fpr: number;
    ownFpr: number;
    fit: ReturnType<typeof fitLogistic>;
  };
  let best: Choice | undefined;
  for (const l2 of [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]) {
    const fit = fitLogistic(tr.rows, labels, { dimension, l2, maxIterations: 400, sampleWeights: weights });
    const p = dv.rows.map((r) => sigmoid(rowMargin(fit.weights, fit.bias, r)));
    const rate = (idx: readonly number[], t: number) =>
      idx.filter((i) => dv.lexFlag[i] || (p[i] as number) >= t).length / Math.max(1, idx.length);
    let t = 0.99;
    for (let x = 0.02; x < 0.995; x += 0.005) {
      if (rate(neg, x) <= 0.02 && rate(ownNeg, x) <= 0.05) {
        t = Number(x.toFixed(3));
        break;
      }
    }
    const c: Choice = { l2, t, recall: rate(pos, t), fpr: rate(neg, t), ownFpr: rate(ownNeg, t), fit };
    console.log(
      `λ=${l2}: dev t=${t}: recall ${(c.recall * 100).toFixed(1)}% (${pos.length}), non-hate flagged ${(c.fpr * 100).toFixed(2)}% (${neg.length}), own non-hate ${(c.ownFpr * 100).toFixed(1)}% (${ownNeg.length})`,
    );
    if (!best || c.recall >= best.recall) best = c;
  }
  const chosen = best as Choice;
  const file: LinearModelFile = {
    id: 'hate-zh-char-lr',
    // 2.0: + hate-zh-3 and CMRC; 2.1: + hate-zh-4 (neutral statements about groups).
    version: '2.1.0',
    ...HATE_ZH_FEATURE_OPTIONS,
    dense: [...HATE_ZH_DENSE_FEATURES],
    bias: chosen.fit.bias,
    ...encodeWeights(chosen.fit.weights),
    threshold: chosen.t,
    thresholds: {},
    trainedAt: new Date().toISOString().slice(0, 10),
  };
  const out = shippedModelPath('hate-zh-char-lr.json');
  writeModel(out, file);
  console.log(
    `chosen λ=${chosen.l2}, t=${chosen.t} (dev recall ${(chosen.recall * 100).toFixed(1)}%, non-hate flagged ${(chosen.fpr * 100).toFixed(2)}%, own ${(chosen.ownFpr * 100).toFixed(1)}%); wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

export async function run(args: string[]): Promise<void> {
  const task = args[0] ?? 'injection';
  if (task === 'injection') trainInjection(args, 'messages');
  else if (task === 'injection-documents') trainInjection(args, 'documents');
  else if (task === 'hate') await trainHate(args);
  else if (task === 'hate-zh') await trainHateZh();
  else throw new Error(`unknown training task ${task} (injection | injection-documents | hate | hate-zh)`);
}
