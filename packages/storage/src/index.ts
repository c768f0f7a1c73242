export * from './data-dir-lock';
export * from './migrations';
export * from './pg-errors';
export * from './pglite-database';
export * from './postgres-database';
export * from './types';
