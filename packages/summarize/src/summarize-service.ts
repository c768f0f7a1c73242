import { AppError } from '@grounded/core';
import { DocumentsRepo } from '@grounded/documents';
import { createHeuristicEntailmentScorer, type EntailmentScorer, scoreSentence } from '@grounded/guardrails';
import type { JobQueue, JobRecord } from '@grounded/jobs';
import {
  cjkByScript,
  countWords,
  type Generator,
  type SummarizeProgress,
  type SummaryFormat,
  type SummaryLength,
  summarizeExtractive,
  summarizeMapReduce,
} from '@grounded/llm';
import type { Database, Queryable } from '@grounded/storage';

export const SUMMARIZE_JOB = 'summarize-document';

/**
 * When documents are deleted, or replaced by text that lost some of theirs: a summary job's
 * result is made of its document's sentences, old ones included.
 */
export async function removeSummariesOf(
  tx: Queryable,
  tenantId: string,
  removed: { documentIds: readonly string[]; replacement?: { text: string } | undefined },
): Promise<string[]> {
  if (removed.documentIds.length === 0) return [];
  // A replaced document's summary stays while every source span it drew from is still in the new
  // text (an unreadable result, with no spans to judge by, goes); its dropped sentences go below.
  const { rows } = await tx.query<{ id: string }>(
    `update jobs set result = null
     where kind = $1 and tenant_id = $2 and payload->'source'->>'documentId' = any($3::text[])
       and result is not null and ($4::text is null
         or jsonb_typeof(result->'sentences') is distinct from 'array'
         or exists (
           select 1 from jsonb_path_query(result, '$.sentences[*].sources[*].text') as span
           where jsonb_typeof(span) <> 'string' or strpos($4::text, span #>> '{}') = 0))
     returning id`,
    [SUMMARIZE_JOB, tenantId, removed.documentIds, removed.replacement?.text ?? null],
  );
  // A kept summary's `dropped` list holds generated sentences that failed the support check: not
  // spans of the document, so there is nothing to look up in the new text, yet they may restate
  // text it lost. Only the old text would tell, and it is gone: the list goes on any replacement.
  if (removed.replacement) {
    await tx.query(
      `update jobs set result = result - 'dropped'
       where kind = $1 and tenant_id = $2 and payload->'source'->>'documentId' = any($3::text[])
         and jsonb_typeof(result) = 'object' and result ? 'dropped'`,
      [SUMMARIZE_JOB, tenantId, removed.documentIds],
    );
  }
  return rows.map((row) => row.id);
}

export interface SummarizeOptions {
  length: SummaryLength;
  format?: SummaryFormat | undefined;
  focus?: string | undefined;
  /** Language of the summary (abstractive) and of sentence splitting; detected by script when absent. */
  language?: string | undefined;
}

/** What to summarize: a stored document (read through the caller's tenant and ACL) or text. */
export type SummarizeSource =
  | { kind: 'document'; documentId: string }
  | { kind: 'text'; text: string; filename?: string | null | undefined };

export interface SummarizeRequest extends SummarizeOptions {
  tenantId: string;
  principals?: readonly string[] | undefined;
  source: SummarizeSource;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: SummarizeProgress | { stage: 'extractive' }) => void) | undefined;
}

export interface SummarySpan {
  /** Offsets into the summarized text (for a document: its extracted text, as chunk offsets are). */
  start: number;
  end: number;
  text: string;
}

export interface SummarySentenceView {
  text: string;
  /** The source spans the sentence draws from (for extractive: the sentence itself). */
  sources: SummarySpan[];
}

export interface SummaryResponse {
  method: 'extractive' | 'abstractive';
  summary: string;
  format: SummaryFormat;
  /** The length actually produced, in the requested unit. */
  length: SummaryLength;
  sentences: SummarySentenceView[];
  documentId: string | null;
  /** Characters of source text summarized. */
  sourceChars: number;
  language: string;
  generator: string;
  /** Abstractive only: generated sentences dropped because the source did not support them. */
  dropped?: string[];
  /** How support was checked (abstractive only). */
  supportCheck?: string;
  /** Set when no generated sentence was supported and the extractive summary is returned instead. */
  fallback?: string;
}

