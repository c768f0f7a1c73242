import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the service reads, from the environment, validated once at start-up. This is the
 * only place that reads `process.env`; everything else receives options.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Seed the demo collection on start-up when it does not exist yet. */
  DEMO_SEED: bool.default(true),

  EMBEDDER: z.enum(['use-lite', 'transformers']).default('use-lite'),
  EMBEDDER_MODEL: z.string().min(1).optional(),
  /** USE-lite worker threads (one model copy each); default one per core, at most 4. */
  EMBEDDER_THREADS: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .default(() => Math.min(4, availableParallelism())),
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
  MAX_TRANSLATE_CHARS: z.coerce.number().int().positive().default(200_000),
  /** Summaries of longer inputs (characters) run as a queued job: 202 with the job id. */
  SUMMARIZE_SYNC_MAX_CHARS: z.coerce.number().int().positive().default(100_000),
  /** Sentiment: fastText models for English (amazon_review_polarity.ftz / amazon_review_full.ftz). Unset: wink lexicon. */
  FASTTEXT_POLARITY_MODEL: z.string().min(1).optional(),
  FASTTEXT_STARS_MODEL: z.string().min(1).optional(),
  /** Name of a trained sentiment model (POST /v1/sentiment/models) used for Chinese; unset: lexicon fallback. */
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
  // --- Guardrails (issue #19) ---
  /**
   * Toxicity/hate classifier of the input stage: `lexicon` (default, < 1 ms), or `learned`: the
   * lexicon plus the implicit-hate model over USE-lite embeddings (one embedding per question,
   * ~30–50 ms on 2 cores; needs EMBEDDER=use-lite, whose model it shares).
   */
  SAFETY_CLASSIFIER: z.enum(['lexicon', 'learned']).default('lexicon'),
});

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
