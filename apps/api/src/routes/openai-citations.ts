import { type Citation, citedSpans } from '@grounded/chat';

/**
 * Citations where standard OpenAI clients keep them (issue #17). Our own `citations` field is
 * top-level and non-standard, so SDKs and frameworks drop it; `annotations` on the assistant
 * message is where OpenAI puts the sources of an answer (`url_citation`, a span of the content
 * plus a title and a URL), and the SDK keeps it, in streams too.
 */
export interface UrlCitationAnnotation {
  type: 'url_citation';
  url_citation: { start_index: number; end_index: number; title: string; url: string };
  /** Ours: the passage the span cites, as in the top-level `citations`. */
  citation: Citation;
}

/**
 * The document a citation points at, relative to this API, with the cited characters as an
 * RFC 5147 fragment. Relative on purpose: the Host header is not trusted to build absolute URLs.
 */
export function citationUrl(collectionId: string, citation: Citation): string {
  return `/v1/collections/${encodeURIComponent(collectionId)}/documents/${encodeURIComponent(citation.documentId)}#char=${citation.start},${citation.end}`;
}

function titleOf(citation: Citation): string {
  const title = citation.documentTitle ?? citation.documentId;
  return citation.page === null ? title : `${title}, page ${citation.page}`;
}

/** One annotation per citation marker in the answer (indices into the answer's own text). */
export function annotationsOf(
  answer: string,
  citations: readonly Citation[],
  collectionId: string,
): UrlCitationAnnotation[] {
  return citedSpans(answer, citations).map(({ citation, start, end }) => ({
    type: 'url_citation',
    url_citation: {
      start_index: start,
      end_index: end,
      title: titleOf(citation),
      url: citationUrl(collectionId, citation),
    },
    citation,
  }));
}

const QUOTE_CHARS = 200;

/**
 * The opt-in source list appended to the content, for clients that keep nothing but the text
 * (LangChain's ChatOpenAI drops `annotations`): one line per cited source number. Empty when
 * nothing was cited, so an abstention stays as it was.
 */
export function sourceListOf(citations: readonly Citation[]): string {
  const byNumber = new Map<number, Citation>();
  for (const citation of citations)
    if (!byNumber.has(citation.number)) byNumber.set(citation.number, citation);
  if (byNumber.size === 0) return '';
  const lines = [...byNumber.values()]
    .sort((a, b) => a.number - b.number)
    .map((citation) => {
      const quote = citation.quote.replace(/\s+/gu, ' ').trim();
      const short = quote.length > QUOTE_CHARS ? `${quote.slice(0, QUOTE_CHARS - 1)}…` : quote;
      return `[${citation.number}] ${titleOf(citation)}: "${short}"`;
    });
  return `\n\nSources:\n${lines.join('\n')}`;
}
