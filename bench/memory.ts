import { child, tsxChild } from './child-process';
import type { BenchContext } from './context';
import { emptyResult, type SectionResult } from './report';

/** What a child with nothing loaded reports: RSS now and peak RSS (VmHWM, see measure.peakRssMb). */
const PROBE = String.raw`const m = /VmHWM:\s+(\d+) kB/.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"));
console.log(JSON.stringify({ rssMb: process.memoryUsage.rss() / 2 ** 20, peakRssMb: m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024 }));`;

export async function run(context: BenchContext): Promise<SectionResult> {
  const result = emptyResult('memory');
  context.log('memory: bare node and the API with the demo collection (child processes)');
  const bare = await child(['-e', PROBE], 60_000);
  const bareTsx = await child(['--import', 'tsx', '-e', PROBE], 60_000);
  const api = await child(tsxChild('api-memory.ts'), 10 * 60_000);
  result.tables.push({
    title:
      'API process memory (own process: PGlite, in-process queue, USE-lite, extractive answerer; demo ingested, 10 chats answered)',
    columns: ['process', 'RSS MB', 'peak RSS MB', 'peak × bare node'],
    rows: [
      ['bare node (baseline)', bare.rssMb ?? null, bare.peakRssMb ?? null, 1],
      [
        'node + tsx loader',
        bareTsx.rssMb ?? null,
        bareTsx.peakRssMb ?? null,
        (bareTsx.peakRssMb ?? 0) / (bare.peakRssMb ?? 1),
      ],
      ['API after start-up (models and DB loaded)', api.rssAfterStartMb ?? null, null, null],
      [
        `API with the demo collection (${api.chunks} chunks) after chats`,
        api.rssMb ?? null,
        api.peakRssMb ?? null,
        (api.peakRssMb ?? 0) / (bare.peakRssMb ?? 1),
      ],
    ],
  });

  // 100k chunks take minutes to index on 2 shared cores; memory is linear in n, so a smaller n is scaled.
  const n = context.quick ? 3_000 : 30_000;
  context.log(`memory: CollectionIndex with ${n} synthetic chunks (child process)`);
  const index = await child(tsxChild('index-memory.ts', String(n)), 12 * 60_000);
  const per100k = ((index.rssDeltaMb ?? 0) * 100_000) / n;
  const rawMb = (100_000 * 512 * 4) / 2 ** 20;
  result.tables.push({
    title: `RSS per 100k chunks indexed (CollectionIndex: HNSW M 16 + BM25 + catalog; 512-d vectors, 24-word texts; measured at ${n.toLocaleString('en-US')})`,
    columns: ['what', 'MB per 100k chunks', '× raw vectors'],
    rows: [
      ['raw Float32 vectors alone (baseline)', rawMb, 1],
      ['CollectionIndex, RSS delta after GC', per100k, per100k / rawMb],
      [
        '  of which V8 heap (catalog, BM25 postings, id maps)',
        ((index.heapDeltaMb ?? 0) * 100_000) / n,
        ((index.heapDeltaMb ?? 0) * 100_000) / n / rawMb,
      ],
    ],
  });
  result.notes.push(
    `Index build for ${n.toLocaleString('en-US')} chunks took ${(index.seconds ?? 0).toFixed(0)} s.`,
    'Each figure comes from its own node process, so nothing measured earlier in the suite is counted; RSS includes native memory (hnswlib, PGlite WASM, tfjs WASM).',
  );
  result.notes.push(
    `The per-100k figure is scaled linearly from ${n.toLocaleString('en-US')} chunks (HNSW, BM25 postings and the catalog all grow linearly).`,
  );
  result.data = { bare, bareTsx, api, index, per100kMb: per100k };
  return result;
}
