import { isMostlyChinese } from '@grounded/text';
import type { Embedder } from './types';

/**
 * Whether an embedder's vector of `text` carries its meaning (Chinese retrieval round of #15 and its
 * review). USE-lite reads English: it gives unrelated sentences of Han characters, kana or Cyrillic
 * nearly one vector, which would rank search results and cluster content gaps by noise. An
 * embedder that states no languages reads any text; one that does reads a mostly Chinese text when
 * it lists 'zh', and a text mostly in a script other than Latin when it lists any language but
 * English (each is taken to bring its script).
 */
export function embedderReads(embedder: Pick<Embedder, 'languages'>, text: string): boolean {
  const { languages } = embedder;
  if (!languages) return true;
  if (isMostlyChinese(text)) return languages.includes('zh');
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return 2 * latin >= letters || languages.some((language) => language !== 'en');
}
