export * from './generation/index';
// Metrics (ROUGE for summaries, BLEU and chrF for translations) have this one export path.
export * from './sentiment/index';
export * from './summarize/index';
export * from './translate/index';
