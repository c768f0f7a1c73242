import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchContext, createContext, log } from './context';
import { emptyResult, markdownSection, type SectionResult } from './report';

/**
 * `npm run bench [-- --quick] [--only embedding,vector,…] [--million]`: prints one Markdown table
 * per measurement and writes every figure to bench/results/latest.json (plus a timestamped copy
 * that git ignores). Each section module exports `run(context)`; each figure comes with its
 * baseline measured in the same run, because absolute times on a shared machine drift.
 */
const SECTIONS = [
  'embedding',
  'vector',
  'hybrid',
  'chat',
  'http',
  'jobs',
  'memory',
  'sentiment-batch',
  'load',
  'ingest-under-load',
  'scale',
] as const;
type Section = (typeof SECTIONS)[number];
/**
 * Run only when named in --only: sentiment-batch (issue #6) and load (issue #7: 50 clients for
 * 60 s) are newer than the 15-minute budget, and so are ingest-under-load and scale (issue #16;
 * scale needs DATABASE_URL and REDIS_URL).
 */
const OPT_IN: readonly Section[] = ['sentiment-batch', 'load', 'ingest-under-load', 'scale'];

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean', default: false },
    million: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    `usage: npm run bench -- [--quick] [--only ${SECTIONS.join(',')}] [--million]\n${OPT_IN.join(', ')} runs only when named in --only; --million adds the 1M-vector case.`,
  );
  process.exit(0);
}
const wanted = values.only
  ? values.only.split(',').map((s) => s.trim())
  : SECTIONS.filter((s) => !OPT_IN.includes(s));
const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length > 0) {
  console.error(`unknown section(s): ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  process.exit(2);
}

function gitRevision(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
};
const startedAt = new Date();
console.log(
  `# grounded benchmarks (${values.quick ? 'quick' : 'full'}${values.million ? ', with 1M vectors' : ''})\n\n` +
    `${startedAt.toISOString()} · git ${gitRevision() ?? '?'} · node ${machine.node} · ${machine.cpus} CPUs (${machine.cpuModel}) · ` +
    `${machine.memoryGb} GB · load average at start ${machine.loadAverageAtStart.join(' / ')}\n\n` +
    'Absolute figures drift on a shared machine; read the ratios against the baseline measured in the same run.\n',
);

const env = {
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
};
const context: BenchContext = createContext({ quick: values.quick, million: values.million, env });
const results: SectionResult[] = [];
for (const section of SECTIONS) {
  if (!wanted.includes(section)) continue;
  log(`section ${section}…`);
  const started = performance.now();
  let result: SectionResult;
  try {
    const mod = (await import(`./${section}.ts`)) as { run(context: BenchContext): Promise<SectionResult> };
    result = await mod.run(context);
  } catch (error) {
    result = emptyResult(section as Section);
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  result.seconds = (performance.now() - started) / 1000;
  results.push(result);
  console.log(`${markdownSection(result)}\n`);
}
await context.close();

const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;
const goals = results.flatMap((r) => r.goals.map((g) => ({ section: r.section, ...g })));
console.log(
  `Total ${totalSeconds.toFixed(0)} s; load average at end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`,
);
const report = {
  startedAt: startedAt.toISOString(),
  totalSeconds,
  mode: values.quick ? 'quick' : 'full',
  million: values.million,
  sections: wanted,
  git: gitRevision(),
  machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  goals,
  results,
};
const dir = path.join(import.meta.dirname, 'results');
await mkdir(dir, { recursive: true });
const json = `${JSON.stringify(report, null, 2)}\n`;
await writeFile(path.join(dir, 'latest.json'), json);
await writeFile(path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), json);
log(`wrote ${path.join(dir, 'latest.json')}`);
// Native handles (tfjs, PGlite, hnswlib) can keep the loop alive after close; the run is over.
process.exit(results.some((r) => r.error) ? 1 : 0);
