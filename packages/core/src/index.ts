export { withTimeout } from './abort';
export { syncDirectory, syncFile, tempName, writeFileAtomic } from './atomic-files';
export { decodeCursor, encodeCursor } from './cursor';
export { AppError, type AppErrorOptions, describeError, isAppError } from './errors';
export { sha256Hex, stableId } from './hash';
export { newId } from './ids';
export { DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds } from './json-depth';
export { type Logger, silentLogger } from './logger';
export { repoRoot, sharedPath } from './repo-paths';
