import process from 'node:process';

/**
 * `npm run eval -- <suite> [args…]`. Each suite is a module `eval/<suite>.ts` exporting
 * `run(args)`, which prints its own table. Suites read public data from ../shared/eval.
 */
const [suite, ...args] = process.argv.slice(2);
const suites = [
  'retrieval',
  'guardrails',
  'guardrails-train',
  'guardrails-rules',
  'guardrails-lookalike-dev',
  'guardrails-split-turns',
  'sentiment',
  'summarize',
  'translate',
  'documents',
  'answering',
  'gaps',
  'safety-default',
  'hate-zh',
  'toxicity-targets',
];

if (!suite || !suites.includes(suite)) {
  console.error(`usage: npm run eval -- <${suites.join('|')}> [options]`);
  process.exit(2);
}
const mod = (await import(`./${suite}.ts`)) as { run(args: string[]): Promise<void> };
await mod.run(args);
