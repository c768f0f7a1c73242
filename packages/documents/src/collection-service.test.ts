import type { Database } from '@grounded/storage';
import { openTestDatabase, type TestDatabase } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionService } from './collection-service';
import { IndexManager } from './index-manager';
import { ChunksRepo } from './repositories/chunks-repo';
import { DocumentsRepo } from './repositories/documents-repo';

let opened: TestDatabase;
let db: Database;

beforeAll(async () => {
  opened = await openTestDatabase('collection_delete');
  db = opened.db;
});

afterAll(async () => {
  await opened?.close();
});

describe('deleting a collection', () => {
  it("removes all of its documents' copies in one call per kind, not one per slice of documents", async () => {
    const service = new CollectionService({
      db,
      embedder: { id: 'test', dimension: 4 },
      indexes: new IndexManager({ chunks: new ChunksRepo(db) }),
      copies: {
        answers: async (_tx, _tenant, removed) => {
          calls.push(removed.documentIds.length);
          return [];
        },
      },
    });
    const calls: number[] = [];
    const collection = await service.create({ tenantId: 'default', name: 'many' });
    const documents = new DocumentsRepo(db);
    for (let i = 0; i < 520; i++) {
      await documents.create({
        collectionId: collection.id,
        tenantId: 'default',
        contentHash: `hash-${i}`,
        bytes: new TextEncoder().encode(`text ${i}`),
        filename: `d${i}.txt`,
      });
    }
    await service.delete('default', collection.id);
    expect(calls).toEqual([520]);
  }, 60_000);
});
