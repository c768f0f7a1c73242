import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ApiKeyService, loadOrCreateSecret, WidgetTokenService } from '@grounded/access';
import {
  ChatService,
  ConversationInsightsService,
  ConversationService,
  createSpellingCorrector,
  FeedbackService,
  GapsService,
  HandoffService,
  redactAnswersCiting,
} from '@grounded/chat';
import { repoRoot } from '@grounded/core';
import {
  ChunksRepo,
  CollectionService,
  createIngestionHandler,
  createReembedHandler,
  DocumentService,
  EmbedderRegistry,
  GuardrailService,
  INGEST_JOB,
  INJECTION_SCAN_TASK,
  INJECTION_SCAN_TASK_URL,
  IndexManager,
  REEMBED_JOB,
  ReembedService,
} from '@grounded/documents';
import {
  createEmbeddingSafetyClassifier,
  createLexiconSafetyClassifier,
  withChineseHateModel,
} from '@grounded/guardrails';
import { createDocumentProcessorPool, type DocumentProcessor } from '@grounded/ingest';
import { createBullmqQueue, createInProcessQueue, type JobHandler, type JobQueue } from '@grounded/jobs';
import {
  createCachedSimilarity,
  createEnglishSentimentEnsemble,
  createExtractiveAnswerer,
  createGeneratorTranslator,
  createLexiconSentimentClassifier,
  createLlamaCppGenerator,
  createOpenAiCompatibleGenerator,
  createTransformersGenerator,
  createTransformersTranslator,
  createUnconfiguredTranslator,
  detectLanguageFastText,
  type ExtractiveOptions,
  type Generator,
  type LanguageDetector,
  loadChineseSentimentEnsemble,
  loadWordList,
  loadWordNet,
  type SentimentClassifier,
  type Translator,
  USE_LITE_ANSWERING_MODEL,
} from '@grounded/llm';
import {
  createCrossEncoderReranker,
  createRemoteEmbedder,
  createRemoteReranker,
  createTransformersEmbedder,
  createUseLiteEmbedder,
  type Embedder,
  type Reranker,
  USE_LITE_ID,
  withQueryCache,
} from '@grounded/retrieval';
import { SearchService } from '@grounded/search';
import {
  createSentimentChunkHandler,
  InteractiveGate,
  lazy,
  SENTIMENT_BATCH_CHUNK_JOB,
  SentimentBatchService,
  SentimentService,
} from '@grounded/sentiment';
import { SOURCE_CRAWL_JOB, WebsiteSourceService } from '@grounded/sources';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Database,
  runMigrations,
} from '@grounded/storage';
import {
  createSummarizeHandler,
  removeSummariesOf,
  SUMMARIZE_JOB,
  SummarizeService,
} from '@grounded/summarize';
import { lazyTranslator, TranslateService } from '@grounded/translate';
import {
  redactDeliveriesOfConversations,
  redactDeliveriesQuoting,
  WEBHOOK_DELIVER_JOB,
  WebhookService,
} from '@grounded/webhooks';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Config, parseLimitsOf } from './config';
import { buildEmbedderFromSpec, embedderSpecOf, parseEmbedderSpec } from './embedder-specs';
import {
  createMetrics,
  instrumentEmbedder,
  instrumentGenerator,
  instrumentJobHandlers,
  type Metrics,
} from './metrics';
import { reportDocumentFailures } from './webhook-events';

