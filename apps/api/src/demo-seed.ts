import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '@grounded/core';
import type { Collection } from '@grounded/documents';
import type { Container } from './container';
import { waitForJobs } from './wait-for-jobs';

export const DEMO_COLLECTION = 'demo';
/** Fixed so that the README's curl works as written. */
export const DEMO_COLLECTION_ID = 'col_demo';
const DEMO_DIR = path.join(import.meta.dirname, '..', 'demo');

/**
 * Creates the demo collection with the sample documents in apps/api/demo. Idempotent: documents
 * are deduplicated by content hash, so restarts add nothing.
 */
export async function seedDemo(container: Container, tenantId = 'default'): Promise<Collection> {
  const { collections } = container;
  const create = () =>
    collections.create({
      ...(tenantId === 'default' ? { id: DEMO_COLLECTION_ID } : {}),
      tenantId,
      name: DEMO_COLLECTION,
      description: 'Sample documents: a product FAQ, an IT-support guide and a Chinese text about LLMs',
    });
  const collection =
    (await collections.findByName(tenantId, DEMO_COLLECTION)) ??
    // API replicas started together (`docker compose up --scale api=2`, issue #16) race to create
    // it: the loser's insert is a conflict, and the winner's collection is the demo. The uploads
    // below are safe to race (a lock per collection and bytes keeps them to one document).
    (await create().catch(async (error: unknown) => {
      const winner =
        isAppError(error) && error.code === 'conflict'
          ? await collections.findByName(tenantId, DEMO_COLLECTION)
          : null;
      if (!winner) throw error;
      return winner;
    }));
  const jobs: string[] = [];
  for (const name of (await readdir(DEMO_DIR)).sort()) {
    const outcome = await container.documents.upload({
      tenantId,
      collectionId: collection.id,
      bytes: await readFile(path.join(DEMO_DIR, name)),
      filename: name,
      mimeType: 'text/markdown',
    });
    if (outcome.job) jobs.push(outcome.job.id);
  }
  // Wait for ingestion, so that "demo collection ready" in the log means answers are available.
  await waitForJobs(container.queue, jobs);
  return collection;
}

/** Where the demo's admin key is kept; the CLI reads it from there by default. */
export function demoApiKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'demo-api-key');
}

/**
 * The demo's admin key, kept in DATA_DIR/demo-api-key (mode 0600) so that the README's curl and
 * the CLI can read it. Reused across restarts while it is valid; a new one is made otherwise.
 */
export async function ensureDemoApiKey(
  container: Container,
  tenantId = 'default',
): Promise<{ key: string; file: string }> {
  const file = demoApiKeyFile(container.config.DATA_DIR);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    await container.apiKeys.authenticate(existing);
    return { key: existing, file };
  } catch {
    const { key } = await container.apiKeys.create({ tenantId, name: 'demo admin', role: 'admin' });
    // On Postgres nothing else has created DATA_DIR yet (issue #17: ENOENT on a fresh folder).
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return { key, file };
  }
}
