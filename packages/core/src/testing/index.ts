// Test-only helpers shared by the packages' conformance suites (imports no test runner).
export * from './model-fixtures';