/** Everything the HTTP app, the worker and the CLI need, built once from the config. */
export interface Container {
  config: Config;
  logger: Logger;
  db: Database;
  queue: JobQueue;
  embedder: Embedder;
  /** Each collection's own embedder: the default, or the one it was re-embedded with (issue #17). */
  embedders: EmbedderRegistry;
  reembedding: ReembedService;
  generator: Generator;
  indexes: IndexManager;
  collections: CollectionService;
  documents: DocumentService;
  search: SearchService;
  chat: ChatService;
  /** Stored conversations, and who may see them and their messages (issue #12). */
  conversations: ConversationService;
  feedback: FeedbackService;
  /** Content gaps: unanswered and down-rated questions, clustered (issue #18). */
  gaps: GapsService;
  conversationInsights: ConversationInsightsService;
  /** Human handoff and signed webhooks (issue #18). */
  handoff: HandoffService;
  webhooks: WebhookService;
  /** Website sources: crawled by the worker, re-crawled on a schedule (issue #18). */
  sources: WebsiteSourceService;
  jobHandlers: Record<string, JobHandler>;
  /**
   * Runs this process's queue workers (WORKER_CONCURRENCY, WORKER_TENANT_CONCURRENCY), and starts
   * a parsing thread so the first upload does not wait for it to load.
   */
  startWorkers(): Promise<void>;
  /** Sentiment (issue #6): language-routed classifiers, trained models, batches. */
  sentiment: SentimentService;
  sentimentBatches: SentimentBatchService;
  summarizer: SummarizeService;
  translation: TranslateService;
  /** Parses documents (with OCR: page rendering and recognition) on worker threads, off the event loop. */
  documentProcessor: DocumentProcessor;
  /** Interactive requests in flight; batch chunks in this process pause for them. */
  interactive: InteractiveGate;
  apiKeys: ApiKeyService;
  widgetTokens: WidgetTokenService;
  metrics: Metrics;
  guardrails: GuardrailService;
  /** A plain Redis connection for rate limits, when REDIS_URL is set. */
  redis: Redis | null;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(repoRoot(import.meta.dirname), 'migrations');

export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.DATABASE_URL) {
    return createPostgresDatabase({
      connectionString: config.DATABASE_URL,
      ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
    });
  }
  await mkdir(config.pgliteDir, { recursive: true });
  logger.info({ dir: config.pgliteDir }, 'no DATABASE_URL: using the embedded PGlite database');
  return createPgliteDatabase({ dataDir: config.pgliteDir });
}

function modelsDir(config: Config): string | undefined {
  return config.MODELS_DIR ? path.resolve(config.MODELS_DIR) : undefined;
}

/**
 * The model embedder behind the query-vector cache. `instrument` wraps the model itself, inside the
 * cache, so that metrics count texts the model embedded, not questions the cache answered.
 */
export async function createEmbedder(
  config: Config,
  instrument: (model: Embedder) => Embedder = (model) => model,
): Promise<Embedder> {
  return withQueryCache(instrument(await createModelEmbedder(config)), {
    maxEntries: config.QUERY_CACHE_SIZE,
  });
}

async function createModelEmbedder(config: Config): Promise<Embedder> {
  if (config.EMBEDDER === 'transformers') {
    const localModelPath = modelsDir(config);
    return createTransformersEmbedder({
      model: config.EMBEDDER_MODEL!,
      ...(localModelPath ? { localModelPath } : {}),
      allowRemoteModels: config.ALLOW_REMOTE_MODELS,
      device: config.DEVICE,
    });
  }
  if (config.EMBEDDER === 'remote') {
    return createRemoteEmbedder({
      url: config.EMBEDDER_URL!,
      model: config.EMBEDDER_MODEL!,
      ...(config.EMBEDDER_API_KEY ? { apiKey: config.EMBEDDER_API_KEY } : {}),
      ...(config.EMBEDDER_DIMENSIONS ? { dimensions: config.EMBEDDER_DIMENSIONS } : {}),
      batchSize: config.EMBEDDER_BATCH_SIZE,
      concurrency: config.EMBEDDER_CONCURRENCY,
      timeoutMs: config.EMBEDDER_TIMEOUT_MS,
      maxRetries: config.EMBEDDER_MAX_RETRIES,
    });
  }
  return createUseLiteEmbedder({ threads: config.EMBEDDER_THREADS });
}

