export { type EstimateTokensOptions, estimateTokens, tokenPattern } from './estimate-tokens';
export { findSentenceEnd } from './find-sentence-end';
export { lexicalTerms } from './lexical-terms';
export { type SentenceSpan, type SplitSentencesOptions, splitSentences } from './split-sentences';
