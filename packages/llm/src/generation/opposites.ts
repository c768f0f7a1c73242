/**
 * Closed-class opposites that WordNet's antonym links miss (issue #15, fifth round): relation
 * words the stop list drops (before/after, above/below, more/less), compass directions and their
 * adjectives ("northern"/"southern", "northward"/"southward"), and comparatives of position and
 * size. SQuAD v2's unanswerable questions often flip exactly one of them ("What continued
 * southward…" against "…continued northward…"); the WordNet-based antonymSwap sees content words
 * only. A fixed list, not a model: these words form a closed class.
 */
const PAIRS: readonly (readonly [string, string])[] = [
  // Time and order: "onwards" and "since" point after a moment, "until" before it.
  ['before', 'after'],
  ['before', 'onwards'],
  ['before', 'since'],
  ['until', 'since'],
  ['earlier', 'later'],
  ['earliest', 'latest'],
  ['first', 'last'],
  // Position, quantity and relation.
  ['above', 'below'],
  ['over', 'under'],
  ['up', 'down'],
  ['upper', 'lower'],
  ['inside', 'outside'],
  ['with', 'without'],
  ['more', 'less'],
  ['most', 'least'],
  ['higher', 'lower'],
  ['highest', 'lowest'],
  ['larger', 'smaller'],
  ['largest', 'smallest'],
  ['increase', 'decrease'],
  ['increased', 'decreased'],
  ['increases', 'decreases'],
  // Directions.
  ['north', 'south'],
  ['east', 'west'],
  ['northern', 'southern'],
  ['eastern', 'western'],
  ['northward', 'southward'],
  ['eastward', 'westward'],
  ['northwards', 'southwards'],
  ['eastwards', 'westwards'],
  ['left', 'right'],
];

const OPPOSITES = new Map<string, Set<string>>();
for (const [a, b] of PAIRS) {
  OPPOSITES.set(a, (OPPOSITES.get(a) ?? new Set()).add(b));
  OPPOSITES.set(b, (OPPOSITES.get(b) ?? new Set()).add(a));
}

const WORD = /\p{L}+/gu;

function wordSet(text: string): Set<string> {
  return new Set([...text.toLowerCase().matchAll(WORD)].map((m) => m[0]));
}

/**
 * 1 when the question uses one of these words that the sentence lacks, and the sentence has its
 * opposite (which the question does not): "after the conquest" asked, "before the Conquest" written.
 */
export function oppositeSwap(question: string, sentence: string): number {
  const asked = wordSet(question);
  const written = wordSet(sentence);
  for (const word of asked) {
    if (written.has(word)) continue;
    for (const opposite of OPPOSITES.get(word) ?? [])
      if (written.has(opposite) && !asked.has(opposite)) return 1;
  }
  return 0;
}
