import { HOW_ADJECTIVE, highlightSpan, sentenceIdf } from '@grounded/llm';
import { lexicalTerms, splitSentences } from '@grounded/text';
import { type Citation, citedSpans } from './citations';

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
  const ordered = cited
    .map((c, i) => ({ c, key: i === 0 ? first : overlap(c) - LATER_CLAIM_MARGIN * first }))
    .sort((a, b) => b.key - a.key)
    .map(({ c }) => c);
  for (const { citation, start, end } of ordered) {
    const claim = answer.slice(start, end).replace(MARKER, '');
    const span = highlightSpan(question, claim, terms, idf);
    if (!span) continue;
    const inQuote = citation.quote === claim ? span.start : citation.quote.indexOf(span.text);
    return [
      {
        start: start + span.start,
        end: start + span.end,
        text: span.text,
        citation: citation.number,
        documentId: citation.documentId,
        ...(inQuote >= 0
          ? {
              documentStart: citation.start + inQuote,
              documentEnd: citation.start + inQuote + span.text.length,
            }
          : {}),
      },
    ];
  }
  return [];
}
