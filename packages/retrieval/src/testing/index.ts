// Test-only helpers other packages' tests use (imports no test runner; the conformance suites,
// which import vitest, are imported by path from this package's own tests).
export * from './model-server';
