import { findInjectionHits, rulesScore, textVariants } from '@grounded/guardrails';
import { type InjectionExample, isQuestion, loadInjectionExamples } from './guardrails-injection-data';

/**
 * `npm run eval -- guardrails-rules [--verbose]`: the injection rules ALONE (no learned model) on the
 * data a rule change may be guided by (issue #19, rule precision): the train split's benign messages
 * (own look-alike questions, injection-train-3/-4 included, and NQ/SQuAD/CMRC questions), the realistic
 * test questions (NQ-open efficientQA, SQuAD Rhine, CMRC dev, blind-4 look-alikes: the 1,324 the
 * ≤ 2.5 % target is measured on), and the train split's message attacks for the rules' recall. No blind
 * set (blind-5, -6, -7, holdout-2, the look-alike held-out set) is read here.
 */
export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const all = loadInjectionExamples();
  const trainMessages = all.filter((e) => e.split === 'train' && e.kind === 'message');
  const sets: [string, InjectionExample[]][] = [
    [
      'train benign, own sets and look-alikes',
      trainMessages.filter(
        (e) =>
          (e.label === 0 && e.source.startsWith('own-')) ||
          (e.label === 0 && ['customer-questions', 'blind-3', 'injection-train-2'].includes(e.source)),
      ),
    ],
    [
      'train benign, NQ/SQuAD/CMRC questions',
      trainMessages.filter((e) => e.label === 0 && ['nq-open', 'squad', 'cmrc'].includes(e.source)),
    ],
    ['realistic test questions (1,324)', all.filter((e) => e.split === 'test' && isQuestion(e))],
    ['train message attacks', trainMessages.filter((e) => e.label === 1)],
    [
      'train message attacks, families the rules were not written on',
      trainMessages.filter((e) => e.label === 1 && e.source !== 'own-dev' && e.source !== 'own-holdout-1'),
    ],
  ];
  const byRule = new Map<string, { benign: number; attacks: number; only: number }>();
  for (const [name, xs] of sets) {
    let blocked = 0;
    for (const e of xs) {
      const hits = findInjectionHits(textVariants(e.text), false);
      const score = rulesScore(hits);
      if (score >= 0.5) blocked++;
      if (name.startsWith('train message attacks,')) continue;
      for (const id of new Set(hits.map((h) => h.rule))) {
        const r = byRule.get(id) ?? { benign: 0, attacks: 0, only: 0 };
        if (e.label === 0) r.benign++;
        else {
          r.attacks++;
          if (new Set(hits.map((h) => h.rule)).size === 1) r.only++;
        }
        byRule.set(id, r);
      }
      if (verbose && e.label === 0 && hits.length > 0)
        console.log(
          `  ${score >= 0.5 ? 'BLOCK' : 'weak '} [${e.source}/${e.family}] ${e.text.slice(0, 140)} :: ${hits.map((h) => `${h.rule}="${e.text.slice(h.span.start, h.span.end)}"`).join('; ')}`,
        );
      if (verbose && e.label === 1 && score < 0.5)
        console.log(`  MISS [${e.source}/${e.family}] ${e.text.slice(0, 140)}`);
    }
    console.log(
      `${name}: ${blocked} of ${xs.length} blocked (${((100 * blocked) / Math.max(1, xs.length)).toFixed(1)} %)`,
    );
  }
  console.log('rule: benign texts it fires on / attacks it fires on (attacks where it is the only rule)');
  for (const [id, r] of [...byRule].sort((a, b) => b[1].benign - a[1].benign))
    console.log(`  ${id}: ${r.benign} / ${r.attacks} (${r.only})`);
}
