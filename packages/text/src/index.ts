export * from './estimate-tokens';
export * from './find-sentence-end';
export * from './lexical-terms';
export * from './split-sentences';
