/**
 * Approximate token count without a tokenizer: one per word (letter/digit run), one per CJK
 * character (Han, kana, Hangul), one per run of other symbols. Subword tokenizers produce somewhat
 * more for rare words; budgets here are targets, not hard model limits.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
// The `v` flag's set subtraction keeps a word run from swallowing adjacent CJK characters. Built
// with the constructor because the TypeScript target predates the flag's literal syntax.
const TOKEN_SOURCE = `[${CJK}]|[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+|[^\\s\\p{L}\\p{N}\\p{M}]+`;

// Compiled once: a `v`-flag regex over Unicode properties is costly to build, and this runs per
// sentence. `String.prototype.match`/`matchAll` reset or clone it, so sharing it is safe.
const TOKEN = new RegExp(TOKEN_SOURCE, 'gv');

/** The global regex matching one approximate token per match (use with matchAll/match). */
export function tokenPattern(): RegExp {
  return TOKEN;
}

export function estimateTokens(text: string): number {
  return text.match(TOKEN)?.length ?? 0;
}
