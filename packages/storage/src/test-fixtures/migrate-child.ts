/**
 * Test fixture: one migrating process. argv: <connectionString> <schema> <dir> <startAtEpochMs>.
 * It waits until startAt so that two children really migrate at the same moment.
 */

import { runMigrations } from '../migrations';
import { createPostgresDatabase } from '../postgres-database';

const [connectionString, schema, dir, startAt] = process.argv.slice(2);
if (!connectionString || !schema || !dir || !startAt)
  throw new Error('usage: migrate-child <url> <schema> <dir> <startAt>');
const db = await createPostgresDatabase({ connectionString, schema, max: 2 });
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
try {
  const outcome = await runMigrations(db, { dir });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...outcome })}\n`);
} finally {
  await db.close();
}
