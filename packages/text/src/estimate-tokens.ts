/**
 * Approximate token counts without a tokenizer. Budgets here are targets, not hard model limits;
 * an adapter with a real tokenizer uses that instead.
 */

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
// The `v` flag's set subtraction keeps a word run from swallowing adjacent CJK characters. Built
// with the constructor because the TypeScript target predates the flag's literal syntax.
const TOKEN_SOURCE = `[${CJK}]|[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+|[^\\s\\p{L}\\p{N}\\p{M}]+`;

// Compiled once: a `v`-flag regex over Unicode properties is costly to build, and this runs per
// sentence. `String.prototype.match`/`matchAll` reset or clone it, so sharing it is safe.
const TOKEN = new RegExp(TOKEN_SOURCE, 'gv');
const CJK_CHAR = new RegExp(`[${CJK}]`, 'gu');

/** The global regex matching one approximate token per match (use with matchAll/match). */
export function tokenPattern(): RegExp {
  return TOKEN;
}

export interface EstimateTokensOptions {
  /**
   * 'words' (default): one per word (letter/digit run), one per CJK character (Han, kana, Hangul),
   * one per run of other symbols; close to a subword tokenizer on prose, and the positions
   * `tokenPattern` finds are where a chunker may cut. 'chars': about 4 characters per token for
   * non-CJK text, one per CJK character; it counts long or rare words and symbols more generously,
   * which suits a prompt budget for a model whose tokenizer is not at hand.
   */
  method?: 'words' | 'chars';
}

export function estimateTokens(text: string, options: EstimateTokensOptions = {}): number {
  if (options.method === 'chars') {
    if (text.length === 0) return 0;
    const cjk = text.match(CJK_CHAR)?.length ?? 0;
    return cjk + Math.ceil((text.length - cjk) / 4);
  }
  return text.match(TOKEN)?.length ?? 0;
}
