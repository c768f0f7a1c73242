import { availableParallelism } from 'node:os';
import path from 'node:path';
import { OCR_ENGINE_KINDS, OCR_LANGUAGE_SETTINGS, ocrLanguagesOf } from '@grounded/ingest';
import {
  DEFAULT_CHINESE_NEUTRAL_BAND,
  DEFAULT_ENGLISH_NEUTRAL_BAND,
  vendoredSentimentModels,
} from '@grounded/llm';
import { z } from 'zod';

/**
 * Every setting the service reads, from the environment, validated once at start-up. This is the
 * only place that reads `process.env`; everything else receives options.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A model file setting: a default path, an override, or `none` (off, read as undefined). */
const modelFile = (fallback: () => string) =>
  z
    .string()
    .min(1)
    .default(fallback)
    .transform((value) => (value === 'none' ? undefined : path.resolve(value)));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: human-readable on a terminal, JSON lines otherwise (issue #17). */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** Folder for the embedded database and the persisted indexes. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** PostgreSQL; without it the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  /** Redis for the BullMQ queue; without it jobs run in-process. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  QUEUE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('grounded'),
  /** Whether this API process also runs queue workers (the docker-compose worker sets it off). */
  RUN_WORKER: bool.default(true),
  /**
   * Issue #16: 3 jobs at once, at most 2 per tenant, so a small document (or another tenant's)
   * runs while a large one ingests; both queues enforce the tenant cap across processes.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  WORKER_TENANT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Threads that parse and chunk uploads (issue #16). Two by default, so a small document is never
   * queued behind a large one's parse; the second starts only when the first is busy.
   */
  INGEST_THREADS: z.coerce.number().int().min(1).max(32).default(2),
  /**
   * BullMQ: a job whose worker died (SIGKILL, OOM, lost host) goes back to the queue once its lock
   * (renewed every half of QUEUE_LOCK_MS while the worker lives) has expired and a stalled check
   * has run, so another worker takes it over within about their sum. Issue #16's scale-out proof
   * shortens both; a lock much shorter than the longest pause of a worker's event loop would hand
   * a live job to a second worker (harmless, the job store lets only the newest owner finish it,
   * but wasted work).
   */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  QUEUE_STALLED_CHECK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /**
   * Issue #16: how often an API process applies to its indexes the chunk changes other processes
   * (workers, other replicas) logged in Postgres, and loads or drops the collections they created
   * or deleted (on PostgreSQL; the embedded database has one writer); 0 leaves it to the searches,
   * each of which catches its collection up first anyway.
   */
  INDEX_FOLLOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /** Seed the demo collection on start-up when it does not exist yet. */
  DEMO_SEED: bool.default(true),

  EMBEDDER: z.enum(['use-lite', 'transformers', 'remote']).default('use-lite'),
  EMBEDDER_MODEL: z.string().min(1).optional(),
  /** USE-lite worker threads (one model copy each); default one per core, at most 4. */
  EMBEDDER_THREADS: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .default(() => Math.min(4, availableParallelism())),
  /**
   * Remote models (issue #17). EMBEDDER=remote: an OpenAI-compatible /v1/embeddings server (TEI,
   * vLLM, Ollama, OpenAI) at EMBEDDER_URL serving EMBEDDER_MODEL. EMBEDDER_DIMENSIONS skips the
   * start-up probe and is checked against every vector. RERANKER rescores the fused top
   * RERANK_TOP_N: 'cross-encoder' (RERANKER_MODEL under MODELS_DIR) or 'remote' (TEI /rerank).
   */
  EMBEDDER_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMBEDDER_API_KEY: z.string().min(1).optional(),
  EMBEDDER_DIMENSIONS: z.coerce.number().int().min(1).max(65_536).optional(),
  /**
   * Recent question vectors kept per tenant (issue #16): a widget's repeated questions, and the
   * answerer's second look at the question retrieval just embedded, skip the model. 0: none.
   */
  QUERY_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  EMBEDDER_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(32),
  EMBEDDER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  EMBEDDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  EMBEDDER_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  RERANKER: z.enum(['none', 'cross-encoder', 'remote']).default('none'),
  RERANKER_MODEL: z.string().min(1).optional(),
  RERANKER_URL: z.url({ protocol: /^https?$/ }).optional(),
  RERANKER_API_KEY: z.string().min(1).optional(),
  RERANK_TOP_N: z.coerce.number().int().min(1).max(200).default(20),
  RERANKER_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  RERANKER_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
  MODELS_DIR: z.string().min(1).optional(),
  ALLOW_REMOTE_MODELS: bool.default(false),
  DEVICE: z.enum(['cpu', 'cuda']).default('cpu'),

  /** Hybrid search: the vector list's weight in score fusion (BM25 weighs 1); see DEFAULT_RANKING. */
  SEARCH_VECTOR_WEIGHT: z.coerce.number().min(0).max(10).optional(),
  /** BM25: multiple of the chunk's whole-document score added to its own; see DEFAULT_RANKING. */
  SEARCH_DOCUMENT_WEIGHT: z.coerce.number().min(0).max(10).optional(),

  GENERATOR: z.enum(['extractive', 'transformers', 'llama-cpp', 'openai']).default('extractive'),
  GENERATOR_MODEL: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),

  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  /** Deepest nesting of arrays and objects accepted in a JSON body. */
  MAX_JSON_DEPTH: z.coerce.number().int().min(2).max(1000).default(64),
  MAX_PDF_PAGES: z.coerce.number().int().positive().default(2000),
  /** Zip-bomb guard over the whole DOCX archive; see DEFAULT_PARSE_LIMITS for why 100 MiB. */
  MAX_DOCX_UNPACKED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** DOCX XML bytes and tags: what bounds the converter's memory (issue #12, see DEFAULT_PARSE_LIMITS). */
  MAX_DOCX_XML_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 1024 * 1024),
  MAX_DOCX_XML_TAGS: z.coerce.number().int().positive().default(400_000),
  /** Per document (issue #12): characters of extracted text, and chunks to embed and store. */
  MAX_DOCUMENT_CHARS: z.coerce.number().int().positive().default(5_000_000),
  MAX_DOCUMENT_CHUNKS: z.coerce.number().int().positive().default(20_000),
  PARSE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** OCR for scanned PDF pages and PNG/JPEG/TIFF uploads (issue #14): tesseract.js, offline. */
  OCR_ENABLED: bool.default(true),
  /**
   * 'tesseract' (tesseract.js) or 'paddle' (PaddleOCR PP-OCRv4 on onnxruntime); both offline,
   * both read English and Simplified Chinese. See the README's OCR figures for how they compare.
   */
  OCR_ENGINE: z.enum(OCR_ENGINE_KINDS).default('tesseract'),
  /**
   * The OCR language of collections that set none: 'auto' (detected from the first page read),
   * or '+'-separated tesseract codes (eng, chi_sim).
   */
  OCR_LANGUAGES: z.enum(OCR_LANGUAGE_SETTINGS).default('auto'),
  OCR_MAX_PAGES: z.coerce.number().int().positive().default(50),
  OCR_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  MAX_QUESTION_CHARS: z.coerce.number().int().positive().default(4000),

  /** Comma-separated origins allowed by CORS (the widget endpoints are handled by their tokens). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** Requests per minute per API key or widget token; 0 disables. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Requests per minute per client IP, counted before authentication; 0 disables. */
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /** Serve /metrics without a credential (for a Prometheus scraper on a private network). */
  METRICS_PUBLIC: bool.default(true),
  /**
   * Origins the demo page's widget token is minted for (comma-separated). Unset: this server's
   * loopback origins (http://127.0.0.1:PORT, http://localhost:PORT), never the request's Host.
   */
  WIDGET_DEMO_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** Default lifetime of widget tokens, in seconds. */
  WIDGET_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  MAX_TOP_K: z.coerce.number().int().positive().max(1000).default(100),

  /** Translation (issue #6): a transformers.js translation model under MODELS_DIR (or a hub id with ALLOW_REMOTE_MODELS). */
  TRANSLATION_MODEL: z.string().min(1).optional(),
  /** Translate with the configured generator (a prompt) when no TRANSLATION_MODEL is set. */
  TRANSLATION_USE_GENERATOR: bool.default(false),
  /**
   * Issue #15: the extractive answerer also ranks sentences by USE-lite similarity and abstains by
   * the gate fitted with it (when the default embedder is USE-lite); false = lexical scores only.
   */
  ANSWER_SIMILARITY: bool.default(true),
  /**
   * Chat corrects a question's typos ("pasword reset", "whats ur refund policy") against the words of
   * what retrieval found, then searches again; false = questions as typed.
   */
  CHAT_SPELLING: bool.default(true),
  MAX_TRANSLATE_CHARS: z.coerce.number().int().positive().default(200_000),
  /** Summaries of longer inputs (characters) run as a queued job: 202 with the job id. */
  SUMMARIZE_SYNC_MAX_CHARS: z.coerce.number().int().positive().default(100_000),
  /**
   * Sentiment models (issue #17): the ones vendored under models/ by default, so a fresh clone runs the
   * best offline configuration; a path overrides one, `none` turns it off (English: the wink lexicon;
   * Chinese: the lexicon fallback, neutral).
   */
  FASTTEXT_POLARITY_MODEL: modelFile(() => vendoredSentimentModels().polarity),
  FASTTEXT_STARS_MODEL: modelFile(() => vendoredSentimentModels().stars),
  SENTIMENT_ZH_MODEL_FILE: modelFile(() => vendoredSentimentModels().chinese),
  /** Neutral bands (|score| below is neutral); defaults fitted on eval's short-text dev half. */
  SENTIMENT_EN_NEUTRAL_BAND: z.coerce.number().min(0).max(0.99).default(DEFAULT_ENGLISH_NEUTRAL_BAND),
  SENTIMENT_ZH_NEUTRAL_BAND: z.coerce.number().min(0).max(0.99).default(DEFAULT_CHINESE_NEUTRAL_BAND),
  /** Name of a trained sentiment model (POST /v1/sentiment/models) used for Chinese where the tenant has it. */
  SENTIMENT_ZH_MODEL: z.string().min(1).max(100).optional(),
  SENTIMENT_MAX_TEXTS: z.coerce.number().int().positive().max(1000).default(100),
  SENTIMENT_BATCH_MAX_ROWS: z.coerce.number().int().positive().default(1_000_000),
  SENTIMENT_BATCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024 * 1024),
  SENTIMENT_BATCH_CHUNK_ROWS: z.coerce.number().int().min(10).max(100_000).default(1000),
  /** Queue priority of batch chunk jobs: higher runs later (ingestion 5, summaries 1). */
  SENTIMENT_BATCH_PRIORITY: z.coerce.number().int().min(0).max(100_000).default(100),
  SENTIMENT_TRAIN_MAX_ROWS: z.coerce.number().int().positive().default(200_000),
  /** OpenAI-compatible POST /v1/embeddings (issue #17): inputs per request, characters per input. */
  EMBEDDINGS_MAX_INPUTS: z.coerce.number().int().positive().max(2048).default(128),
  EMBEDDINGS_MAX_INPUT_CHARS: z.coerce.number().int().positive().default(8000),
  // --- Guardrails (issue #19) ---
  /**
   * Toxicity/hate classifier of the input stage: `lexicon` (default, < 1 ms), or `learned`: the
   * lexicon plus the implicit-hate model over USE-lite embeddings (needs EMBEDDER=use-lite, whose
   * model it shares). Its embedding of the question lands in the query-vector cache, so retrieval
   * does not embed it again (QUERY_CACHE_SIZE > 0); not the default: eval/safety-default-rule.md.
   */
  SAFETY_CLASSIFIER: z.enum(['lexicon', 'learned']).default('lexicon'),
  /** Webhooks (issue #18): tries per delivery (the queue backs off exponentially) and per-try timeout. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Website sources (issue #18): hosts (`name` or `name:port`) a crawl may reach although they
   * resolve to private, loopback or link-local addresses; per-response size and time bounds; how
   * often each process checks for due re-crawls (0: never).
   */
  SOURCE_FETCH_ALLOW: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    ),
  SOURCE_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  SOURCE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  SOURCE_SCHEDULE_TICK_MS: z.coerce.number().int().min(0).default(60_000),
});

