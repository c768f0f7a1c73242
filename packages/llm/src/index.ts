export * from './generation/types';
export * from './sentiment/types';
