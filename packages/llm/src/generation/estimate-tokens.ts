/**
 * A tokenizer-free token estimate for adapters without a local tokenizer (the extractive
 * answerer, remote servers): about 4 characters per token for Latin text, one token per CJK
 * character. Good enough for budgeting; never used where a real tokenizer exists.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let cjk = 0;
  for (const _ of text.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu))
    cjk++;
  return cjk + Math.ceil((text.length - cjk) / 4);
}
