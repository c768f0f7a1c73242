import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunkDocument, parseDocument } from '@grounded/ingest';
import { createInProcessQueue, type JobQueue, type JobRecord } from '@grounded/jobs';
import { createUseLiteEmbedder, type Embedder } from '@grounded/retrieval';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Database,
  migrationsDir,
  runMigrations,
} from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentService } from './document-service';
import { IndexManager } from './index-manager';
import { createIngestionHandler, INGEST_JOB, type IngestResult } from './ingestion-job';
import { ChunksRepo } from './repositories/chunks-repo';
import { type Collection, CollectionsRepo } from './repositories/collections-repo';

/**
 * Issue #3, retry safety, on the real parts: the real parser and chunker, the real USE-lite
 * embedder (wrapped to fail on cue), the in-process queue with its retries, and PGlite — or the
 * real Postgres (own schema) when DATABASE_URL is set.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const schema = uniqueSchema('knowledge_ingest');
let db: Database;
let realEmbedder: Embedder;
let dataDir: string;

/** A markdown document whose sections each become one chunk (headings start chunks). */
function handbook(sections: number, seed: string): string {
  const parts = [`# ${seed} handbook`];
  for (let i = 1; i <= sections; i++) {
    parts.push(
      `## ${seed} topic ${i}`,
      `Rule ${i} of the ${seed} handbook says that request number ${i * 7} must be filed within ${i + 2} days. ` +
        `Staff in office ${i} confirm the ${seed} procedure with reference code ${seed.toUpperCase()}-${i * 13}.`,
    );
  }
  return parts.join('\n\n');
}

/** The chunk ids the real parser and chunker give these bytes for this document. */
async function expectedChunkIds(bytes: Uint8Array, documentId: string): Promise<string[]> {
  const extracted = await parseDocument(bytes, { filename: 'handbook.md', mimeType: 'text/markdown' });
  return chunkDocument(extracted, { documentKey: documentId }).chunks.map((chunk) => chunk.id);
}

async function waitFor(queue: JobQueue, jobId: string, timeoutMs = 45_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.get(jobId);
    if (job && ['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Harness {
  collection: Collection;
  documents: DocumentService;
  indexes: IndexManager;
  queue: JobQueue;
}

/** One collection with its own queue, index manager and handler, as the API container wires them. */
async function harness(
  name: string,
  embedder: Embedder,
  onChunksChanged?: (collectionId: string, indexes: IndexManager) => Promise<void>,
  indexOptions: { saveDelayMs?: number; saveMaxDelayMs?: number } = {},
): Promise<Harness> {
  const collection = await new CollectionsRepo(db).create({
    tenantId: 'default',
    name,
    embedderId: embedder.id,
    embeddingDimension: embedder.dimension,
  });
  const indexes = new IndexManager({
    chunks: new ChunksRepo(db),
    dataDir: path.join(dataDir, name),
    ...indexOptions,
  });
  const queue = createInProcessQueue({ db, backoffMs: 20, pollIntervalMs: 50 });
  await queue.startWorker({
    [INGEST_JOB]: createIngestionHandler({
      db,
      embedder,
      embedBatchSize: 8,
      onChunksChanged: (collectionId) =>
        onChunksChanged ? onChunksChanged(collectionId, indexes) : indexes.sync(collectionId),
    }),
  });
  return { collection, documents: new DocumentService({ db, queue, indexes }), indexes, queue };
}

async function chunkRows(documentId: string): Promise<{ id: string; created_at: string }[]> {
  const { rows } = await db.query<{ id: string; created_at: Date | string }>(
    'select id, created_at from chunks where document_id = $1 order by id',
    [documentId],
  );
  return rows.map((row) => ({ id: row.id, created_at: new Date(row.created_at).toISOString() }));
}

async function changeLog(collectionId: string): Promise<{ chunk_id: string; op: string }[]> {
  const { rows } = await db.query<{ chunk_id: string; op: string }>(
    'select chunk_id, op from chunk_changes where collection_id = $1 order by seq',
    [collectionId],
  );
  return rows;
}

/** Replays the change log the way an index does: the last op per chunk wins. */
function replay(log: { chunk_id: string; op: string }[]): string[] {
  const last = new Map<string, string>();
  for (const change of log) last.set(change.chunk_id, change.op);
  return [...last]
    .filter(([, op]) => op === 'upsert')
    .map(([id]) => id)
    .sort();
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'grounded-knowledge-'));
  db = DATABASE_URL
    ? await createPostgresDatabase({ connectionString: DATABASE_URL, schema })
    : await createPgliteDatabase();
  await runMigrations(db, { dir: migrationsDir() });
  realEmbedder = await createUseLiteEmbedder();
});

