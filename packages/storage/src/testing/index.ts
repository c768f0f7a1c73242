// Helpers for integration tests in this and other packages (not for production code).
export * from './pg-schema';
export * from './spawn-tsx';
export * from './test-database';
