export * from './robots';
export * from './safe-fetch';
export * from './website-source-service';
