export * from './dominant-script';
export * from './estimate-tokens';
export * from './find-sentence-end';
export * from './fold-han';
export * from './lexical-terms';
export * from './split-sentences';
export * from './written-chinese';
