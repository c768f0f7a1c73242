export * from './chunk-document';
export * from './clean-text';
export * from './detect-format';
export * from './detect-language';
export * from './document-limits';
export * from './parse-document';
export * from './parse-limits';
export * from './types';
