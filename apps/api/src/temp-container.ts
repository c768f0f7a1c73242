import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from './config';
import { type Container, createContainer } from './container';
import { createLogger } from './logger';

/**
 * A container on the embedded defaults (PGlite, in-process queue, USE-lite, extractive answerer)
 * in a fresh temp folder, as `npm start` would build it, with its workers running: what the
 * benchmarks time and what `eval answering --configs product` asks. Quiet, no demo seed, and no
 * request limits, which would throttle a run of questions.
 */
export async function startTempContainer(
  overrides: Record<string, string> = {},
): Promise<{ container: Container; dataDir: string; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'grounded-temp-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  let container: Container | undefined;
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATA_DIR: dataDir,
      DEMO_SEED: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      ...overrides,
    });
    container = await createContainer(config, createLogger(config.LOG_LEVEL));
    await container.startWorkers();
  } catch (error) {
    // A half-started container holds a database and model threads that would keep the process alive.
    await container?.close().catch(() => undefined);
    await removeDir();
    throw error;
  }
  const started = container;
  return {
    container: started,
    dataDir,
    async dispose() {
      try {
        await started.close();
      } finally {
        await removeDir();
      }
    },
  };
}
