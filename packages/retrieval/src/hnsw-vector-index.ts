import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError, sha256Hex, syncDirectory, syncFile, tempName, writeFileAtomic } from '@grounded/core';
import type { HierarchicalNSW } from 'hnswlib-node';
import { z } from 'zod';
import { exactSearch, type VectorHit } from './exact-search';

export interface HnswIndexOptions {
  dimension: number;
  /** The embedder that made the vectors; recorded in the manifest and checked on load. */
  embedderId: string;
  /** Graph degree; 16 is hnswlib's usual default. */
  m?: number;
  efConstruction?: number;
  /** Candidate list size at query time (raised to k when k is larger). */
  efSearch?: number;
  initialCapacity?: number;
  seed?: number;
  /** Search by an exact scan while the index holds at most this many live vectors. Default EXACT_SCAN_MAX. */
  exactScanMax?: number;
}

export interface HnswLoadOptions {
  /** When set, an index built by another embedder is refused ('embedder_mismatch'). */
  embedderId?: string;
  dimension?: number;
  /** When set, an index whose id checksum differs is reported stale ('index_stale'). */
  expectedVersion?: string;
  /** As HnswIndexOptions.exactScanMax (not part of the saved index). */
  exactScanMax?: number;
}

const MANIFEST = 'manifest.json';
const FORMAT = 1;

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  space: z.literal('ip'),
  dimension: z.number().int().positive(),
  embedderId: z.string().min(1),
  count: z.number().int().nonnegative(),
  m: z.number().int().positive(),
  efConstruction: z.number().int().positive(),
  efSearch: z.number().int().positive(),
  nextLabel: z.number().int().nonnegative(),
  indexFile: z.string().regex(/^index\.[\w.-]+\.bin$/),
  indexSha256: z.string().regex(/^[0-9a-f]{64}$/),
  version: z.string().regex(/^[0-9a-f]{64}$/),
  labels: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
  savedAt: z.string(),
});
export type HnswManifest = z.infer<typeof manifestSchema>;

/** hnswlib-node is a native CommonJS addon; loaded on first use, not at import time. */
function hnswlib(): typeof import('hnswlib-node') {
  return createRequire(import.meta.url)('hnswlib-node') as typeof import('hnswlib-node');
}

/** A checksum over the live ids: equal versions mean the same set of chunks (a rebuild check). */
export function idsVersion(ids: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const id of [...ids].sort()) hash.update(id).update('\n');
  return hash.digest('hex');
}

/**
 * An index of at most this many live vectors is searched by an exact scan of their copies. The
 * graph depends on the order vectors were inserted, which follows which ingestion job finished
 * first: at efSearch 64 a top-50 list over a few hundred vectors can miss a neighbour, and a graph
 * can leave a vector unreachable, so re-ingesting the same files gave different retrieval
 * (exhaustive-small round of #15). A scan of 2,048 512-d vectors takes about 2 ms on 2 shared
 * cores (the graph: 0.2–0.3 ms), against a chat turn of ~40 ms, and the copies hold 4 MB.
 */
export const EXACT_SCAN_MAX = 2048;

/**
 * Approximate cosine search over unit vectors with HNSW (hnswlib, inner-product space, which is
 * cosine on unit vectors). String ids map to integer labels; deleted slots are recycled by new
 * ids (hnswlib's replace-deleted mode), so a collection that churns does not grow without bound.
 */
export class HnswVectorIndex {
  readonly dimension: number;
  readonly embedderId: string;
  private readonly m: number;
  private readonly efConstruction: number;
  /** Query-time candidate list; changeable at run time (setEfSearch) and saved in the manifest. */
  private ef: number;
  private readonly exactScanMax: number;
  /**
   * Copies of the live vectors while the index is small enough to scan; null when not held (the
   * index grew past exactScanMax, or was loaded), then copied out of the graph when next needed.
   */
  private copies: Map<string, { id: string; vector: Float32Array }> | null = new Map();
  private index: HierarchicalNSW;
  private readonly labelOf = new Map<string, number>();
  private readonly idOf = new Map<number, string>();
  private nextLabel = 0;
  /** Slots marked deleted and not yet reused; new ids fill these before the index grows. */
  private deletedSlots = 0;

