import { createUseLiteEmbedder, type Embedder } from '@grounded/retrieval';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Database,
  migrationsDir,
  type Queryable,
  runMigrations,
} from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentService } from './document-service';
import { IndexManager } from './index-manager';
import { createIngestionHandler } from './ingestion-job';
import { ChunksRepo } from './repositories/chunks-repo';
import { CollectionsRepo } from './repositories/collections-repo';
import { DocumentsRepo } from './repositories/documents-repo';

/**
 * The index tails `chunk_changes` by sequence number. Two chunk-writing transactions on one
 * collection may take their sequence numbers in one order and commit in the other; a tail that
 * read the later one first would skip the earlier one for good. Only real Postgres runs the two
 * transactions concurrently (PGlite serialises them), so only there can this test fail.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const schema = uniqueSchema('knowledge_tail');
let db: Database;
let embedder: Embedder;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The same database, but the next transaction that logs chunk changes pauses right after it. */
function pausingDatabase(inner: Database, paused: () => void, gate: Promise<void>): Database {
  let armed = true;
  const wrap = (tx: Queryable): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const result = await tx.query<R>(sql, params);
      if (armed && /insert into chunk_changes/i.test(sql)) {
        armed = false;
        paused();
        await gate;
      }
      return result;
    },
    exec: (sql: string) => tx.exec(sql),
  });
  const outer = Object.create(inner) as Database;
  return Object.assign(outer, {
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => inner.transaction((tx) => fn(wrap(tx))),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = DATABASE_URL
    ? await createPostgresDatabase({ connectionString: DATABASE_URL, schema })
    : await createPgliteDatabase();
  await runMigrations(db, { dir: migrationsDir() });
  embedder = await createUseLiteEmbedder();
});

afterAll(async () => {
  await embedder?.close();
  await db?.close();
  if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
});

describe('IndexManager tailing chunk_changes', () => {
  it('never skips a change whose transaction commits after a later-numbered one', async () => {
    const collection = await new CollectionsRepo(db).create({
      tenantId: 'default',
      name: 'tail',
      embedderId: embedder.id,
      embeddingDimension: embedder.dimension,
    });
    const indexes = new IndexManager({ chunks: new ChunksRepo(db) });
    const documents = new DocumentsRepo(db);
    const noQueue = {} as never; // the handler is called directly, as a worker would
    const context = {
      jobId: 'j',
      attempt: 1,
      signal: new AbortController().signal,
      reportProgress: async () => {},
    };
    const create = (text: string) =>
      documents.create({
        collectionId: collection.id,
        tenantId: 'default',
        contentHash: text,
        bytes: new TextEncoder().encode(text),
        filename: 'note.txt',
      });

    const b = await create('Document B: the old canteen menu lists soup on Mondays.');
    await createIngestionHandler({ db, embedder })({ documentId: b.id, contentHash: b.contentHash }, context);
    await indexes.ready(collection);
    const bChunks = await new ChunksRepo(db).listForDocument(b.id, { limit: 100, offset: 0 });
    expect(bChunks.length).toBeGreaterThan(0);

    // A's ingestion takes its change numbers, then stalls before committing…
    const a = await create('Document A: the new parking garage opens at six in the morning.');
    const paused = deferred();
    const gate = deferred();
    const slow = pausingDatabase(db, paused.resolve, gate.promise);
    const ingestA = createIngestionHandler({ db: slow, embedder })(
      { documentId: a.id, contentHash: a.contentHash },
      context,
    );
    await paused.promise;
    // …while B's deletion takes later numbers; the index catches up in between.
    const deleteB = new DocumentService({ db, queue: noQueue, indexes }).delete(
      { tenantId: 'default' },
      collection.id,
      b.id,
    );
    await sleep(300);
    await Promise.race([indexes.sync(collection.id), sleep(1000)]);
    gate.resolve();
    await ingestA;
    await deleteB;
    await indexes.sync(collection.id);

    const index = await indexes.ready(collection);
    const aChunks = await new ChunksRepo(db).listForDocument(a.id, { limit: 100, offset: 0 });
    expect(aChunks.length).toBeGreaterThan(0);
    for (const chunk of aChunks) expect(index.has(chunk.id), 'A is searchable').toBe(true);
    for (const chunk of bChunks) expect(index.has(chunk.id), 'B is gone').toBe(false);
    expect(index.stats().chunks).toBe(await new ChunksRepo(db).countForCollection(collection.id));
  });
});

