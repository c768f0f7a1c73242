import {
  comparisonAnswer,
  HOW_ADJECTIVE,
  namesRowKey,
  questionSlot,
  rowAnswersQuestion,
  rowKeyTerms,
  type SlotSpan,
  scoredHighlightSpan,
  sentenceIdf,
  slotSpans,
  topicQuery,
} from '@grounded/llm';
import { lexicalTerms, splitSentences } from '@grounded/text';
import { type Citation, type CitedSpan, citedSpans } from './citations';

/**
 * The asked fact in an answer (issue #15): the number, date, duration, amount, name or yes/no
 * span that the question's type asks for. Widgets show it in bold; API clients can use `text` as
 * the short answer. It works on any generator's answer, as it reads the cited claims.
 */
export interface Highlight {
  /** Span in the answer text. */
  start: number;
  end: number;
  text: string;
  /** The citation whose claim states it. */
  citation: number;
  documentId: string;
  /** Span in the document's extracted text, when the claim quotes its source verbatim. */
  documentStart?: number;
  documentEnd?: number;
}

const MARKER = /\s*\[\d+(?:\s*,\s*\d+)*\]\s*$/;

// A later claim is read first when it holds more of the question's words (IDF-weighted) than the
// first claim by more than this share of the first's: the answerer ranks claims by meaning too,
// and the claim that names the asked thing ("…locked for 15 minutes" for "How long am I locked
// out…") states its fact. Chosen on the dev halves (`npm run eval -- answering --split dev`).
const LATER_CLAIM_MARGIN = 0.3;

// A later claim's gap span is read instead of the first claim's when the gap picker scores it
// higher by more than this (eighth round of #15: an answer's second sentence often states the
// asked fact of a thing its first sentence names: "…by the band Sleeping with Sirens." then
// "Sleeping with Sirens is a rock band from Orlando"). Chosen on the dev halves (own, SQuAD, hotpot).
const LATER_SPAN_MARGIN = 1;
// A claim whose subject is a name an earlier claim states, and the question does not, continues
// from that name (a bridge): its gap span scores this much more. Chosen on the dev halves.
const BRIDGE_BONUS = 1;

/**
 * The highlight of the first cited claim (the best-supported one, unless a later one holds clearly
 * more of the question's words) that states the asked fact.
 */
