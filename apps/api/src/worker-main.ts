import { DataDirLockedError } from '@grounded/storage';
import { loadConfigOrExit } from './config';
import { createContainer } from './container';
import { createLogger, instanceLabel } from './logger';

/** `npm run worker`: queue workers only (docker-compose's worker service). Needs REDIS_URL. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'grounded-worker', undefined, config.LOG_FORMAT);
  if (!config.REDIS_URL || !config.DATABASE_URL) {
    logger.warn(
      'a separate worker needs REDIS_URL and DATABASE_URL shared with the API; without them it only sees its own embedded state',
    );
  }
  const container = await createContainer(config, logger);
  await container.startWorkers();
  logger.info({ queue: container.queue.kind, instance: instanceLabel() }, 'worker started');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker shutting down');
    const forced = setTimeout(() => process.exit(1), 30_000);
    forced.unref();
    await container.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main().catch((error: unknown) => {
  // As for the API (main.ts): a data folder another process holds is one clear line, not a crash.
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
