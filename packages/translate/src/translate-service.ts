import { AppError } from '@grounded/core';
import { DocumentsRepo } from '@grounded/documents';
import type { TranslationResult, Translator } from '@grounded/llm';
import type { Database } from '@grounded/storage';
import { readDocumentText } from '@grounded/summarize';

export interface TranslateRequest {
  tenantId: string;
  principals?: readonly string[] | undefined;
  /** Exactly one of text and documentId. */
  text?: string | undefined;
  documentId?: string | undefined;
  source?: string | undefined;
  target: string;
  glossary?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

export interface TranslateResponse extends TranslationResult {
  translator: string;
  documentId: string | null;
  /** True when `source` was detected (fastText lid.176) rather than given. */
  sourceDetected: boolean;
}

export interface TranslateServiceOptions {
  db: Database;
  /** Built once by the composition root; `createUnconfiguredTranslator()` when no model is set. */
  translator: Translator;
  /** Longest text accepted (characters; default 200000). */
  maxChars?: number;
}

/**
 * Translation of text or of a stored document's extracted text through the configured Translator
 * (transformers.js model or the generator). The unconfigured translator answers
 * `translation_not_configured`, naming the setting; nothing is ever faked.
 */
export class TranslateService {
  private readonly documents: DocumentsRepo;

  constructor(private readonly options: TranslateServiceOptions) {
    this.documents = new DocumentsRepo(options.db);
  }

  get translatorId(): string {
    return this.options.translator.id;
  }

  async translate(request: TranslateRequest): Promise<TranslateResponse> {
    if ((request.text === undefined) === (request.documentId === undefined)) {
      throw new AppError('validation_failed', 'send exactly one of text and documentId');
    }
    const resolved =
      request.documentId !== undefined
        ? await readDocumentText(this.documents, request.tenantId, request.principals, request.documentId)
        : { text: request.text ?? '', documentId: null };
    const maxChars = this.options.maxChars ?? 200_000;
    if (resolved.text.length > maxChars) {
      throw new AppError('text_too_long', `the text is longer than ${maxChars} characters`, {
        details: { maxChars, chars: resolved.text.length },
      });
    }
    const result = await this.options.translator.translate({
      text: resolved.text,
      target: request.target,
      ...(request.source ? { source: request.source } : {}),
      ...(request.glossary ? { glossary: request.glossary } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return {
      ...result,
      translator: this.options.translator.id,
      documentId: resolved.documentId,
      sourceDetected: !request.source,
    };
  }
}

/**
 * A Translator whose model is loaded on first use, so start-up stays fast and a model that fails
 * to load answers `model_load_failed` per request (and is retried) instead of stopping the API.
 */
export function lazyTranslator(id: string, load: () => Promise<Translator>): Translator {
  let loading: Promise<Translator> | null = null;
  const get = () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return {
    id,
    async translate(request) {
      return (await get()).translate(request);
    },
    async close() {
      if (loading) await (await loading.catch(() => null))?.close();
    },
  };
}