/** The reranker search and chat use (issue #17); none by default, so rankings stay as measured. */
export async function createReranker(
  config: Config,
): Promise<(Reranker & { close(): Promise<void> }) | null> {
  switch (config.RERANKER) {
    case 'cross-encoder': {
      const localModelPath = modelsDir(config);
      return createCrossEncoderReranker({
        model: config.RERANKER_MODEL!,
        ...(localModelPath ? { localModelPath } : {}),
        allowRemoteModels: config.ALLOW_REMOTE_MODELS,
        device: config.DEVICE,
      });
    }
    case 'remote':
      return createRemoteReranker({
        url: config.RERANKER_URL!,
        ...(config.RERANKER_MODEL ? { model: config.RERANKER_MODEL } : {}),
        ...(config.RERANKER_API_KEY ? { apiKey: config.RERANKER_API_KEY } : {}),
        timeoutMs: config.RERANKER_TIMEOUT_MS,
        maxRetries: config.RERANKER_MAX_RETRIES,
      });
    case 'none':
      return null;
  }
}

export async function createGenerator(
  config: Config,
  /** The default embedder, for the extractive answerer's sentence similarity. */
  sentenceEmbedder?: Promise<Embedder>,
): Promise<Generator> {
  const localModelPath = modelsDir(config);
  switch (config.GENERATOR) {
    case 'transformers':
      return createTransformersGenerator({
        model: config.GENERATOR_MODEL!,
        ...(localModelPath ? { localModelPath } : {}),
        allowRemoteModels: config.ALLOW_REMOTE_MODELS,
        device: config.DEVICE,
      });
    case 'llama-cpp':
      return createLlamaCppGenerator({
        modelPath: path.resolve(config.GENERATOR_MODEL!),
        gpu: config.DEVICE === 'cuda' ? 'cuda' : false,
        // node-llama-cpp's default thread count oversubscribes small machines (40 tokens took
        // 15 s instead of 80 ms on 2 cores, fixtures README); half the cores leaves room for
        // the embedder and the HTTP server (1 thread on 2 cores).
        threads: Math.max(1, Math.floor((await import('node:os')).availableParallelism() / 2)),
      });
    case 'openai':
      return createOpenAiCompatibleGenerator({
        baseUrl: config.OPENAI_BASE_URL!,
        model: config.GENERATOR_MODEL!,
        ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
      });
    case 'extractive':
      return createExtractiveAnswerer(await extractiveOptions(config, sentenceEmbedder));
  }
}

/**
 * The extractive answerer ranks sentences by USE-lite similarity too, and abstains by the gate
 * fitted with it (issue #15, `npm run eval -- answering`), when the default embedder is USE-lite:
 * the gate's weights hold for USE-lite cosines only. Sentence vectors are cached across turns.
 */
async function extractiveOptions(
  config: Config,
  sentenceEmbedder: Promise<Embedder> | undefined,
): Promise<ExtractiveOptions> {
  if (!config.ANSWER_SIMILARITY || !sentenceEmbedder) return {};
  const embedder = await sentenceEmbedder;
  if (embedder.id !== USE_LITE_ID) return {};
  const wordnet = loadWordNet();
  return {
    // Alone: a sentence's score must not depend on the sentences first embedded with it.
    similarity: createCachedSimilarity((texts, scope) =>
      embedder.embed(texts, scope === undefined ? { alone: true } : { cacheScope: scope, alone: true }),
    ),
    answerability: USE_LITE_ANSWERING_MODEL,
    abstainBelow: 0,
    // The gate's antonymSwap and unlinkedMissing features (issue #15): WordNet, read once here.
    antonyms: wordnet.antonyms,
    linked: wordnet.linked,
    // The sentence shown first is the one best supported in context (its heading, its chunk's
    // retrieval rank, a fact of the asked kind): measured on the dev halves, eval/answering.ts.
    contextOrder: true,
  };
}

