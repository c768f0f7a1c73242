import { AppError } from '@grounded/core';
import type { Embedder } from '@grounded/retrieval';
import { estimateTokens } from '@grounded/text';
import type { Request } from 'express';
import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';
import { idParam, openAiEmbeddingsBody } from '../http/schemas';
import { callerOf } from '../http/tenant';
import { COLLECTION_MODEL_PREFIX } from './openai-compat-routes';

/** Little-endian float32 bytes, base64: what OpenAI sends, and what its SDK asks for by default. */
function base64Of(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/**
 * `POST /v1/embeddings` (issue #17), so that an OpenAI client can embed with the vector space of a
 * collection: `model: "collection:<id>"` embeds with the embedder that built that collection (and
 * a 409 when this server no longer runs it); any other model name uses the server's embedder.
 * Usage counts are the project's tokenizer-free estimate (one per word or CJK character).
 */
export function openAiEmbeddingsRoutes(
  container: Pick<Container, 'config' | 'collections' | 'embedder' | 'embedders'>,
): RouteSpec[] {
  const { config, collections, embedder, embedders } = container;

  const embedderFor = async (req: Request, model: string): Promise<Embedder> => {
    if (!model.startsWith(COLLECTION_MODEL_PREFIX)) return embedder;
    const collectionId = idParam.parse(model.slice(COLLECTION_MODEL_PREFIX.length));
    // A re-embedded collection has its own embedder; one this server cannot build is a 409.
    return embedders.forCollection(await collections.get(callerOf(req).tenantId, collectionId));
  };

  const inputsOf = (input: unknown): string[] => {
    const inputs = typeof input === 'string' ? [input] : (input as unknown[]);
    if (inputs.some((item) => typeof item !== 'string')) {
      throw new AppError(
        'validation_failed',
        'input must be a string or an array of strings; token arrays are not accepted',
      );
    }
    const texts = inputs as string[];
    if (texts.length === 0)
      throw new AppError('validation_failed', 'input is empty: send at least one string');
    if (texts.length > config.EMBEDDINGS_MAX_INPUTS) {
      throw new AppError(
        'too_many_inputs',
        `input has ${texts.length} strings; at most ${config.EMBEDDINGS_MAX_INPUTS} per request (EMBEDDINGS_MAX_INPUTS)`,
      );
    }
    for (const [index, text] of texts.entries()) {
      if (text.trim().length === 0) {
        throw new AppError('validation_failed', `input[${index}] is empty`);
      }
      if (text.length > config.EMBEDDINGS_MAX_INPUT_CHARS) {
        throw new AppError(
          'text_too_long',
          `input[${index}] has ${text.length} characters; at most ${config.EMBEDDINGS_MAX_INPUT_CHARS} (EMBEDDINGS_MAX_INPUT_CHARS)`,
        );
      }
    }
    return texts;
  };

  return [
    {
      method: 'post',
      path: '/v1/embeddings',
      access: STAFF,
      summary:
        'OpenAI-compatible embeddings, with a collection\'s embedder ("collection:<id>") or the default one',
      tag: 'search',
      body: openAiEmbeddingsBody,
      async handler(req, res) {
        const body = openAiEmbeddingsBody.parse(req.body);
        const texts = inputsOf(body.input);
        const chosen = await embedderFor(req, body.model);
        if (body.dimensions != null && body.dimensions !== chosen.dimension) {
          throw new AppError(
            'validation_failed',
            `dimensions: this embedder's vectors have ${chosen.dimension} dimensions and cannot be shortened`,
          );
        }
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        const vectors = await chosen.embed(texts, { signal: abort.signal });
        const base64 = body.encoding_format === 'base64';
        const tokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
        res.json({
          object: 'list',
          data: vectors.map((vector, index) => ({
            object: 'embedding',
            index,
            embedding: base64 ? base64Of(vector) : Array.from(vector),
          })),
          model: body.model,
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        });
      },
    },
  ];
}
