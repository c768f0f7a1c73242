export * from './api-keys';
export * from './secrets';
export * from './tenants';
export type * from './types';
export * from './widget-tokens';
