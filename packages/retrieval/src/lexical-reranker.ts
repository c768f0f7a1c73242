import { createTokenizer, type TokenizerOptions } from './tokenize';
import type { Reranker } from './types';

/**
 * The offline default reranker (no cross-encoder model ships here): the share of the query's
 * distinct terms a passage contains, weighted by how rare each term is among the passages being
 * reranked, plus a small bonus for adjacent query-term pairs (phrases). Scores are in [0, 1+].
 */
export function createLexicalReranker(options: { tokenizer?: TokenizerOptions } = {}): Reranker {
  const tokenize = createTokenizer(options.tokenizer);
  return {
    id: 'lexical-overlap',
    async score(query, passages) {
      const queryTerms = [...new Set(tokenize(query))];
      if (queryTerms.length === 0) return passages.map(() => 0);
      const passageTokens = passages.map((p) => tokenize(p));
      const passageSets = passageTokens.map((tokens) => new Set(tokens));
      // Rarer terms (among these passages) separate them better than terms every passage has.
      const weight = new Map(
        queryTerms.map((term) => {
          const df = passageSets.filter((set) => set.has(term)).length;
          return [term, Math.log(1 + (passages.length + 1) / (df + 0.5))];
        }),
      );
      const total = queryTerms.reduce((sum, term) => sum + (weight.get(term) ?? 0), 0) || 1;
      const queryPairs = new Set<string>();
      const queryTokens = tokenize(query);
      for (let i = 0; i + 1 < queryTokens.length; i++)
        queryPairs.add(`${queryTokens[i]} ${queryTokens[i + 1]}`);
      return passageTokens.map((tokens, index) => {
        const set = passageSets[index] as Set<string>;
        let covered = 0;
        for (const term of queryTerms) if (set.has(term)) covered += weight.get(term) ?? 0;
        let pairs = 0;
        for (let i = 0; i + 1 < tokens.length; i++)
          if (queryPairs.has(`${tokens[i]} ${tokens[i + 1]}`)) pairs++;
        const phraseBonus = queryPairs.size > 0 ? 0.1 * Math.min(1, pairs / queryPairs.size) : 0;
        return covered / total + phraseBonus;
      });
    },
  };
}