export async function createContainer(config: Config, logger: Logger): Promise<Container> {
  const db = await openDatabase(config, logger);
  const { applied } = await runMigrations(db, { dir: MIGRATIONS_DIR, logger });
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const queue = config.REDIS_URL
    ? createBullmqQueue({
        db,
        redisUrl: config.REDIS_URL,
        queueName: config.QUEUE_NAME,
        logger,
        lockDurationMs: config.QUEUE_LOCK_MS,
        stalledIntervalMs: config.QUEUE_STALLED_CHECK_MS,
      })
    : createInProcessQueue({ db, logger });
  const metrics = createMetrics();
  const instrument = (model: Embedder) => instrumentEmbedder(model, metrics);
  const embedderReady = createEmbedder(config, instrument);
  const [embedder, rawGenerator, reranker] = await Promise.all([
    embedderReady,
    createGenerator(config, embedderReady),
    createReranker(config),
  ]);
  const generator = instrumentGenerator(rawGenerator, metrics);
  const embedders = new EmbedderRegistry({
    defaultEmbedder: embedder,
    defaultSpec: embedderSpecOf(config),
    parse: parseEmbedderSpec,
    build: (spec) =>
      buildEmbedderFromSpec(config, spec, (specConfig) => createEmbedder(specConfig, instrument)),
  });
  const indexes = new IndexManager({
    chunks: new ChunksRepo(db),
    dataDir: config.indexDir,
    logger,
  });
  const search = new SearchService({
    db,
    embedder,
    embedders,
    indexes,
    ranking: {
      ...(config.SEARCH_DOCUMENT_WEIGHT === undefined
        ? {}
        : { documentWeight: config.SEARCH_DOCUMENT_WEIGHT }),
      ...(config.SEARCH_VECTOR_WEIGHT === undefined
        ? {}
        : { weights: { bm25: 1, vector: config.SEARCH_VECTOR_WEIGHT } }),
    },
    ...(reranker ? { reranker, rerankTopN: config.RERANK_TOP_N } : {}),
    logger,
  });
  const guardrails = new GuardrailService({
    db,
    // The learned hate model shares the retrieval embedder (USE-lite); closing is the embedder's.
    // The default lexicon gets the Chinese character n-gram hate model (no embedding, < 1 ms).
    safety:
      config.SAFETY_CLASSIFIER === 'learned'
        ? await createEmbeddingSafetyClassifier({ embedder })
        : withChineseHateModel(createLexiconSafetyClassifier()),
    onVerdict: (verdict) => metrics.guardrailVerdicts.inc({ check: verdict.check, action: verdict.action }),
  });
  const webhooks = new WebhookService({
    db,
    queue,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  });
  const onHookError = (error: unknown) => logger.warn({ err: error }, 'webhook event not queued');
  const conversations = new ConversationService({
    db,
    guardrails,
    onHookError,
    onDeleted: redactDeliveriesOfConversations,
    async onAnswer(answer) {
      if (!answer.abstained) return;
      const { tenantId, ...data } = answer;
      await webhooks.emit(tenantId, 'answer.abstained', data, { collectionId: answer.collectionId });
    },
  });
  // Shared by every API process through Postgres, so a token minted by one is valid on all.
  const widgetTokens = new WidgetTokenService(await loadOrCreateSecret(db, 'widget-token-hmac'));
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
      })
    : null;
  redis?.on('error', (error) => logger.debug({ err: error }, 'rate-limit redis error'));
  redis?.connect().catch(() => undefined);
  const issue6 = createIssue6Services(config, logger, db, queue, generator);
  const documentProcessor = createDocumentProcessorPool({
    threads: config.INGEST_THREADS,
    tasks: { [INJECTION_SCAN_TASK]: INJECTION_SCAN_TASK_URL },
  });
  // Other features' copies of a document's text: deleted with the document or its
  // collection, and with the chunks a replacement drops.
  const copies = {
    answers: redactAnswersCiting,
    summaries: removeSummariesOf,
    events: redactDeliveriesQuoting,
  };
  const jobHandlers: Record<string, JobHandler> = {
    [SENTIMENT_BATCH_CHUNK_JOB]: createSentimentChunkHandler({
      db,
      sentiment: issue6.sentiment,
      logger,
      gate: issue6.interactive,
      onFinished: (batch) =>
        webhooks.emit(batch.tenantId, 'batch.completed', {
          batchId: batch.id,
          status: batch.status,
          rowsTotal: batch.rowsTotal,
          rowsDone: batch.rowsDone,
        }),
    }),
    [SUMMARIZE_JOB]: createSummarizeHandler({ summarize: issue6.summarizer }),
    [INGEST_JOB]: reportDocumentFailures(
      webhooks,
      db,
      queue,
      logger,
      createIngestionHandler({
        db,
        embedder,
        embedders,
        logger,
        parseLimits: parseLimitsOf(config),
        maxChunks: config.MAX_DOCUMENT_CHUNKS,
        onChunksChanged: (collectionId) => indexes.sync(collectionId),
        guardrails,
        // Issue #16: parsing and chunking on a worker thread, off the HTTP event loop.
        processor: documentProcessor,
        copies,
      }),
    ),
    [REEMBED_JOB]: createReembedHandler({ db, embedders, indexes, logger }),
    [WEBHOOK_DELIVER_JOB]: webhooks.handler(),
  };
  const documents = new DocumentService({
    db,
    queue,
    indexes,
    copies,
  });
  const sources = new WebsiteSourceService({
    db,
    queue,
    documents,
    fetch: {
      allow: config.SOURCE_FETCH_ALLOW,
      maxBytes: config.SOURCE_FETCH_MAX_BYTES,
      timeoutMs: config.SOURCE_FETCH_TIMEOUT_MS,
    },
  });
  jobHandlers[SOURCE_CRAWL_JOB] = sources.handler();
  // Due re-crawls are queued by every process; the job id (source + due time) makes it once.
  const scheduler =
    config.SOURCE_SCHEDULE_TICK_MS > 0
      ? setInterval(() => {
          sources
            .enqueueDue()
            .catch((error: unknown) => logger.warn({ err: error }, 'source schedule check failed'));
        }, config.SOURCE_SCHEDULE_TICK_MS).unref()
      : null;
  return {
    config,
    logger,
    db,
    queue,
    embedder,
    embedders,
    reembedding: new ReembedService({ db, queue, embedders }),
    generator,
    indexes,
    collections: new CollectionService({ db, embedder, indexes, embedders, copies }),
    documents,
    sources,
    search,
    chat: new ChatService({
      search,
      generator,
      guardrails,
      ...(config.CHAT_SPELLING ? { spelling: createSpellingCorrector({ isWord: loadWordList() }) } : {}),
    }),
    conversations,
    feedback: new FeedbackService({
      db,
      conversations,
      onHookError,
      async onRated(rated) {
        const { tenantId, ...data } = rated;
        await webhooks.emit(tenantId, 'feedback.created', data, { collectionId: rated.collectionId });
        if (rated.rating > 2) return;
        await webhooks.emit(tenantId, 'feedback.negative', data, { collectionId: rated.collectionId });
      },
    }),
    conversationInsights: new ConversationInsightsService({ db, sentiment: issue6.sentiment }),
    handoff: new HandoffService({ db, conversations, sentiment: issue6.sentiment, events: webhooks }),
    webhooks,
    gaps: new GapsService({ db, search, embedderFor: (collection) => embedders.forCollection(collection) }),
    guardrails,
    jobHandlers: instrumentJobHandlers(jobHandlers, metrics),
    metrics,
    sentiment: issue6.sentiment,
    sentimentBatches: issue6.sentimentBatches,
    summarizer: issue6.summarizer,
    translation: issue6.translation,
    documentProcessor,
    interactive: issue6.interactive,
    apiKeys: new ApiKeyService(db),
    widgetTokens,
    redis,
    async startWorkers() {
      await queue.startWorker(jobHandlers, {
        concurrency: config.WORKER_CONCURRENCY,
        perTenantConcurrency: config.WORKER_TENANT_CONCURRENCY,
      });
      void documentProcessor.warm?.();
    },
    async close() {
      if (scheduler) clearInterval(scheduler);
      redis?.disconnect();
      await queue.close();
      await issue6.close();
      await indexes.flush();
      await documentProcessor.close();
      await Promise.allSettled([embedders.close(), generator.close(), reranker?.close()]);
      await db.close();
      metrics.close();
    },
  };
}

