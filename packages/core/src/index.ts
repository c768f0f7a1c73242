export { withTimeout } from './abort';
export { AppError, type AppErrorOptions, describeError, isAppError } from './errors';
export { sha256Hex, stableId } from './hash';
export { type Logger, silentLogger } from './logger';
export { repoRoot, sharedPath } from './repo-paths';
