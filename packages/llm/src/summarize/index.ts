export * from './count-words';
export * from './extractive';
export * from './format';
export * from './map-reduce';
export * from './tfidf';
export * from './types';
