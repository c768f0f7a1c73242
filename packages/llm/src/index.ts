export * from './generation/index';
export * from './sentiment/index';
export * from './summarize/index';
export * from './translate/index';
