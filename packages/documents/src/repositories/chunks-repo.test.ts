import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Database,
  migrationsDir,
  runMigrations,
} from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunksRepo, type StoredChunk } from './chunks-repo';
import { CollectionsRepo } from './collections-repo';
import { DocumentsRepo } from './documents-repo';

/**
 * Issue #16: a document's chunks are written ahead of its final transaction (`stage`) and made
 * live in it (`publish`). Until then no reader sees them; after it, exactly the new set.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const schema = uniqueSchema('chunk_stage');
let db: Database;
let repo: ChunksRepo;
let collectionId: string;

beforeAll(async () => {
  db = DATABASE_URL
    ? await createPostgresDatabase({ connectionString: DATABASE_URL, schema })
    : await createPgliteDatabase();
  await runMigrations(db, { dir: migrationsDir() });
  repo = new ChunksRepo(db);
  collectionId = (
    await new CollectionsRepo(db).create({
      tenantId: 'default',
      name: 'stage',
      embedderId: 'test',
      embeddingDimension: 4,
    })
  ).id;
});

afterAll(async () => {
  await db?.close();
  if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
});

function chunk(id: string, ordinal: number, text = `text of ${id}`): StoredChunk {
  return {
    id,
    ordinal,
    text,
    start: ordinal * 100,
    end: ordinal * 100 + 50,
    page: null,
    headingPath: [],
    parentId: null,
    tokenCount: 5,
    contentHash: `hash-${id}`,
    vector: Float32Array.from([ordinal, 1, 0, 0]),
  };
}

async function newDocument() {
  const document = await new DocumentsRepo(db).create({
    collectionId,
    tenantId: 'default',
    contentHash: `doc-${Math.random()}`,
    bytes: new TextEncoder().encode('x'),
    filename: 'x.txt',
  });
  return { documentId: document.id, collectionId, tenantId: 'default', contentHash: document.contentHash };
}

/** What every reader sees of the document: listing, views, the index feed, counts. */
async function visible(documentId: string) {
  const listed = (await repo.listForDocument(documentId, { limit: 1000, offset: 0 })).map((view) => view.id);
  const indexable: string[] = [];
  for await (const page of repo.indexableForCollection(collectionId)) {
    indexable.push(...page.filter((row) => row.documentId === documentId).map((row) => row.id));
  }
  const viewed = (await repo.views(listed.length > 0 ? listed : ['none'])).map((view) => view.id);
  return { listed, indexable: indexable.sort(), viewed: viewed.sort() };
}

async function ingest(target: Awaited<ReturnType<typeof newDocument>>, chunks: StoredChunk[]) {
  const generation = await repo.nextGeneration();
  expect(await repo.stage(target, chunks, [], generation)).toBe(true);
  const outcome = await db.transaction((tx) => repo.publish(tx, target, chunks, generation));
  expect(outcome).not.toBeNull();
  return outcome!;
}

/** The row versions of a document's chunks (Postgres' xmin changes whenever a row is rewritten). */
async function rowVersions(documentId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string; version: string }>(
    'select id, xmin::text as version from chunks where document_id = $1',
    [documentId],
  );
  return Object.fromEntries(rows.map((row) => [row.id, row.version]));
}