/**
 * Summarize, translate and sentiment (issue #6). Models load on first use (lazy), so start-up and
 * processes that never classify stay fast; paths come only from the config.
 */
export function createIssue6Services(
  config: Config,
  logger: Logger,
  db: Database,
  queue: JobQueue,
  generator: Generator,
) {
  const detector = lazy<LanguageDetector>(() => detectLanguageFastText());
  const lexicon = lazy<SentimentClassifier>(async () => createLexiconSentimentClassifier());
  const english = lazy<SentimentClassifier>(async () => {
    if (!config.FASTTEXT_POLARITY_MODEL) return lexicon();
    return createEnglishSentimentEnsemble({
      polarityModelPath: config.FASTTEXT_POLARITY_MODEL,
      ...(config.FASTTEXT_STARS_MODEL ? { starsModelPath: config.FASTTEXT_STARS_MODEL } : {}),
      neutralBand: config.SENTIMENT_EN_NEUTRAL_BAND,
    });
  });
  const zhFile = config.SENTIMENT_ZH_MODEL_FILE;
  const chinese = zhFile
    ? lazy<SentimentClassifier>(() =>
        // The NB alone saturates on short texts; the lexicon ensemble makes its band meaningful.
        loadChineseSentimentEnsemble(zhFile, { neutralBand: config.SENTIMENT_ZH_NEUTRAL_BAND }),
      )
    : undefined;
  const sentiment = new SentimentService({
    db,
    english,
    lexicon,
    detector,
    zhModelName: config.SENTIMENT_ZH_MODEL,
    chinese,
  });
  const sentimentBatches = new SentimentBatchService({
    db,
    queue,
    sentiment,
    logger,
    chunkRows: config.SENTIMENT_BATCH_CHUNK_ROWS,
    maxRows: config.SENTIMENT_BATCH_MAX_ROWS,
    priority: config.SENTIMENT_BATCH_PRIORITY,
  });
  const localModelPath = modelsDir(config);
  let translator: Translator;
  if (config.TRANSLATION_MODEL) {
    const model = config.TRANSLATION_MODEL;
    translator = lazyTranslator(`transformers:${model}`, async () =>
      createTransformersTranslator({
        model,
        ...(localModelPath ? { localModelPath } : {}),
        allowRemoteModels: config.ALLOW_REMOTE_MODELS,
        detectLanguage: await detector(),
      }),
    );
  } else if (config.TRANSLATION_USE_GENERATOR && generator.id !== 'extractive') {
    translator = lazyTranslator(`generator:${generator.id}`, async () =>
      createGeneratorTranslator(generator, { detectLanguage: await detector() }),
    );
  } else {
    translator = createUnconfiguredTranslator();
  }
  const summarizer = new SummarizeService({
    db,
    queue,
    generator,
    syncMaxChars: config.SUMMARIZE_SYNC_MAX_CHARS,
  });
  const translation = new TranslateService({ db, translator, maxChars: config.MAX_TRANSLATE_CHARS });
  logger.debug(
    {
      english: config.FASTTEXT_POLARITY_MODEL ? 'fasttext+lexicon' : 'lexicon',
      chinese: [config.SENTIMENT_ZH_MODEL, zhFile ?? 'lexicon'].filter(Boolean).join(', else '),
      translator: translator.id,
    },
    'issue 6 services configured',
  );
  return {
    interactive: new InteractiveGate(),
    sentiment,
    sentimentBatches,
    summarizer,
    translation,
    async close() {
      await Promise.allSettled([sentiment.close(), translator.close()]);
    },
  };
}
