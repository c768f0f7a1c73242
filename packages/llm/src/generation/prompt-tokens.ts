import { estimateTokens } from '@grounded/text';

/**
 * A tokenizer-free token estimate for adapters without a local tokenizer (the extractive
 * answerer, remote servers): the character-based estimate, which counts rare words and symbols
 * more generously than the word-based one, so a prompt budget errs on the safe side.
 */
export function estimatePromptTokens(text: string): number {
  return estimateTokens(text, { method: 'chars' });
}