/** The embedder kinds this server can build: what a re-embedding request may ask for (issue #17). */
export const embedderKind = envSchema.shape.EMBEDDER.unwrap();

export type Config = z.infer<typeof envSchema> & {
  /** Absolute folder for PGlite data. */
  pgliteDir: string;
  /** Absolute folder for persisted indexes. */
  indexDir: string;
};

/** The parse limits every path that parses a document applies (ingestion, summaries of files). */
export function parseLimitsOf(config: Config) {
  return {
    maxBytes: config.MAX_UPLOAD_BYTES,
    maxPages: config.MAX_PDF_PAGES,
    maxUnpackedBytes: config.MAX_DOCX_UNPACKED_BYTES,
    maxDocxXmlBytes: config.MAX_DOCX_XML_BYTES,
    maxDocxXmlTags: config.MAX_DOCX_XML_TAGS,
    maxChars: config.MAX_DOCUMENT_CHARS,
    timeoutMs: config.PARSE_TIMEOUT_MS,
    ocr: config.OCR_ENABLED,
    ocrEngineKind: config.OCR_ENGINE,
    ocrLanguages: ocrLanguagesOf(config.OCR_LANGUAGES),
    ocrMaxPages: config.OCR_MAX_PAGES,
    ocrMinConfidence: config.OCR_MIN_CONFIDENCE,
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as in most .env files and compose files.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const needsModel = config.GENERATOR === 'transformers' || config.GENERATOR === 'llama-cpp';
  if (needsModel && !config.GENERATOR_MODEL) {
    throw new ConfigError(
      `invalid configuration:\n  GENERATOR_MODEL: required when GENERATOR=${config.GENERATOR}`,
    );
  }
  if (config.GENERATOR === 'openai' && (!config.OPENAI_BASE_URL || !config.GENERATOR_MODEL)) {
    throw new ConfigError(
      'invalid configuration:\n  OPENAI_BASE_URL, GENERATOR_MODEL: both required when GENERATOR=openai',
    );
  }
  if (config.EMBEDDER === 'transformers' && !config.EMBEDDER_MODEL) {
    throw new ConfigError('invalid configuration:\n  EMBEDDER_MODEL: required when EMBEDDER=transformers');
  }
  if (config.EMBEDDER === 'remote' && (!config.EMBEDDER_URL || !config.EMBEDDER_MODEL)) {
    throw new ConfigError(
      'invalid configuration:\n  EMBEDDER_URL, EMBEDDER_MODEL: both required when EMBEDDER=remote',
    );
  }
  if (config.RERANKER === 'cross-encoder' && !config.RERANKER_MODEL) {
    throw new ConfigError('invalid configuration:\n  RERANKER_MODEL: required when RERANKER=cross-encoder');
  }
  if (config.RERANKER === 'remote' && !config.RERANKER_URL) {
    throw new ConfigError('invalid configuration:\n  RERANKER_URL: required when RERANKER=remote');
  }
  if (config.SAFETY_CLASSIFIER === 'learned' && config.EMBEDDER !== 'use-lite') {
    throw new ConfigError('invalid configuration:\n  SAFETY_CLASSIFIER=learned: requires EMBEDDER=use-lite');
  }
  const dataDir = path.resolve(config.DATA_DIR);
  return { ...config, pgliteDir: path.join(dataDir, 'pglite'), indexDir: path.join(dataDir, 'indexes') };
}

/**
 * For the entry points (API, worker, CLI): the configuration, or the validation message on stderr
 * and exit code 1, so a typo in .env reads as one clear line rather than a stack trace.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
