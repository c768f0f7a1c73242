/**
 * Approximate token count without a tokenizer: one per word (letter/digit run), one per CJK
 * character (Han, kana, Hangul), one per run of other symbols. Subword tokenizers produce somewhat
 * more for rare words; budgets here are targets, not hard model limits.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
// The `v` flag's set subtraction keeps a word run from swallowing adjacent CJK characters. Built
// with the constructor because the TypeScript target predates the flag's literal syntax.
const TOKEN_SOURCE = `[${CJK}]|[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+|[^\\s\\p{L}\\p{N}\\p{M}]+`;

/** A fresh global regex matching one approximate token per match. */
export function tokenPattern(): RegExp {
  return new RegExp(TOKEN_SOURCE, 'gv');
}

export function estimateTokens(text: string): number {
  return text.match(tokenPattern())?.length ?? 0;
}
