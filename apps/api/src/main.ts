import type { Server } from 'node:http';
import { DataDirLockedError } from '@grounded/storage';
import { createApp } from './app';
import { loadConfigOrExit } from './config';
import { createContainer } from './container';
import { ensureDemoApiKey, seedDemo } from './demo-seed';
import { createLogger, instanceLabel } from './logger';

/** `npm start`: the API (and, unless RUN_WORKER=false, the queue workers) in one process. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'grounded', undefined, config.LOG_FORMAT);
  const container = await createContainer(config, logger);
  if (config.RUN_WORKER) await container.startWorkers();
  // Load every collection's index now (rebuilding any that is missing or stale), so the first
  // query does not pay for it.
  for (const collection of await container.collections.all()) {
    await container.indexes.ready(collection);
  }

  // Then keep them current with what the workers and other replicas write (issue #16), so a
  // replica's index equals Postgres without waiting for a search to catch it up. Not on the
  // embedded database: this process is its only writer (DATA_DIR's lock), and its own writes
  // already update its indexes, so polling would only add work to its event loop.
  const stopFollowing =
    config.DATABASE_URL && config.INDEX_FOLLOW_MS > 0
      ? container.indexes.follow(config.INDEX_FOLLOW_MS)
      : () => {};

  const app = createApp(container);
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    // The instance id is what index reports show tenants; this line maps it to host and pid.
    logger.info({ host: config.HOST, port, instance: instanceLabel() }, 'API listening');
  });

  if (config.DEMO_SEED) {
    const { file } = await ensureDemoApiKey(container);
    const demo = await seedDemo(container);
    logger.info(
      { collectionId: demo.id, apiKeyFile: file },
      `demo collection ready; try: curl -s localhost:${config.PORT}/v1/chat -H "authorization: Bearer $(cat ${file})" -H 'content-type: application/json' -d '{"collectionId":"${demo.id}","message":"How long is the free trial?"}'`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 30_000);
    forced.unref();
    // Stop accepting and let the requests in flight finish before their database and queue go
    // away (issue #7: an upload still arriving at SIGTERM was cut off); the timer above bounds it.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await drained;
    stopFollowing();
    await container.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main().catch((error: unknown) => {
  // A folder held by another process is an operator's mistake, not a crash: one clear line.
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
