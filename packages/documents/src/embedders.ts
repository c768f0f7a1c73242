import { AppError } from '@grounded/core';
import type { Embedder } from '@grounded/retrieval';

/**
 * What an admin may ask a collection to be embedded with (issue #17): a kind the server can
 * build (its EMBEDDER setting's values) and, for kinds that need one, a model. Everything else an
 * embedder needs (model folder, threads, a remote server's URL and key) stays in the server's
 * configuration, so a request can never point the server at a path or a host.
 */
export interface EmbedderSpec {
  kind: string;
  model?: string | undefined;
}

/** What decides which embedder a collection's vectors came from. */
export interface EmbedderIdentity {
  id: string;
  embedderId: string;
  embeddingDimension: number;
  embedderSpec?: EmbedderSpec | null;
}

/** The embedder for a collection: its queries and new chunks must use the one that built it. */
export interface EmbedderResolver {
  /** `embedder_mismatch` when this server cannot build the collection's embedder. */
  forCollection(collection: EmbedderIdentity): Promise<Embedder>;
  /** An embedder this process has already built, by id (an index that still serves old vectors). */
  built(embedderId: string): Embedder | undefined;
}

export interface EmbedderRegistryOptions {
  /** The server's configured embedder: new collections are built with it. */
  defaultEmbedder: Embedder;
  defaultSpec: EmbedderSpec;
  /** Validates requested settings; throws `validation_failed` for a kind this server does not know. */
  parse(raw: unknown): EmbedderSpec;
  /** Builds an embedder; whatever it throws is reported as `embedder_build_failed`. */
  build(spec: EmbedderSpec): Promise<Embedder>;
}

/**
 * The embedders this process uses: the configured default, and those collections were re-embedded
 * with, each built once on first use and kept until `close()`. A new kind of embedder plugs in
 * where the container builds embedders from a spec; nothing here names a kind.
 */
export class EmbedderRegistry implements EmbedderResolver {
  private readonly building = new Map<string, Promise<Embedder>>();
  private readonly byId = new Map<string, Embedder>();

  constructor(private readonly options: EmbedderRegistryOptions) {
    this.byId.set(options.defaultEmbedder.id, options.defaultEmbedder);
    this.building.set(specKey(options.defaultSpec), Promise.resolve(options.defaultEmbedder));
  }

  get default(): Embedder {
    return this.options.defaultEmbedder;
  }

  parse(raw: unknown): EmbedderSpec {
    return this.options.parse(raw);
  }

  /** The embedder these settings describe, built once (a model loads only the first time). */
  async build(spec: EmbedderSpec): Promise<Embedder> {
    const key = specKey(spec);
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.options.build(spec).then(
        (embedder) => {
          this.byId.set(embedder.id, embedder);
          return embedder;
        },
        (error: unknown) => {
          // Not cached: a model folder fixed later works without a restart.
          this.building.delete(key);
          throw new AppError(
            'embedder_build_failed',
            `this server cannot build the embedder ${JSON.stringify(spec)}: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error, details: { spec } },
          );
        },
      );
      this.building.set(key, pending);
    }
    return pending;
  }

  async forCollection(collection: EmbedderIdentity): Promise<Embedder> {
    const fallback = this.options.defaultEmbedder;
    if (collection.embedderId === fallback.id) return fallback;
    if (collection.embedderSpec) {
      const embedder = await this.build(collection.embedderSpec).catch((error: unknown) => {
        throw mismatch(collection, fallback, error);
      });
      if (embedder.id === collection.embedderId && embedder.dimension === collection.embeddingDimension) {
        return embedder;
      }
      // The same settings now build another model (a folder replaced): its vectors would not match.
      throw mismatch(collection, embedder);
    }
    throw mismatch(collection, fallback);
  }

  built(embedderId: string): Embedder | undefined {
    return this.byId.get(embedderId);
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled([...this.building.values()]);
    this.building.clear();
    this.byId.clear();
    await Promise.allSettled(
      all.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])),
    );
  }
}

/** The same settings in any key order name the same embedder. */
function specKey(spec: EmbedderSpec): string {
  return JSON.stringify(Object.fromEntries(Object.entries(spec).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * A collection's vectors all come from the embedder that built it. Whatever writes or queries
 * them refuses to when this server cannot build that embedder, instead of mixing vector spaces.
 */
export function mismatch(
  collection: EmbedderIdentity,
  embedder: Pick<Embedder, 'id' | 'dimension'>,
  cause?: unknown,
): AppError {
  return new AppError(
    'embedder_mismatch',
    `collection ${collection.id} was built with embedder '${collection.embedderId}' (${collection.embeddingDimension} dimensions); this server runs '${embedder.id}' (${embedder.dimension})`,
    {
      ...(cause ? { cause } : {}),
      details: {
        collectionEmbedder: collection.embedderId,
        collectionDimension: collection.embeddingDimension,
        serverEmbedder: embedder.id,
        serverDimension: embedder.dimension,
      },
    },
  );
}