  constructor(options: HnswIndexOptions) {
    if (!Number.isInteger(options.dimension) || options.dimension <= 0) {
      throw new AppError(
        'invalid_argument',
        `dimension must be a positive integer, got ${options.dimension}`,
      );
    }
    this.dimension = options.dimension;
    this.embedderId = options.embedderId;
    this.m = options.m ?? 16;
    this.efConstruction = options.efConstruction ?? 200;
    this.ef = options.efSearch ?? 64;
    this.exactScanMax = options.exactScanMax ?? EXACT_SCAN_MAX;
    const { HierarchicalNSW: Hnsw } = hnswlib();
    this.index = new Hnsw('ip', this.dimension);
    this.index.initIndex({
      maxElements: Math.max(16, options.initialCapacity ?? 1024),
      m: this.m,
      efConstruction: this.efConstruction,
      randomSeed: options.seed ?? 100,
      allowReplaceDeleted: true,
    });
    this.index.setEf(this.ef);
  }

  /** The query-time candidate list size (hnswlib raises it to k for a larger k). */
  get efSearch(): number {
    return this.ef;
  }

  /**
   * Trades recall for latency at query time without a rebuild (ef is not part of the graph).
   * The value is saved with the index, so a reload searches with the same ef.
   */
  setEfSearch(ef: number): void {
    if (!Number.isInteger(ef) || ef <= 0) {
      throw new AppError('invalid_argument', `efSearch must be a positive integer, got ${ef}`);
    }
    this.ef = ef;
    this.index.setEf(ef);
  }

  /** Live (not deleted) vectors. */
  get size(): number {
    return this.labelOf.size;
  }

  has(id: string): boolean {
    return this.labelOf.has(id);
  }

  ids(): string[] {
    return [...this.labelOf.keys()];
  }

  /** Checksum of the live ids; store it beside the source of truth to detect a stale index. */
  version(): string {
    return idsVersion(this.labelOf.keys());
  }

  /** Adds new ids and replaces the vectors of known ones. Vectors must be unit length. */
  upsert(items: readonly { id: string; vector: Float32Array | readonly number[] }[]): void {
    for (const item of items) this.checkVector(item.vector);
    const fresh = new Set<string>();
    for (const item of items) if (!this.labelOf.has(item.id)) fresh.add(item.id);
    const newSlots = Math.max(0, fresh.size - this.deletedSlots);
    const needed = this.index.getCurrentCount() + newSlots;
    if (needed > this.index.getMaxElements()) {
      // Doubling keeps the amortized cost of growth linear.
      this.index.resizeIndex(Math.max(needed, this.index.getMaxElements() * 2));
    }
    for (const item of items) {
      const point = Array.from(item.vector);
      this.copies?.set(item.id, { id: item.id, vector: Float32Array.from(item.vector) });
      const known = this.labelOf.get(item.id);
      if (known !== undefined) {
        this.index.addPoint(point, known, false);
        continue;
      }
      const label = this.nextLabel++;
      const reuse = this.deletedSlots > 0;
      this.index.addPoint(point, label, reuse);
      if (reuse) this.deletedSlots--;
      this.labelOf.set(item.id, label);
      this.idOf.set(label, item.id);
    }
    if (this.labelOf.size > this.exactScanMax) this.copies = null;
  }