describe('staged chunk writes', () => {
  it('keeps staged chunks invisible until publish, then shows exactly them', async () => {
    const target = await newDocument();
    const chunks = [chunk(`${target.documentId}-a`, 0), chunk(`${target.documentId}-b`, 1)];
    const generation = await repo.nextGeneration();
    await repo.stage(target, chunks, [], generation);
    expect(await visible(target.documentId)).toEqual({ listed: [], indexable: [], viewed: [] });
    const before = await repo.countForCollection(collectionId);

    const outcome = await db.transaction((tx) => repo.publish(tx, target, chunks, generation));
    const ids = chunks.map((c) => c.id);
    expect(outcome).toEqual({ removed: [], upserted: ids });
    expect(await visible(target.documentId)).toEqual({ listed: ids, indexable: ids, viewed: ids });
    expect(await repo.countForCollection(collectionId)).toBe(before + 2);
    const logged = await repo.changesSince(collectionId, 0);
    expect(logged.filter((change) => ids.includes(change.chunkId)).map((change) => change.op)).toEqual([
      'upsert',
      'upsert',
    ]);
  });

  it('serves the old version while a new one is staged, and swaps in one step', async () => {
    const target = await newDocument();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `${target.documentId}-${name}`) as [
      string,
      string,
      string,
    ];
    await ingest(target, [chunk(a, 0), chunk(b, 1)]);

    // The new version keeps b (moved to the front), drops a, adds c.
    const next = [chunk(b, 0), chunk(c, 1)];
    const generation = await repo.nextGeneration();
    await repo.stage(target, next, [], generation);
    const during = await repo.listForDocument(target.documentId, { limit: 10, offset: 0 });
    expect(during.map((view) => [view.id, view.start])).toEqual([
      [a, 0],
      [b, 100],
    ]);

    const outcome = await db.transaction((tx) => repo.publish(tx, target, next, generation));
    expect(outcome?.removed).toEqual([a]);
    const after = await repo.listForDocument(target.documentId, { limit: 10, offset: 0 });
    expect(after.map((view) => [view.id, view.start])).toEqual([
      [b, 0],
      [c, 100],
    ]);
    // The kept chunk's vector is the one it was embedded with, not rewritten.
    const [kept] = await repo.indexableByIds([b]);
    expect([...kept!.vector]).toEqual([1, 1, 0, 0]);
  });

  it('overwrites what a crashed attempt staged and removes its leftovers at publish', async () => {
    const target = await newDocument();
    const [a, b, stray] = ['a', 'b', 'stray'].map((name) => `${target.documentId}-${name}`) as [
      string,
      string,
      string,
    ];
    // The crashed attempt staged a (with other positions) and a chunk the next attempt no longer has.
    await repo.stage(target, [chunk(a, 5), chunk(stray, 6)], [], await repo.nextGeneration());

    await ingest(target, [chunk(a, 0), chunk(b, 1)]);
    const rows = await db.query<{ id: string; start_offset: number }>(
      'select id, start_offset from chunks where document_id = $1 order by id',
      [target.documentId],
    );
    expect(rows.rows).toEqual([
      { id: a, start_offset: 0 },
      { id: b, start_offset: 100 },
    ]);
  });

  it('lets the newest attempt win: an older one stops writing and does not publish', async () => {
    const target = await newDocument();
    const chunks = [chunk(`${target.documentId}-a`, 0), chunk(`${target.documentId}-b`, 1)];
    const older = await repo.nextGeneration();
    const newer = await repo.nextGeneration();
    expect(await repo.stage(target, chunks, [], newer)).toBe(true);
    // The older attempt (say, a job still running when the document was uploaded again) arrives late.
    expect(await repo.stage(target, chunks, [], older)).toBe(false);
    expect(await db.transaction((tx) => repo.publish(tx, target, chunks, older))).toBeNull();
    const outcome = await db.transaction((tx) => repo.publish(tx, target, chunks, newer));
    expect(outcome?.upserted).toEqual(chunks.map((c) => c.id));
    expect((await visible(target.documentId)).listed).toEqual(chunks.map((c) => c.id));
  });

  it('stops an attempt part-way when a newer one claims the document, without touching its rows', async () => {
    const target = await newDocument();
    const chunks = Array.from({ length: 300 }, (_, i) => chunk(`${target.documentId}-${i}`, i));
    const first = await repo.nextGeneration();
    const second = await repo.nextGeneration();
    let claimed = false;
    const outcome = await repo.stage(target, chunks, [], first, async (written) => {
      if (written === 100 && !claimed) {
        claimed = true;
        expect(await repo.stage(target, chunks.slice(0, 150), [], second)).toBe(true);
      }
    });
    expect(outcome).toBe(false);
    const { rows } = await db.query<{ generation: string }>(
      'select generation::text from chunks where document_id = $1 and ordinal < 150',
      [target.documentId],
    );
    expect(new Set(rows.map((row) => Number(row.generation)))).toEqual(new Set([second]));
  });

  it('makes a newer claim wait for a publish in progress, so it cannot hide a published chunk', async () => {
    // Only PostgreSQL runs the two side by side; PGlite runs one statement at a time.
    if (!DATABASE_URL) return;
    const target = await newDocument();
    const chunks = [chunk(`${target.documentId}-a`, 0), chunk(`${target.documentId}-b`, 1)];
    const first = await repo.nextGeneration();
    expect(await repo.stage(target, chunks, [], first)).toBe(true);
    const second = await repo.nextGeneration();
    let late: Promise<boolean> | undefined;
    await db.transaction(async (tx) => {
      const hooked = {
        query: async (sql: string, params?: readonly unknown[]) => {
          // A second attempt (a twin job) starts staging b after publish's check, before its commit.
          if (sql.startsWith('update documents set chunk_generation') && !late) {
            late = repo.stage(target, [chunks[1]!], [], second);
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          return tx.query(sql, params as unknown[]);
        },
        exec: (sql: string) => tx.exec(sql),
      };
      return repo.publish(hooked as never, target, chunks, first);
    });
    expect(await late).toBe(true);
    expect((await visible(target.documentId)).listed).toEqual(chunks.map((c) => c.id));
    await repo.dropStaged(target.documentId, second);
    expect((await visible(target.documentId)).listed).toEqual(chunks.map((c) => c.id));
  });

  it('does not rewrite kept rows when the same chunks are published again (an ACL or tag change)', async () => {
    const target = await newDocument();
    const chunks = [chunk(`${target.documentId}-a`, 0), chunk(`${target.documentId}-b`, 1)];
    await ingest(target, chunks);
    const before = await rowVersions(target.documentId);
    const outcome = await ingest(target, chunks);
    expect(outcome.upserted).toEqual(chunks.map((c) => c.id));
    expect(await rowVersions(target.documentId)).toEqual(before);
    expect((await visible(target.documentId)).listed).toEqual(chunks.map((c) => c.id));
  });

  it('drops an attempt that will not publish, leaving the live version alone', async () => {
    const target = await newDocument();
    const live = chunk(`${target.documentId}-live`, 0);
    await ingest(target, [live]);
    const generation = await repo.nextGeneration();
    await repo.stage(target, [live, chunk(`${target.documentId}-new`, 1)], [], generation);
    await repo.dropStaged(target.documentId, generation);
    // Dropping a generation that did publish removes nothing.
    const published = await db.query<{ generation: string }>(
      'select chunk_generation::text as generation from documents where id = $1',
      [target.documentId],
    );
    await repo.dropStaged(target.documentId, Number(published.rows[0]!.generation));
    const { rows } = await db.query<{ id: string }>('select id from chunks where document_id = $1', [
      target.documentId,
    ]);
    expect(rows.map((row) => row.id)).toEqual([live.id]);
  });

  it('lets other statements run between its pages: a query sent mid-way answers before it ends', async () => {
    const target = await newDocument();
    const chunks = Array.from({ length: 1_000 }, (_, i) => chunk(`${target.documentId}-${i}`, i));
    const order: string[] = [];
    let probe: Promise<void> | undefined;
    const staging = repo
      .stage(target, chunks, [], await repo.nextGeneration(), async (written) => {
        if (written === 100) probe = db.query('select 1').then(() => void order.push('probe'));
      })
      .then(() => order.push('staged'));
    await staging;
    await probe;
    expect(order).toEqual(['probe', 'staged']);
  });
});
