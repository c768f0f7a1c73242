import type { EmbedderSpec } from '@grounded/documents';
import type { Embedder } from '@grounded/retrieval';
import { z } from 'zod';
import { type Config, embedderKind } from './config';

/**
 * The embedder settings a re-embedding request may name (issue #17): one of the kinds EMBEDDER
 * accepts, and a model name resolved the way EMBEDDER_MODEL is (under MODELS_DIR, or on the hub
 * when ALLOW_REMOTE_MODELS). A new kind of embedder added to EMBEDDER and to `createEmbedder`
 * is accepted here without a change. Paths and URLs are not accepted: they stay in the config.
 */
export const embedderSpecSchema = z
  .object({
    kind: embedderKind,
    // An organisation/name id, as on the Hugging Face hub: no absolute path, no '..'.
    model: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, 'a model id such as org/name')
      .refine((model) => !model.split('/').includes('..'), 'a model id such as org/name')
      .optional(),
  })
  .strict();

export function parseEmbedderSpec(raw: unknown): EmbedderSpec {
  return embedderSpecSchema.parse(raw);
}

/** The settings of the server's configured embedder. */
export function embedderSpecOf(config: Config): EmbedderSpec {
  return { kind: config.EMBEDDER, ...(config.EMBEDDER_MODEL ? { model: config.EMBEDDER_MODEL } : {}) };
}

/**
 * Builds the embedder a spec names with the configured factory: the spec replaces EMBEDDER and
 * EMBEDDER_MODEL, every other setting (model folder, threads, device, a server's URL) is the
 * config's. A kind that needs a model and gets none fails here, like a config without it.
 */
export async function buildEmbedderFromSpec(
  config: Config,
  spec: EmbedderSpec,
  create: (config: Config) => Promise<Embedder>,
): Promise<Embedder> {
  const kind = embedderKind.parse(spec.kind);
  const model = spec.model ?? (kind === config.EMBEDDER ? config.EMBEDDER_MODEL : undefined);
  if (kind === 'transformers' && !model) throw new Error('a transformers embedder needs a model');
  const { EMBEDDER_MODEL: _model, ...rest } = config;
  return create({ ...rest, EMBEDDER: kind, ...(model ? { EMBEDDER_MODEL: model } : {}) });
}
