export * from './errors';
export * from './generator-translator';
export * from './glossary';
export * from './languages';
export * from './segment';
export * from './transformers-translator';
export * from './types';