afterAll(async () => {
  await realEmbedder?.close();
  await db?.close();
  if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
  await rm(dataDir, { recursive: true, force: true });
});

describe('ingestion job retries (issue #3)', () => {
  it('a job whose embedder fails after the first batch is retried and leaves no duplicates', async () => {
    let calls = 0;
    let failed = false;
    const flaky: Embedder = {
      id: realEmbedder.id,
      dimension: realEmbedder.dimension,
      async embed(texts, options) {
        calls++;
        // Attempt 1: the first batch succeeds, the second throws (a crashed model, an OOM…).
        if (calls === 2 && !failed) {
          failed = true;
          throw new Error('embedder crashed mid-document');
        }
        return realEmbedder.embed(texts, options);
      },
      close: async () => undefined,
    };
    const h = await harness('retry-embed', flaky);
    const bytes = new TextEncoder().encode(handbook(20, 'alpha'));
    const { document, job } = await h.documents.upload({
      tenantId: 'default',
      collectionId: h.collection.id,
      bytes,
      filename: 'handbook.md',
      mimeType: 'text/markdown',
    });
    const done = await waitFor(h.queue, job!.id);
    await h.queue.close();

    expect(failed).toBe(true);
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const expected = (await expectedChunkIds(bytes, document.id)).sort();
    expect(expected.length).toBeGreaterThanOrEqual(20);
    const result = done.result as IngestResult;
    expect(result.chunks).toBe(expected.length);
    // Issue #16: attempt 1's finished batch (8 texts) was kept in the embedding cache, so attempt
    // 2 resumed after it and embedded only the rest; no chunk row of attempt 1 was kept.
    expect(result.embedded).toBe(expected.length - 8);
    expect(result.reused).toBe(8);
    expect(calls).toBe(2 + Math.ceil((expected.length - 8) / 8));

    const rows = await chunkRows(document.id);
    expect(rows.map((row) => row.id)).toEqual(expected);
    const log = await changeLog(h.collection.id);
    // One upsert per chunk, no orphaned deletes: attempt 1 wrote nothing to the log.
    expect(log.filter((c) => c.op === 'upsert')).toHaveLength(expected.length);
    expect(log.filter((c) => c.op === 'delete')).toHaveLength(0);
    expect(replay(log)).toEqual(expected);
    const index = await h.indexes.ready(h.collection);
    expect(index.stats().chunks).toBe(expected.length);
    for (const id of expected) expect(index.has(id)).toBe(true);
  });

  it('a job that fails after its transaction committed converges on retry: same rows, nothing re-embedded', async () => {
    let failures = 0;
    let embeddedTexts = 0;
    const counting: Embedder = {
      id: realEmbedder.id,
      dimension: realEmbedder.dimension,
      async embed(texts, options) {
        embeddedTexts += texts.length;
        return realEmbedder.embed(texts, options);
      },
      close: async () => undefined,
    };
    let rowsAfterFirstCommit: { id: string; created_at: string }[] = [];
    let documentId = '';
    const h = await harness('retry-commit', counting, async (collectionId, indexes) => {
      if (failures === 0) {
        failures++;
        // The chunks are committed; the worker dies before it can report success.
        rowsAfterFirstCommit = await chunkRows(documentId);
        throw new Error('worker lost after commit');
      }
      await indexes.sync(collectionId);
    });
    const bytes = new TextEncoder().encode(handbook(12, 'beta'));
    const upload = await h.documents.upload({
      tenantId: 'default',
      collectionId: h.collection.id,
      bytes,
      filename: 'handbook.md',
      mimeType: 'text/markdown',
    });
    documentId = upload.document.id;
    const done = await waitFor(h.queue, upload.job!.id);
    await h.queue.close();

    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const expected = (await expectedChunkIds(bytes, documentId)).sort();
    expect(rowsAfterFirstCommit.map((row) => row.id)).toEqual(expected);
    const result = done.result as IngestResult;
    expect(result).toMatchObject({ status: 'ready', chunks: expected.length, embedded: 0, removed: 0 });
    expect(embeddedTexts).toBe(expected.length);
    // The very rows of attempt 1 survive (same ids, same creation times): updated, not re-inserted.
    expect(await chunkRows(documentId)).toEqual(rowsAfterFirstCommit);
    const log = await changeLog(h.collection.id);
    expect(replay(log)).toEqual(expected);
    expect(log.filter((c) => c.op === 'delete')).toHaveLength(0);
    const index = await h.indexes.ready(h.collection);
    expect(index.stats().chunks).toBe(expected.length);
    const { rows } = await db.query<{ status: string }>('select status from documents where id = $1', [
      documentId,
    ]);
    expect(rows[0]?.status).toBe('ready');
  });

  it('embeds a text once across documents and collections that share the embedder (issue #16)', async () => {
    let embeddedTexts = 0;
    const counting: Embedder = {
      id: realEmbedder.id,
      dimension: realEmbedder.dimension,
      async embed(texts, options) {
        embeddedTexts += texts.length;
        return realEmbedder.embed(texts, options);
      },
      close: async () => undefined,
    };
    const bytes = new TextEncoder().encode(handbook(12, 'gamma'));
    const first = await harness('dedup-a', counting);
    const a = await first.documents.upload({
      tenantId: 'default',
      collectionId: first.collection.id,
      bytes,
      filename: 'gamma.md',
      mimeType: 'text/markdown',
    });
    const doneA = await waitFor(first.queue, a.job!.id);
    await first.queue.close();
    const chunks = (doneA.result as IngestResult).chunks!;
    expect((doneA.result as IngestResult).embedded).toBe(chunks);
    expect(embeddedTexts).toBe(chunks);

    // Same text in another collection built by the same embedder: nothing is embedded again,
    // and the stored vectors are the ones the first collection has.
    const second = await harness('dedup-b', counting);
    const b = await second.documents.upload({
      tenantId: 'default',
      collectionId: second.collection.id,
      bytes,
      filename: 'gamma.md',
      mimeType: 'text/markdown',
    });
    const doneB = await waitFor(second.queue, b.job!.id);
    await second.queue.close();
    expect(doneB.status).toBe('succeeded');
    expect((doneB.result as IngestResult).chunks).toBe(chunks);
    expect((doneB.result as IngestResult).embedded).toBe(0);
    expect((doneB.result as IngestResult).reused).toBe(chunks);
    expect(embeddedTexts).toBe(chunks);
    const vectors = async (documentId: string) =>
      (
        await db.query<{ ordinal: number; embedding: Uint8Array }>(
          'select ordinal, embedding from chunks where document_id = $1 order by ordinal',
          [documentId],
        )
      ).rows.map((row) => Buffer.from(row.embedding).toString('hex'));
    expect(await vectors(b.document.id)).toEqual(await vectors(a.document.id));
    expect((await vectors(a.document.id)).length).toBe(chunks);

    // Deletion that really deletes: the cached vectors of A's text go with A (B, which reused
    // them, keeps its own chunks and vectors).
    const hashes = (
      await db.query<{ text_hash: string }>('select text_hash from embedding_cache where document_id = $1', [
        a.document.id,
      ])
    ).rows.map((row) => row.text_hash);
    expect(hashes.length).toBe(chunks);
    const receipt = await first.documents.delete({ tenantId: 'default' }, first.collection.id, a.document.id);
    expect(receipt.removedFrom).toContain('postgres:embedding_cache');
    const left = await db.query('select 1 from embedding_cache where text_hash = any($1::text[])', [hashes]);
    expect(left.rows).toEqual([]);
    expect((await vectors(b.document.id)).length).toBe(chunks);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the saved index after a deletion', () => {
  /** A collection of two documents, loaded and saved; `saved` reads every file of the copy. */
  async function savedCollection(
    name: string,
    indexOptions: { saveDelayMs?: number; saveMaxDelayMs?: number } = {},
  ) {
    const h = await harness(name, realEmbedder, undefined, indexOptions);
    const upload = async (seed: string) => {
      const { document, job } = await h.documents.upload({
        tenantId: 'default',
        collectionId: h.collection.id,
        bytes: new TextEncoder().encode(handbook(4, seed)),
        filename: `${seed}.md`,
        mimeType: 'text/markdown',
      });
      expect((await waitFor(h.queue, job!.id)).status).toBe('succeeded');
      return document.id;
    };
    const gone = await upload('quillfeather');
    const kept = await upload('marrowvale');
    await h.indexes.ready(h.collection);
    await h.indexes.flush();
    const dir = path.join(dataDir, name, h.collection.id);
    const saved = async () => {
      const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
      const bytes = await Promise.all(
        files.filter((f) => f.isFile()).map((f) => readFile(path.join(f.parentPath, f.name), 'latin1')),
      );
      return bytes.join('\n').toLowerCase();
    };
    expect(await saved()).toContain('quill');
    return { h, gone, kept, dir, saved };
  }

  it('holds no deleted text once the deletion returns, and is rewritten without it soon after', async () => {
    const { h, gone, dir, saved } = await savedCollection('resave');
    await h.documents.delete({ tenantId: 'default' }, h.collection.id, gone);
    // Before any re-save: the copy that held the text is gone already.
    expect(await saved()).not.toContain('quill');
    await h.indexes.whenSaved();
    await h.queue.close();
    const left = await saved();
    expect(left).not.toContain('quill');
    expect(left).toContain('marrow');
    const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as { chunkCount: number };
    expect(state.chunkCount).toBe((await h.indexes.ready(h.collection)).stats().chunks);
  });

  it('is not written back into the folder of a collection forgotten while it was being saved', async () => {
    const { h, gone, dir } = await savedCollection('resave-forget');
    // The re-save pauses inside the index's own save, after it started writing.
    const index = await h.indexes.ready(h.collection);
    const save = index.save.bind(index);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inSave = new Promise<void>((resolve) => {
      entered = resolve;
    });
    index.save = async (at: string) => {
      entered();
      await gate;
      return save(at);
    };
    await h.documents.delete({ tenantId: 'default' }, h.collection.id, gone);
    const saving = h.indexes.whenSaved();
    await inSave;
    const forgetting = h.indexes.forget(h.collection.id);
    await sleep(50);
    release();
    await forgetting;
    await saving;
    await h.queue.close();
    expect(await readdir(dir).catch(() => null)).toBeNull();
  });

  it('is written no later than the maximum delay while removals keep coming', async () => {
    const { h, gone, saved } = await savedCollection('resave-max', { saveDelayMs: 300, saveMaxDelayMs: 700 });
    const index = await h.indexes.ready(h.collection);
    const save = index.save.bind(index);
    const saves: number[] = [];
    index.save = (at: string) => {
      saves.push(Date.now());
      return save(at);
    };
    await h.documents.delete({ tenantId: 'default' }, h.collection.id, gone);
    const started = Date.now();
    // A removal every 150 ms for 1.8 s: the 300 ms pause never comes.
    while (Date.now() - started < 1800) {
      await sleep(150);
      await db.query(
        `insert into chunk_changes (collection_id, chunk_id, op) values ($1, 'no-such-chunk', 'delete')`,
        [h.collection.id],
      );
      await h.indexes.sync(h.collection.id);
    }
    // Without the maximum the 300 ms pause never comes while removals keep arriving, so no save
    // would have run yet (no bound on when: timers slip on a loaded machine).
    expect(saves.length).toBeGreaterThan(0);
    await h.indexes.whenSaved();
    expect(await saved()).toContain('marrow');
    await h.queue.close();
  });

  it('is written once removals pause: each removal restarts the delay, up to a maximum', async () => {
    const { h, gone, kept, saved } = await savedCollection('resave-debounce', {
      saveDelayMs: 400,
      saveMaxDelayMs: 1500,
    });
    await h.documents.delete({ tenantId: 'default' }, h.collection.id, gone);
    const started = Date.now();
    // Another removal at ~250 ms: the delay restarts, so nothing is written at ~400 ms.
    await sleep(250);
    await db.query(
      `insert into chunk_changes (collection_id, chunk_id, op) values ($1, 'no-such-chunk', 'delete')`,
      [h.collection.id],
    );
    await h.indexes.sync(h.collection.id);
    await sleep(Math.max(0, 500 - (Date.now() - started)));
    if (Date.now() - started < 600) expect(await saved()).toBe('');
    await sleep(600);
    expect(await saved()).toContain('marrow');
    expect(kept).toBeTruthy();
    await h.queue.close();
  });
});
