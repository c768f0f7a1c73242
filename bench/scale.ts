import type { ScaleOutFigures } from '../apps/api/test/reliability/scale-out';
import { child } from './child-process';
import type { BenchContext } from './context';
import { emptyResult, type SectionResult } from './report';

/**
 * Issue #16, point 5 (`npm run bench -- --only scale`): two API processes and two workers on
 * PostgreSQL + Redis, real processes (apps/api/test/reliability/scale-out.ts, run here as a child;
 * the e2e test runs a shorter variant of the same code and asserts). Prints: how soon a document
 * uploaded through one API is found through the other after its job finished; how long the second
 * worker takes to finish a large document after the first is SIGKILLed part-way through, and
 * whether any chunk was lost or duplicated against a clean run; whether both APIs' catalog, HNSW
 * and BM25 hold exactly Postgres's chunk ids. The full run keeps BullMQ's default lock and stalled
 * check (30 s each, what a deployment gets unless it sets QUEUE_LOCK_MS / QUEUE_STALLED_CHECK_MS);
 * `--quick` shortens them as the test does.
 */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

export async function run(context: BenchContext): Promise<SectionResult> {
  const result = emptyResult('scale');
  if (!context.env.databaseUrl || !context.env.redisUrl) {
    result.notes.push('skipped: the scale-out proof needs DATABASE_URL and REDIS_URL');
    return result;
  }
  const options = context.quick
    ? { largeChunks: 96, propagationSamples: 4, lockMs: 5000, stalledCheckMs: 2000, killAt: 0.3 }
    : { largeChunks: 400, propagationSamples: 10, lockMs: 30_000, stalledCheckMs: 30_000, killAt: 0.4 };
  context.log(`scale: 2 APIs + 2 workers, ${JSON.stringify(options)}`);
  const figures = await child<ScaleOutFigures>(
    ['--import', 'tsx', 'apps/api/test/reliability/scale-out.ts', JSON.stringify(options)],
    20 * 60_000,
  );
  result.data = { options, ...figures };
  const { propagation, crash, indexes } = figures;
  const worstPropagation = Math.max(...propagation.afterJobFinishedMs);
  result.tables.push({
    title: `propagation: ${propagation.afterJobFinishedMs.length} documents, each uploaded through one API and searched for (BM25, every 20 ms) through the other`,
    columns: ['figure', 'median', 'max'],
    rows: [
      [
        'found after its job finished (ms; < 0: before the job was recorded finished)',
        median(propagation.afterJobFinishedMs),
        worstPropagation,
      ],
      [
        "in the uploading API's index, never searched, after its job finished (ms; the follower)",
        median(propagation.followerAfterJobFinishedMs),
        Math.max(...propagation.followerAfterJobFinishedMs),
      ],
      [
        'found after the upload answered (ms)',
        median(propagation.afterUploadMs),
        Math.max(...propagation.afterUploadMs),
      ],
      [
        'the search that first found it took (ms)',
        median(propagation.firstSearchMs),
        Math.max(...propagation.firstSearchMs),
      ],
    ],
  });
  result.tables.push({
    title: `a worker SIGKILLed part-way through a ${crash.chunks}-chunk document (BullMQ lock ${options.lockMs} ms, stalled check ${options.stalledCheckMs} ms)`,
    columns: ['figure', 'value'],
    rows: [
      ['chunks embedded when killed', crash.embeddedAtKill],
      ['kill → the other worker runs the job (s)', crash.takeoverSeconds],
      ['kill → job succeeded (s)', crash.recoverySeconds],
      [
        'chunks the survivor embedded / reused from the cache',
        `${crash.embeddedBySurvivor} / ${crash.reusedBySurvivor}`,
      ],
      ['job status, attempts', `${crash.jobStatus}, ${crash.attempts}`],
      ['chunk rows stored / a clean run makes', `${crash.storedChunks} / ${crash.cleanChunks}`],
      ['lost', crash.lost],
      ['duplicated', crash.duplicated],
      [
        "in each API's index, without a search, after the job finished, A / B (ms)",
        `${crash.followerAppliedMs.A.toFixed(0)} / ${crash.followerAppliedMs.B.toFixed(0)}`,
      ],
      [
        'then the first search for it, API A / B (ms)',
        `${crash.firstSearchAfterMs.A.toFixed(0)} / ${crash.firstSearchAfterMs.B.toFixed(0)}`,
      ],
    ],
  });
  result.tables.push({
    title:
      "each API process's index against Postgres (GET /v1/collections/:id/index), as the follower and searches left it, then caught up",
    columns: [
      'API',
      'collection',
      'Postgres',
      'catalog',
      'HNSW',
      'BM25',
      'missing',
      'extra',
      'equal as it stood',
      'equal',
    ],
    rows: indexes.map((check) => [
      check.api,
      check.collection,
      check.postgres,
      check.catalog,
      check.hnsw,
      check.bm25,
      check.missing,
      check.extra,
      String(check.equalWithoutCatchUp),
      String(check.equal),
    ]),
  });
  result.notes.push(
    `4 processes started and the first document searchable ${figures.startupSeconds.toFixed(1)} s after launch.`,
  );
  result.goals.push(
    {
      name: 'a document uploaded through API A is searchable through API B after its job finishes',
      target: '≤ 2000 ms',
      measured: `max ${worstPropagation} ms over ${propagation.afterJobFinishedMs.length}`,
      met: worstPropagation <= 2000,
    },
    {
      name: 'a worker SIGKILLed mid-document: the other finishes it',
      target: 'succeeded, 0 lost, 0 duplicated',
      measured: `${crash.jobStatus}, ${crash.lost} lost, ${crash.duplicated} duplicated, ${crash.recoverySeconds.toFixed(1)} s after the kill`,
      met: crash.jobStatus === 'succeeded' && crash.lost === 0 && crash.duplicated === 0,
    },
    {
      name: "both API processes' HNSW and BM25 indexes equal Postgres",
      target: 'same chunk ids per collection',
      measured: `${indexes.filter((check) => check.equal).length}/${indexes.length} equal (${indexes.filter((check) => check.equalWithoutCatchUp).length}/${indexes.length} before a catch-up)`,
      met: indexes.every((check) => check.equal),
    },
  );
  return result;
}
