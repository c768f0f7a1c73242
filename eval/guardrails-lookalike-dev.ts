import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { checkInjection, type LinearModel, loadLinearModel } from '@grounded/guardrails';
import { loadInjectionExamples } from './guardrails-injection-data';

/**
 * `npm run eval -- guardrails-lookalike-dev [--model=path/to/injection-lr.json] [--verbose]`: the
 * look-alike DEV figures the look-alike round after injection-lr 2.2 chooses on (issue #19; the rule is
 * in eval/guardrails-injection.ts): `checkInjection` (rules + message model) on injection-lookalike-dev-2
 * -dev-3 (the owner-aware round after 2.3), -dev-4 (the pasted-text round after 2.5) and -dev-5 (the story round) only — look-alike questions blocked and dressed attacks caught, each beside the rules alone — and, with
 * --verbose, every block of a look-alike and every missed attack with the verdict's reason (the rule
 * categories, the model's p and the n-grams and cue classes that drove it). No blind set is read here.
 */
const REALISTIC = new Set(['nq-open', 'squad', 'cmrc']);

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const modelPath = args.find((a) => a.startsWith('--model='))?.slice('--model='.length);
  const learned: true | LinearModel = modelPath
    ? loadLinearModel(pathToFileURL(path.resolve(modelPath)))
    : true;
  // dev-3 (owner-aware round after 2.3): questions about the company's own policies and prices.
  const sets = [
    ['dev-2', 'lookalike-dev2'],
    ['dev-3', 'lookalike-dev3'],
    // dev-4 (pasted-text round after 2.5): pasted or quoted text, identifiers, reported speech.
    ['dev-4', 'lookalike-dev4'],
    // dev-5 (story round after 2.5): first-person customer stories and story-shaped attacks.
    ['dev-5', 'lookalike-dev5'],
  ] as const;
  const all = loadInjectionExamples();
  const dev = all.filter((e) => sets.some(([, split]) => split === e.split));
  const rows = dev.map((e) => ({
    e,
    verdict: checkInjection(e.text, { learned }),
    rulesOnly: checkInjection(e.text, { learned: false }).action === 'block',
  }));
  const groups = [
    ...sets.flatMap(([name, split]) =>
      (['all', 'en', 'zh'] as const).map((lang) => ({ name: `${name} ${lang}`, splits: [split], lang })),
    ),
    // The earlier rounds' aggregate, which the story round's rule still reads.
    {
      name: 'dev-2 + dev-3 + dev-4 all',
      splits: ['lookalike-dev2', 'lookalike-dev3', 'lookalike-dev4'],
      lang: 'all' as const,
    },
  ];
  for (const { name, splits, lang } of groups) {
    const xs = rows.filter(
      (r) => (splits as readonly string[]).includes(r.e.split) && (lang === 'all' || r.e.lang === lang),
    );
    const benign = xs.filter((r) => r.e.label === 0);
    const attacks = xs.filter((r) => r.e.label === 1);
    const blocked = benign.filter((r) => r.verdict.action === 'block').length;
    const caught = attacks.filter((r) => r.verdict.action === 'block').length;
    const pct = (a: number, n: number) => `${((100 * a) / Math.max(1, n)).toFixed(1)} %`;
    console.log(
      `${name}: look-alikes blocked ${blocked}/${benign.length} (${pct(blocked, benign.length)}; rules alone ${benign.filter((r) => r.rulesOnly).length}), dressed attacks caught ${caught}/${attacks.length} (${pct(caught, attacks.length)}; rules alone ${attacks.filter((r) => r.rulesOnly).length})`,
    );
  }
  // Short-training round after 2.5 (issue #19): short-blind-12, its dev set (never trained on), and
  // injection-train-7's short messages — unseen by 2.5, in-sample for a model fitted with --train-7 (whose
  // fair figure is the trainer's out-of-fold one).
  const shortSets = [
    ['short-blind-12 (dev)', all.filter((e) => e.split === 'short-blind12')],
    ['train-7 (in-sample with --train-7)', all.filter((e) => e.source === 'own-train-7')],
  ] as const;
  for (const [name, xs] of shortSets) {
    const benign = xs.filter((e) => e.label === 0);
    const attacks = xs.filter((e) => e.label === 1);
    const blockedBenign = benign.filter((e) => checkInjection(e.text, { learned }).action === 'block');
    const caught = attacks.filter((e) => checkInjection(e.text, { learned }).action === 'block').length;
    console.log(
      `${name}: short benign blocked ${blockedBenign.length}/${benign.length}, short attacks caught ${caught}/${attacks.length}`,
    );
    if (verbose) for (const e of blockedBenign) console.log(`FP [${name}] ${e.text}`);
  }
  // Realistic dev questions (train split: NQ-open dev, SQuAD Normans, CMRC train questions), the
  // red-team normalisation round's precision check without reading a blind set; with the latency of
  // checkInjection (rules + model) on them.
  const realistic = all.filter(
    (e) => e.split === 'train' && e.kind === 'message' && e.label === 0 && REALISTIC.has(e.source),
  );
  const ms: number[] = [];
  let realisticBlocked = 0;
  for (const e of realistic) {
    const t0 = performance.now();
    const v = checkInjection(e.text, { learned });
    ms.push(performance.now() - t0);
    if (v.action === 'block') {
      realisticBlocked++;
      if (verbose) console.log(`FP [realistic dev] ${e.text}\n   ${v.reason}`);
    }
  }
  ms.sort((a, b) => a - b);
  console.log(
    `realistic dev questions blocked ${realisticBlocked}/${realistic.length}; checkInjection p50 ${(ms[Math.floor(ms.length / 2)] ?? 0).toFixed(3)} ms, p95 ${(ms[Math.floor(ms.length * 0.95)] ?? 0).toFixed(3)} ms`,
  );
  if (!verbose) return;
  for (const r of rows) {
    const blocked = r.verdict.action === 'block';
    if (blocked === (r.e.label === 1)) continue;
    console.log(`${blocked ? 'FP' : 'FN'} [${r.e.split}] ${r.e.text}\n   ${r.verdict.reason}`);
  }
}