export interface SummarizeServiceOptions {
  db: Database;
  queue: JobQueue;
  generator: Generator;
  /** Above this many characters the summary runs as a queued job (202 + job id). Default 100000. */
  syncMaxChars?: number;
  /** Support scorer for abstractive sentences; default the guardrails' offline heuristic scorer. */
  scorer?: EntailmentScorer;
  /** Support at or above which a summary sentence is kept (default 0.5). */
  supportThreshold?: number;
  /** Tokens per generated summary; default a quarter of the context window, 32 to 512. */
  maxTokens?: number;
}

/** Documents with a non-empty ACL need a shared principal; undefined principals = unrestricted (pre-auth). */
function canRead(allowed: readonly string[], principals: readonly string[] | undefined): boolean {
  if (allowed.length === 0 || principals === undefined) return true;
  return allowed.some((p) => principals.includes(p));
}

/**
 * A stored document's extracted text, read through the caller's tenant and ACL: another tenant's
 * document, or one whose ACL shares no principal with the caller, does not exist for this caller.
 */
export async function readDocumentText(
  documents: DocumentsRepo,
  tenantId: string,
  principals: readonly string[] | undefined,
  documentId: string,
): Promise<{ text: string; documentId: string; language: string | null }> {
  const document = await documents.find(documentId);
  if (!document || document.tenantId !== tenantId || !canRead(document.allowedPrincipals, principals)) {
    throw new AppError('document_not_found', `document ${documentId} does not exist`);
  }
  if (document.status !== 'ready') {
    throw new AppError(
      'document_not_ready',
      `document ${document.id} is ${document.status}; try again once it is ready`,
      {
        details: { status: document.status, jobId: document.jobId },
      },
    );
  }
  const text = (await documents.extractedText(document.id)) ?? '';
  return { text, documentId: document.id, language: document.language };
}

/**
 * Summaries of documents and text. Offline (extractive generator) they pick central, non-redundant
 * sentences by TF-IDF centrality with MMR, in document order, within the requested length. With a
 * generator configured they are abstractive (map-reduce over context-sized sections), and each
 * summary sentence must be supported by its source spans (guardrails' groundedness scorer) or it
 * is dropped. Large inputs run as a queued job.
 */
export class SummarizeService {
  readonly syncMaxChars: number;
  private readonly documents: DocumentsRepo;
  private readonly scorer: EntailmentScorer;

  constructor(private readonly options: SummarizeServiceOptions) {
    this.syncMaxChars = options.syncMaxChars ?? 100_000;
    this.documents = new DocumentsRepo(options.db);
    this.scorer = options.scorer ?? createHeuristicEntailmentScorer();
  }

  get abstractive(): boolean {
    return this.options.generator.id !== 'extractive';
  }

  /** The text to summarize and its document id; refuses documents the caller cannot read. */
  async resolveText(
    tenantId: string,
    principals: readonly string[] | undefined,
    source: SummarizeSource,
  ): Promise<{ text: string; documentId: string | null; language: string | null }> {
    if (source.kind === 'text') return { text: source.text, documentId: null, language: null };
    return readDocumentText(this.documents, tenantId, principals, source.documentId);
  }

  /**
   * Summarizes now when the input is small; otherwise queues a job and returns it. The job
   * re-reads the document, so the payload holds no document text.
   */
  async summarizeOrQueue(
    request: SummarizeRequest & { requestId?: string | null },
  ): Promise<{ summary: SummaryResponse } | { job: JobRecord }> {
    const resolved = await this.resolveText(request.tenantId, request.principals, request.source);
    if (resolved.text.length <= this.syncMaxChars) {
      return { summary: await this.summarizeText(resolved, request) };
    }
    const payload: SummarizeJobPayload = {
      tenantId: request.tenantId,
      ...(request.principals ? { principals: [...request.principals] } : {}),
      source: request.source,
      length: request.length,
      ...(request.format ? { format: request.format } : {}),
      ...(request.focus ? { focus: request.focus } : {}),
      ...(request.language ? { language: request.language } : {}),
    };
    const job = await this.options.queue.enqueue(SUMMARIZE_JOB, payload, {
      tenantId: request.tenantId,
      // The result is the document's sentences: readable only by who may read the document.
      ...(resolved.documentId ? { documentIds: [resolved.documentId] } : {}),
      requestId: request.requestId ?? null,
      // Interactive: ahead of ingestion (5) and batch chunks (100).
      priority: 1,
      maxAttempts: 2,
    });
    return { job };
  }