export function highlightsOf(
  question: string,
  answer: string,
  citations: readonly Citation[],
  /** The retrieved texts: a question word they rarely use anchors the asked fact more. */
  sources?: readonly { text: string }[],
): Highlight[] {
  // A topic query ("refund policy", "how do returns work") asks what the documents say, not for one
  // fact: the gap picker's guess ("60 days", "plans") would pick one at random (#15). A typed fact
  // or a table cell the patterns state outright ("York store phone") is still what was asked.
  const topic = topicQuery(question) !== undefined;
  const terms = new Set(lexicalTerms(question));
  const idf = sources
    ? sentenceIdf(sources.flatMap((s) => splitSentences(s.text).map((x) => x.text)))
    : undefined;
  const cited = citedSpans(answer, citations);
  const weight = (term: string) => (idf ? idf(term) : 1);
  // "How long is…" matches on what follows, not on every claim that says "long".
  const asked = new Set(lexicalTerms(question.replace(HOW_ADJECTIVE, ' ')));
  const overlap = (span: { start: number; end: number }) => {
    const claimTerms = new Set(lexicalTerms(answer.slice(span.start, span.end)));
    return [...asked].reduce((n, t) => n + (claimTerms.has(t) ? weight(t) : 0), 0);
  };
  const first = cited[0] ? overlap(cited[0]) : 0;
  // The documents the first claim cites ("… [1, 2]" cites two).
  const firstDocuments = new Set(
    cited.filter((c) => c.start === cited[0]?.start).map((c) => c.citation.documentId),
  );
  const sameDocument = (c: CitedSpan) => firstDocuments.has(c.citation.documentId);
  const later = cited
    .slice(1)
    .map((c) => ({ c, key: overlap(c) - LATER_CLAIM_MARGIN * first }))
    .sort((a, b) => b.key - a.key);
  // The claims in reading order: the later claims that `jumps` picks, the first claim, the rest;
  // each part in order of question words held.
  const readingOrder = (jumps: (x: { c: CitedSpan; key: number }) => boolean) =>
    cited[0]
      ? [...later.filter(jumps).map((x) => x.c), cited[0], ...later.filter((x) => !jumps(x)).map((x) => x.c)]
      : [];
  // A claim of another document than the first claim's shares the question's words in another
  // policy's context ("If a payment fails, we try again after 3 days" for "How long until I can try
  // again?" after a lock-out): it is never read before the first claim (same-document round of #15).
  const claimOf = ({ start, end }: { start: number; end: number }) =>
    answer.slice(start, end).replace(MARKER, '');
  const byOverlap = readingOrder((x) => x.key > first && sameDocument(x.c));
  // A table row whose key the question names ("Plan: Flex Unlimited; Price per month: £189" for "What
  // does the unlimited flex membership cost a month?") states the asked cell outright: it is read
  // first (table-row round of #15), unless an earlier claim of its document states a fact of the
  // asked kind about the row's key with a word of the question the row lacks: that is the
  // exception the question asks about ("During conference weeks the London hotel limit rises to
  // £300" for "…in London during conference weeks?"; review of the round).
  const row = byOverlap.find((c) => {
    const claim = claimOf(c);
    return namesRowKey(claim, terms) && rowAnswersQuestion(question, claim, terms);
  });
  // A fact of the asked kind: a span of the question's slot ("£300", not the "2" of "…for up to 2
  // months" that a price question's gap fallback finds), or for a question of no slot a typed
  // highlight ("What's the hotel limit…" → "£300 per night").
  const slot = questionSlot(question);
  const statesAskedKind = (claim: string) =>
    slot !== null
      ? slotSpans(claim, slot, question).length > 0
      : scoredHighlightSpan(question, claim, terms, idf)?.score === null;
  const exception = (c: CitedSpan, row: CitedSpan) => {
    const claimTerms = new Set(lexicalTerms(claimOf(c)));
    const rowTerms = new Set(lexicalTerms(claimOf(row)));
    return (
      c.citation.documentId === row.citation.documentId &&
      rowKeyTerms(claimOf(row)).every((t) => claimTerms.has(t)) &&
      [...terms].some((t) => claimTerms.has(t) && !rowTerms.has(t)) &&
      statesAskedKind(claimOf(c))
    );
  };
  const jumps =
    row !== undefined && !byOverlap.slice(0, byOverlap.indexOf(row)).some((c) => exception(c, row));
  const ordered = row && jumps ? [row, ...byOverlap.filter((c) => c !== row)] : byOverlap;
  // "Who was born first, A or B?": the short answer is one of the options the question names.
  // The options are the question's own words, so whichever document states them answers.
  const option = comparisonAnswer(
    question,
    cited.map(claimOf),
    readingOrder((x) => x.key > first).map((c) => cited.indexOf(c)),
  );
  if (option) {
    const { citation, start } = cited[option.claim]!;
    return [highlightAt(citation, start, claimOf(cited[option.claim]!), option)];
  }
  // The first claim (in `ordered`) with a typed fact or a table cell gives the highlight, as the
  // patterns state those outright; among gap spans, a later claim's wins when it fills the gap
  // clearly better.
  let best: {
    at: number;
    key: number;
    cited: CitedSpan;
    claim: string;
    span: SlotSpan;
  } | null = null;
  // A yes/no question's highlight is the polarity of the claim that answers it, the answer's
  // first. When that claim states none ("You can change or cancel an order within 1 hour" for
  // "Can I cancel my order?"), a later claim's negation ("…cannot be changed") is about something
  // else: bolding it would turn a yes into a no.
  const claims = slot === 'yesno' ? cited.slice(0, 1) : ordered;
  for (const [at, c] of claims.entries()) {
    const claim = claimOf(c);
    const scored = scoredHighlightSpan(question, claim, terms, idf);
    if (!scored || (topic && scored.score !== null)) continue;
    if (scored.score === null) {
      if (!best) return [highlightAt(c.citation, c.start, claim, scored.span)];
      continue;
    }
    const before = claims.slice(0, at).map(claimOf).join(' ');
    const bridged = bridges(claim, before, terms);
    // A gap span of the first claim's documents is taken over by another document's claim only when
    // that claim continues from a name the claims before it state ("Halden Partners has its head
    // office in Rotterdam"): a crawled site or a wiki keeps each page a document of its own.
    if (best && sameDocument(best.cited) && !sameDocument(c) && !bridged) continue;
    const key = scored.score + (bridged ? BRIDGE_BONUS : 0);
    if (!best || key > best.key + (best.at === 0 ? LATER_SPAN_MARGIN : 0))
      best = { at, key, cited: c, claim, span: scored.span };
  }
  if (best) return [highlightAt(best.cited.citation, best.cited.start, best.claim, best.span)];
  return [];
}

function highlightAt(citation: Citation, claimStart: number, claim: string, span: SlotSpan): Highlight {
  const inQuote = citation.quote === claim ? span.start : citation.quote.indexOf(span.text);
  return {
    start: claimStart + span.start,
    end: claimStart + span.end,
    text: span.text,
    citation: citation.number,
    documentId: citation.documentId,
    ...(inQuote >= 0
      ? { documentStart: citation.start + inQuote, documentEnd: citation.start + inQuote + span.text.length }
      : {}),
  };
}

// The name a claim opens with ("The Oberoi Group is…", "Sleeping with Sirens is…").
const SUBJECT =
  /^["“]?(?:The\s+)?(\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+(?:(?:of|de|with|the|and|in|to|for|van|von)\s+)?\p{Lu}[\p{L}\p{N}'’.-]*)*)/u;

/**
 * Whether a claim continues from a name an earlier claim states and the question does not: a word
 * of its opening name (three letters or more, not the question's) stands in the earlier claims.
 */
export function bridges(claim: string, earlier: string, questionTerms: ReadonlySet<string>): boolean {
  const subject = SUBJECT.exec(claim)?.[1];
  if (!subject || !earlier) return false;
  return subject.split(/\s+/u).some((word) => {
    const terms = lexicalTerms(word);
    if (
      word.length < 3 ||
      !/^\p{Lu}/u.test(word) ||
      terms.length === 0 ||
      terms.every((t) => questionTerms.has(t))
    )
      return false;
    return new RegExp(
      `(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(?![\\p{L}\\p{N}])`,
      'u',
    ).test(earlier);
  });
}