  /** Marks ids deleted; returns the ids that were present. A removed id may be added again. */
  remove(ids: readonly string[]): string[] {
    const removed: string[] = [];
    for (const id of ids) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      this.index.markDelete(label);
      this.copies?.delete(id);
      this.labelOf.delete(id);
      this.idOf.delete(label);
      this.deletedSlots++;
      removed.push(id);
    }
    return removed;
  }

  getVector(id: string): Float32Array | null {
    const label = this.labelOf.get(id);
    return label === undefined ? null : Float32Array.from(this.index.getPoint(label));
  }

  /**
   * Top-k by cosine. A small index (exactScanMax) is scanned exactly, ties in id order. Otherwise
   * `filter` runs inside hnswlib's graph search (its label filter), so rejected chunks never take
   * a top-k slot. A very selective filter can starve HNSW's candidate list; when it returns fewer
   * than k while more live vectors exist, we fall back to an exact scan of the passing ids, which
   * is cheap precisely because few pass.
   */
  search(vector: Float32Array | readonly number[], k: number, filter?: (id: string) => boolean): VectorHit[] {
    this.checkVector(vector);
    const live = this.labelOf.size;
    const limit = Math.min(Math.floor(k), live);
    // Not `limit <= 0`: a NaN k would ask the scan for every vector.
    if (!(limit > 0)) return [];
    if (live <= this.exactScanMax) {
      const hits = exactSearch(this.scanned().values(), Float32Array.from(vector), limit, filter);
      // The copies' norms round to 1 ± 1e-7, and a cosine is at most 1, as the graph reports it.
      return hits.map((hit) => ({ id: hit.id, score: Math.min(1, hit.score) }));
    }
    const labelFilter = filter
      ? (label: number) => {
          const id = this.idOf.get(label);
          return id !== undefined && filter(id);
        }
      : undefined;
    const result = this.index.searchKnn(Array.from(vector), limit, labelFilter);
    const hits: VectorHit[] = [];
    for (let i = 0; i < result.neighbors.length; i++) {
      const id = this.idOf.get(result.neighbors[i] as number);
      if (id !== undefined) hits.push({ id, score: 1 - (result.distances[i] as number) });
    }
    if (filter && hits.length < limit) return this.exactFiltered(vector, limit, filter);
    return hits;
  }

  /** The live vectors' copies, copied out of the graph when not held (after a load or a shrink). */
  private scanned(): Map<string, { id: string; vector: Float32Array }> {
    if (!this.copies) {
      this.copies = new Map();
      for (const [id, label] of this.labelOf) {
        this.copies.set(id, { id, vector: Float32Array.from(this.index.getPoint(label)) });
      }
    }
    return this.copies;
  }

  private exactFiltered(
    vector: Float32Array | readonly number[],
    k: number,
    filter: (id: string) => boolean,
  ): VectorHit[] {
    const query = Float32Array.from(vector);
    const candidates: { id: string; vector: Float32Array }[] = [];
    for (const [id, label] of this.labelOf) {
      if (filter(id)) candidates.push({ id, vector: Float32Array.from(this.index.getPoint(label)) });
    }
    return exactSearch(candidates, query, k);
  }

  /**
   * Persists to `dir`: the graph goes to a NEW uniquely named file, then the manifest (which names
   * that file and its sha256) is renamed into place. The manifest rename is the commit point, so a
   * crash at any step leaves the previous complete index readable; stale graph files are removed
   * after the commit.
   */
  save(dir: string): Promise<HnswManifest> {
    // Everything up to the first await runs synchronously, so the graph file and the label map
    // are one consistent snapshot even if upserts arrive while the rest of the save is awaited.
    // (hnswlib's async writeIndex would read the graph on another thread during such upserts.)
    mkdirSync(dir, { recursive: true });
    const indexFile = `${tempName('index')}.bin`;
    const indexPath = path.join(dir, indexFile);
    this.index.writeIndexSync(indexPath);
    const snapshot = {
      count: this.labelOf.size,
      nextLabel: this.nextLabel,
      version: this.version(),
      labels: [...this.labelOf.entries()],
    };
    return this.commitSave(dir, indexFile, snapshot);
  }

  private async commitSave(
    dir: string,
    indexFile: string,
    snapshot: Pick<HnswManifest, 'count' | 'nextLabel' | 'version' | 'labels'>,
  ): Promise<HnswManifest> {
    const indexPath = path.join(dir, indexFile);
    const manifest: HnswManifest = {
      format: FORMAT,
      space: 'ip',
      dimension: this.dimension,
      embedderId: this.embedderId,
      m: this.m,
      efConstruction: this.efConstruction,
      efSearch: this.ef,
      ...snapshot,
      indexFile,
      indexSha256: sha256Hex(await readFile(indexPath)),
      savedAt: new Date().toISOString(),
    };
    // The graph file itself must be durable before the manifest points at it.
    await syncFile(indexPath);
    await writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest));
    await syncDirectory(dir);
    for (const name of await readdir(dir)) {
      if (name !== indexFile && /^(index\..+\.bin|\..+\.tmp)$/.test(name)) {
        await unlink(path.join(dir, name)).catch(() => undefined);
      }
    }
    return manifest;
  }

  /**
   * Loads what `save` wrote. Returns null when there is no index (nothing saved yet); throws
   * 'index_corrupt' for a damaged manifest or graph, 'embedder_mismatch' when another embedder or
   * dimension built it, and 'index_stale' when `expectedVersion` differs. In every throwing case
   * the caller rebuilds from the source of truth (Postgres).
   */
  static async load(dir: string, options: HnswLoadOptions = {}): Promise<HnswVectorIndex | null> {
    let raw: string;
    try {
      raw = await readFile(path.join(dir, MANIFEST), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new AppError('index_corrupt', `cannot read the index manifest in ${dir}`, { cause: error });
    }
    let manifest: HnswManifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(raw));
    } catch (cause) {
      throw new AppError('index_corrupt', `the index manifest in ${dir} is malformed`, {
        cause,
        details: { dir },
      });
    }
    if (options.embedderId !== undefined && options.embedderId !== manifest.embedderId) {
      throw new AppError(
        'embedder_mismatch',
        `index in ${dir} was built by '${manifest.embedderId}', not '${options.embedderId}'`,
        { details: { expected: options.embedderId, found: manifest.embedderId } },
      );
    }
    if (options.dimension !== undefined && options.dimension !== manifest.dimension) {
      throw new AppError(
        'embedder_mismatch',
        `index in ${dir} has dimension ${manifest.dimension}, not ${options.dimension}`,
        { details: { expected: options.dimension, found: manifest.dimension } },
      );
    }
    const indexPath = path.join(dir, manifest.indexFile);
    let bytes: Buffer;
    try {
      bytes = await readFile(indexPath);
    } catch (cause) {
      throw new AppError('index_corrupt', `the index file ${indexPath} named by the manifest is missing`, {
        cause,
      });
    }
    if (sha256Hex(bytes) !== manifest.indexSha256) {
      throw new AppError(
        'index_corrupt',
        `the index file ${indexPath} does not match its manifest checksum`,
        {
          details: { dir },
        },
      );
    }
    if (
      manifest.labels.length !== manifest.count ||
      idsVersion(manifest.labels.map(([id]) => id)) !== manifest.version
    ) {
      throw new AppError('index_corrupt', `the label map in ${dir} does not match its count or version`);
    }
    if (options.expectedVersion !== undefined && options.expectedVersion !== manifest.version) {
      throw new AppError('index_stale', `index in ${dir} holds a different set of chunks than expected`, {
        details: { expected: options.expectedVersion, found: manifest.version },
      });
    }
    const index = new HnswVectorIndex({
      dimension: manifest.dimension,
      embedderId: manifest.embedderId,
      m: manifest.m,
      efConstruction: manifest.efConstruction,
      efSearch: manifest.efSearch,
      initialCapacity: 16,
      ...(options.exactScanMax === undefined ? {} : { exactScanMax: options.exactScanMax }),
    });
    index.copies = null;
    try {
      await index.index.readIndex(indexPath, true);
    } catch (cause) {
      throw new AppError('index_corrupt', `hnswlib could not read ${indexPath}`, { cause });
    }
    index.index.setEf(manifest.efSearch);
    for (const [id, label] of manifest.labels) {
      index.labelOf.set(id, label);
      index.idOf.set(label, id);
    }
    index.nextLabel = manifest.nextLabel;
    index.deletedSlots = index.index.getCurrentCount() - manifest.count;
    if (index.deletedSlots < 0 || index.index.getNumDimensions() !== manifest.dimension) {
      throw new AppError('index_corrupt', `the graph in ${indexPath} disagrees with its manifest`);
    }
    return index;
  }

  private checkVector(vector: Float32Array | readonly number[]): void {
    if (vector.length !== this.dimension) {
      throw new AppError(
        'dimension_mismatch',
        `vector has ${vector.length} dimensions, the index ${this.dimension}`,
        {
          details: { expected: this.dimension, got: vector.length },
        },
      );
    }
  }
}