  async summarize(request: SummarizeRequest): Promise<SummaryResponse> {
    const resolved = await this.resolveText(request.tenantId, request.principals, request.source);
    return this.summarizeText(resolved, request);
  }

  private async summarizeText(
    resolved: { text: string; documentId: string | null; language: string | null },
    request: SummarizeRequest,
  ): Promise<SummaryResponse> {
    const { text } = resolved;
    if (text.trim() === '') throw new AppError('invalid_summary_request', 'there is no text to summarize');
    const language =
      request.language ?? resolved.language ?? cjkByScript(text.slice(0, 2000))?.language ?? 'en';
    const format = request.format ?? (request.length.unit === 'bullets' ? 'bullets' : 'paragraph');
    const base = { documentId: resolved.documentId, sourceChars: text.length, language, format };
    if (!this.abstractive) return this.extractive(text, request, base);
    const { generator } = this.options;
    const threshold = this.options.supportThreshold ?? 0.5;
    // A fixed 256 leaves no room for text in small context windows (512-token models).
    const maxTokens =
      this.options.maxTokens ?? Math.max(32, Math.min(512, Math.floor(generator.contextWindow / 4)));
    const out = await summarizeMapReduce({
      sections: [text],
      generator,
      maxTokens,
      length: request.length,
      format,
      ...(request.focus ? { focus: request.focus } : {}),
      language,
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      isSupported: async (sentence, sources) => {
        const verdict = await scoreSentence(
          sentence,
          sources.map((t, i) => ({ number: i + 1, text: t })),
          this.scorer,
          threshold,
        );
        // Filler ("She was very happy.") makes no claim the checker can refute, but it says nothing
        // about the source either: a summary keeps only sentences with supported content.
        return verdict.supported && verdict.reason !== 'no factual claim';
      },
    });
    if (out.sentences.length === 0) {
      const fallback = await this.extractive(text, request, base);
      return {
        ...fallback,
        dropped: out.dropped,
        supportCheck: `guardrails:${this.scorer.id}@${threshold}`,
        fallback: `none of the ${out.dropped.length} generated sentence(s) was supported by the source; this is the extractive summary`,
      };
    }
    const lengthValue =
      request.length.unit === 'words'
        ? out.sentences.reduce((n, s) => n + countWords(s.text), 0)
        : out.sentences.length;
    return {
      ...base,
      method: 'abstractive',
      summary: out.text,
      length: { unit: request.length.unit, value: lengthValue },
      sentences: out.sentences.map((s) => ({
        text: s.text,
        // One section (the whole text), so section offsets are offsets into the text.
        sources: s.sources.map((span) => ({
          start: span.start,
          end: span.end,
          text: text.slice(span.start, span.end),
        })),
      })),
      generator: out.generatorId,
      dropped: out.dropped,
      supportCheck: `guardrails:${this.scorer.id}@${threshold}`,
    };
  }

  private async extractive(
    text: string,
    request: SummarizeRequest,
    base: { documentId: string | null; sourceChars: number; language: string; format: SummaryFormat },
  ): Promise<SummaryResponse> {
    request.onProgress?.({ stage: 'extractive' });
    const { format, language } = base;
    const out = await summarizeExtractive({
      text,
      length: request.length,
      format,
      ...(request.focus ? { focus: request.focus } : {}),
      locale: language,
    });
    return {
      ...base,
      method: 'extractive',
      summary: out.text,
      length: out.length,
      sentences: out.sentences.map((s) => ({
        text: s.text,
        sources: [{ start: s.start, end: s.end, text: s.text }],
      })),
      generator: this.options.generator.id,
    };
  }
}

export interface SummarizeJobPayload extends SummarizeOptions {
  tenantId: string;
  principals?: string[];
  source: SummarizeSource;
}
