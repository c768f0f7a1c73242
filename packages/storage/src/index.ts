export {
  DataDirLockedError,
  type DirectoryLock,
  type LockHolder,
  lockDirectory,
  lockFileOf,
} from './data-dir-lock';
export {
  type MigrationsOutcome,
  migrationsDir,
  type RunMigrationsOptions,
  runMigrations,
} from './migrations';
export { isConnectionError, toAppError } from './pg-errors';
export { createPgliteDatabase, type PgliteDatabaseOptions } from './pglite-database';
export { createPostgresDatabase, type PostgresDatabaseOptions } from './postgres-database';
export * from './types';
