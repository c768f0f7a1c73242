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
  MODELS_DIR: z.string().min(1).optional(),
  ALLOW_REMOTE_MODELS: bool.default(false),
  DEVICE: z.enum(['cpu', 'cuda']).default('cpu'),

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
  MAX_PDF_PAGES: z.coerce.number().int().positive().default(2000),
  MAX_DOCX_UNPACKED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  PARSE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  MAX_QUESTION_CHARS: z.coerce.number().int().positive().default(4000),
  MAX_TOP_K: z.coerce.number().int().positive().max(1000).default(100),
});

export type Config = z.infer<typeof envSchema> & {
  /** Absolute folder for PGlite data. */
  pgliteDir: string;
  /** Absolute folder for persisted indexes. */
  indexDir: string;
};

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
  const dataDir = path.resolve(config.DATA_DIR);
  return { ...config, pgliteDir: path.join(dataDir, 'pglite'), indexDir: path.join(dataDir, 'indexes') };
}
