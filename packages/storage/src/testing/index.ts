// Helpers for integration tests in this and other packages (not for production code).
export { dropSchema, uniqueSchema } from './pg-schema';
export { type ChildOutcome, spawnTsx } from './spawn-tsx';
