import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS_BY_CODE } from '../src/http/error-codes';

/**
 * Codes that are right to surface as 500: programming errors and internal lifecycle states a
 * client cannot cause or fix. A new code goes either into the status table or here, on purpose.
 */
const INTERNAL_CODES = new Set([
  'aborted',
  'classifier_closed',
  'classifier_no_result',
  'dimension_mismatch',
  'embedder_closed',
  'entailment_label_not_found',
  'guard_flushed',
  'invalid_argument',
  'invalid_config',
  'migration_failed',
  'migration_modified',
  'migrations_dir_missing',
  'query_vector_required',
  'queue_closed',
  'reranker_closed',
  'scorer_closed',
  'similarity_mismatch',
  'worker_already_started',
]);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Test helpers throw made-up codes to exercise the queues.
      if (entry.name !== 'testing' && entry.name !== 'node_modules') out.push(...(await sourceFiles(full)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

describe('error code table', () => {
  it('maps every code the packages and the API throw, or lists it as internal', async () => {
    const root = repoRoot();
    const dirs = [path.join(root, 'apps', 'api', 'src')];
    for (const name of await readdir(path.join(root, 'packages')))
      dirs.push(path.join(root, 'packages', name, 'src'));
    const thrown = new Set<string>();
    for (const dir of dirs) {
      for (const file of await sourceFiles(dir)) {
        const text = await readFile(file, 'utf8');
        for (const match of text.matchAll(/new AppError\(\s*'([a-z_]+)'/g)) thrown.add(match[1] as string);
      }
    }
    expect(thrown.size).toBeGreaterThan(50);
    const unmapped = [...thrown].filter(
      (code) => !(code in HTTP_STATUS_BY_CODE) && !INTERNAL_CODES.has(code),
    );
    expect(unmapped).toEqual([]);
    // Codes listed as internal must still exist, so the list does not rot.
    expect([...INTERNAL_CODES].filter((code) => !thrown.has(code))).toEqual([]);
  });
});
