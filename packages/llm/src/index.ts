export * from './generation/index';
export * from './sentiment/index';
