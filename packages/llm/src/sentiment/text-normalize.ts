/**
 * Penn-Treebank-tokenised text (SST, many corpora and upstream tokenisers) splits contractions
 * ("is n't", "it 's", "ca n't") and writes quotes as `` ''. Both the fastText models and wink's
 * negation rules expect the natural forms ("isn't"), so we rejoin them first.
 */
export function rejoinTreebankTokens(text: string): string {
  return text
    .replace(/\b(ca|wo) n't\b/gi, (_m, stem: string) => `${stem.toLowerCase() === 'ca' ? 'can' : 'won'}'t`)
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/``|''/g, '"')
    .replace(/-lrb-/gi, '(')
    .replace(/-rrb-/gi, ')');
}

/**
 * The amazon_review_* models were trained on text normalised the way fastText's classification
 * example script does it: lowercase, apostrophes/periods/commas/brackets/!/? split off as their
 * own tokens, quotes, colons and semicolons dropped. Feeding raw text costs accuracy because
 * "good." and "good" are different tokens to the model.
 */
export function normalizeForFastText(text: string): string {
  return rejoinTreebankTokens(text)
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/’/g, "'")
    .replace(/["“”]/g, ' ')
    .replace(/[;:]/g, ' ')
    .replace(/(['.,()!?])/g, ' $1 ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