describe('IndexManager following other processes (issue #16: scale-out)', () => {
  it("applies another process's chunk writes without a search, and reports ids equal to Postgres", async () => {
    const collection = await new CollectionsRepo(db).create({
      tenantId: 'default',
      name: 'follow',
      embedderId: embedder.id,
      embeddingDimension: embedder.dimension,
    });
    const chunks = new ChunksRepo(db);
    // The API replica: it loaded the (empty) index at start-up and has not searched since.
    const replica = new IndexManager({ chunks });
    await replica.ready(collection);
    const stopFollowing = replica.follow(50);
    try {
      // A worker (the ingestion handler, with no link to the replica's manager) writes chunks.
      const text = 'The follow-up document says the lighthouse lamp is replaced every ninety days.';
      const document = await new DocumentsRepo(db).create({
        collectionId: collection.id,
        tenantId: 'default',
        contentHash: text,
        bytes: new TextEncoder().encode(text),
        filename: 'follow.txt',
      });
      await createIngestionHandler({ db, embedder })(
        { documentId: document.id, contentHash: document.contentHash },
        { jobId: 'follow', attempt: 1, signal: new AbortController().signal, reportProgress: async () => {} },
      );
      const stored = (await chunks.idsForCollection(collection.id)).sort();
      expect(stored.length).toBeGreaterThan(0);
      const deadline = Date.now() + 5000;
      let held: string[] = [];
      while (Date.now() < deadline) {
        const contents = await replica.contents(collection, { catchUp: false });
        held = [...(contents?.ids.vectors ?? [])].sort();
        if (held.length === stored.length) break;
        await sleep(25);
      }
      // Without any `ready()` (a search) since the write: the follower applied it.
      expect(held).toEqual(stored);
      const contents = await replica.contents(collection, { catchUp: false });
      expect([...(contents?.ids.bm25 ?? [])].sort()).toEqual(stored);
      expect([...(contents?.ids.catalog ?? [])].sort()).toEqual(stored);
      expect(contents?.lastSeq).toBe(await chunks.latestChangeSeq(collection.id));
      // Caught up: nothing left to apply to it. (Other collections in this database, which the
      // follower loads as it would at start-up, may still be loading in a round of its own.)
      expect(await replica.catchUpAll()).not.toContain(collection.id);
    } finally {
      stopFollowing();
    }
  });

  it('loads a collection another process created, and drops one another process deleted', async () => {
    const chunks = new ChunksRepo(db);
    const collections = new CollectionsRepo(db);
    const replica = new IndexManager({ chunks });
    // Start-up: whatever exists is loaded.
    await replica.catchUpAll();
    const created = await collections.create({
      tenantId: 'default',
      name: 'created-elsewhere',
      embedderId: embedder.id,
      embeddingDimension: embedder.dimension,
    });
    expect(await replica.contents(created, { catchUp: false })).toBeNull();
    expect(await replica.catchUpAll()).toEqual([created.id]);
    expect(await replica.contents(created, { catchUp: false })).toMatchObject({ embedderId: embedder.id });
    await collections.delete('default', created.id);
    expect(await replica.catchUpAll()).toEqual([created.id]);
    expect(await replica.contents(created, { catchUp: false })).toBeNull();
  });
});

describe('IndexManager catch-ups under concurrent searches (issue #16)', () => {
  it('shares one change-log read among searches waiting at once, and never misses a write made before a search', async () => {
    const collection = await new CollectionsRepo(db).create({
      tenantId: 'default',
      name: 'coalesce',
      embedderId: embedder.id,
      embeddingDimension: embedder.dimension,
    });
    const repo = new ChunksRepo(db);
    let reads = 0;
    const counting = Object.assign(Object.create(repo) as ChunksRepo, {
      changesSince: (...args: Parameters<ChunksRepo['changesSince']>) => {
        reads++;
        return repo.changesSince(...args);
      },
    });
    const indexes = new IndexManager({ chunks: counting });
    await indexes.ready(collection);
    reads = 0;
    await Promise.all(Array.from({ length: 50 }, () => indexes.ready(collection)));
    // One read runs, one waits and serves every later caller (plus its empty re-read).
    expect(reads).toBeLessThanOrEqual(4);

    // A write committed before a search is in the index that search gets, even while other
    // searches' catch-ups are in flight.
    const text = 'The coalescing note says the boiler is serviced every October.';
    const document = await new DocumentsRepo(db).create({
      collectionId: collection.id,
      tenantId: 'default',
      contentHash: text,
      bytes: new TextEncoder().encode(text),
      filename: 'coalesce.txt',
    });
    const inFlight = Array.from({ length: 10 }, () => indexes.ready(collection));
    await createIngestionHandler({ db, embedder })(
      { documentId: document.id, contentHash: document.contentHash },
      { jobId: 'coalesce', attempt: 1, signal: new AbortController().signal, reportProgress: async () => {} },
    );
    const index = await indexes.ready(collection);
    await Promise.all(inFlight);
    const written = await repo.listForDocument(document.id, { limit: 100, offset: 0 });
    expect(written.length).toBeGreaterThan(0);
    for (const chunk of written) expect(index.has(chunk.id)).toBe(true);
  });
});
