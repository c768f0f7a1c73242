import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Logger, silentLogger, writeFileAtomic } from '@grounded/core';
import { type CollectionEntry, CollectionIndex } from '@grounded/retrieval';
import type { ChunksRepo, IndexableChunk } from './repositories/chunks-repo';

/** Chunks read per step when an index catches up. */
const SYNC_PAGE = 256;
/**
 * HNSW inserts run on this (the request) thread, and one costs 1-10 ms in a collection of tens of
 * thousands of 512-d vectors: a 256-chunk page held the event loop for 0.2-2.7 s (issue #16, a
 * 36,000-chunk document). So inserts go a few at a time, with a turn of the event loop whenever a
 * slice has run this long.
 */
const SLICE_MS = 4;
const SLICE_ENTRIES = 4;

/** Inserts into the index in time slices, each followed by an event-loop turn. */
async function upsertInSlices(index: CollectionIndex, entries: readonly CollectionEntry[]): Promise<void> {
  let sliceStarted = performance.now();
  for (let i = 0; i < entries.length; i += SLICE_ENTRIES) {
    index.upsert(entries.slice(i, i + SLICE_ENTRIES));
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}

/**
 * Owns one derived search index (HNSW + BM25 + filter catalog) per collection, in this process.
 *
 * Postgres is the source of truth. Every chunk write appends to `chunk_changes` in the same
 * transaction, and `sync()` applies the changes after the last sequence number this process has
 * seen. That one mechanism covers: the API seeing what a separate worker process ingested, a
 * restart with a persisted index (catch up from its saved seq), and a missing, corrupt or stale
 * index (rebuild from Postgres).
 */
export interface IndexManagerOptions {
  chunks: ChunksRepo;
  /** Folder for persisted indexes; undefined keeps them in memory only. */
  dataDir?: string;
  /**
   * After chunks were removed (the saved copy is dropped at once), the copy is written again this
   * long after the last removal (default 1500 ms): a burst of deletions costs one save.
   */
  saveDelayMs?: number;
  /** ... but no later than this after the first removal of the burst (default 10,000 ms). */
  saveMaxDelayMs?: number;
  logger?: Logger;
}

/** What the manager needs to know about a collection to build its index. */
export interface IndexedCollection {
  id: string;
  embedderId: string;
  embeddingDimension: number;
}

interface Entry {
  index: CollectionIndex;
  collection: IndexedCollection;
  lastSeq: number;
  dirty: boolean;
  /** Its collection was re-embedded: the log now carries vectors of another embedder. */
  superseded: boolean;
  /** Serialises sync/save per collection. */
  lock: Promise<unknown>;
  /** A catch-up queued behind `lock` that has not started yet: later callers join it. */
  queuedCatchUp: Promise<void> | null;
}

/** A fresh entry for an index built or loaded up to `lastSeq`. */
function entryOf(
  index: CollectionIndex,
  collection: IndexedCollection,
  lastSeq: number,
  dirty: boolean,
): Entry {
  return {
    index,
    collection,
    lastSeq,
    dirty,
    superseded: false,
    lock: Promise.resolve(),
    queuedCatchUp: null,
  };
}

interface SavedState {
  lastSeq: number;
  embedderId: string;
  dimension: number;
  chunkCount: number;
}

export class IndexManager {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly replacing = new Map<string, Promise<Entry>>();
  private readonly staged = new Map<string, Entry>();
  /** Debounced re-saves after removals: at most one pending per collection. */
  private readonly pendingSaves = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();
  /** Re-saves in progress, per collection (forget waits for its collection's). */
  private readonly runningSaves = new Map<string, Promise<void>>();
  private readonly logger: Logger;

  constructor(private readonly options: IndexManagerOptions) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'index-manager' });
  }

  /**
   * The collection's index, loaded or rebuilt on first use and brought up to date with Postgres.
   *
   * When the collection was re-embedded since this process loaded its index (issue #17), the new
   * index is installed in one reference swap: the one the re-embedding job staged here, or else one
   * rebuilt in the background, while the old index keeps answering (with the old embedder, see
   * `CollectionIndex.embedderId`, and without the changes made since the swap). `current` waits
   * for the index of the collection's present embedder instead.
   */
  async ready(collection: IndexedCollection, options: { current?: boolean } = {}): Promise<CollectionIndex> {
    let entry = await this.entry(collection);
    if (!sameEmbedder(entry.collection, collection)) {
      // The caller's row may be the stale one (read just before a swap this process installed):
      // Postgres says which identity is current.
      const current = (await this.options.chunks.builtWith(collection.id)) ?? collection;
      if (!sameEmbedder(entry.collection, current)) {
        const next = this.replace(current);
        if (!options.current && !this.staged.has(collection.id)) return entry.index;
        entry = await next;
      }
    }
    await this.catchUp(collection.id, entry);
    return entry.index;
  }

  /**
   * A re-embedding job's new index, built before its swap commits: the first `ready()` that sees
   * the collection's new embedder installs it, after applying the changes logged since `lastSeq`.
   */
  stage(collection: IndexedCollection, index: CollectionIndex, lastSeq: number): void {
    this.staged.set(collection.id, entryOf(index, collection, lastSeq, true));
  }

  /** Drops a staged index whose swap did not happen (cancelled or failed). */
  discardStaged(collectionId: string): void {
    this.staged.delete(collectionId);
  }

  /** Applies pending changes for a collection that is already loaded (no-op otherwise). */
  async sync(collectionId: string): Promise<void> {
    const entry = this.entries.get(collectionId);
    if (entry) await this.catchUp(collectionId, entry);
  }

  /**
   * What this process's index of a collection holds: the chunk ids of its catalog, HNSW and BM25
   * parts and the change number it reflects (issue #16: replicas' indexes must equal Postgres).
   * `catchUp` first applies the changes logged since, as a search would; without it the answer is
   * the index as it stands (null when this process has not loaded it).
   */
  async contents(
    collection: IndexedCollection,
    options: { catchUp: boolean },
  ): Promise<{ lastSeq: number; embedderId: string; ids: ReturnType<CollectionIndex['ids']> } | null> {
    if (options.catchUp) await this.ready(collection, { current: true });
    const entry = this.entries.get(collection.id);
    if (!entry) return null;
    // Read inside the entry's lock, so that a catch-up in progress is not reported half-applied.
    return this.serialised(entry, async () => ({
      lastSeq: entry.lastSeq,
      embedderId: entry.index.embedderId,
      ids: entry.index.ids(),
    }));
  }

  /**
   * Brings this process's indexes in line with what other processes wrote (issue #16): an API
   * replica whose indexes were only caught up by its own searches would hold a large document's
   * changes until the first search after it, which would pay for applying them, and would not
   * know of collections created or deleted through another replica. One query gives every loaded
   * collection's latest change number (those behind catch up; those deleted are dropped), another
   * the collections not loaded here (loaded, as at start-up). Returns the collections touched.
   */
  async catchUpAll(): Promise<string[]> {
    const loaded = [...this.entries.keys()];
    const latest = await this.options.chunks.latestChangeSeqs(loaded);
    const touched: string[] = [];
    // One collection that fails (a corrupt row, a rebuild that throws) must not stop the others
    // from following; it is tried again next round.
    const attempt = async (id: string, work: () => Promise<unknown>) => {
      try {
        await work();
        touched.push(id);
      } catch (error) {
        this.logger.warn({ collectionId: id, err: error }, 'index catch-up of a collection failed');
      }
    };
    for (const id of loaded) {
      const seq = latest.get(id);
      const entry = this.entries.get(id);
      if (seq === undefined || !entry) continue;
      if (seq === null) await attempt(id, () => this.forget(id));
      else if (seq > entry.lastSeq) await attempt(id, () => this.sync(id));
    }
    for (const collection of await this.options.chunks.collectionsExcept(loaded)) {
      if (!this.entries.has(collection.id)) await attempt(collection.id, () => this.ready(collection));
    }
    return touched;
  }

  /**
   * Calls `catchUpAll` every `intervalMs` (never two at once) until the returned stop is called.
   * A failed round (Postgres away) is logged and the next one tries again; the change log is the
   * catch-up, so nothing is missed across an outage or a restart.
   */
  follow(intervalMs: number): () => void {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let failing = false;
    const round = async () => {
      try {
        await this.catchUpAll();
        if (failing) this.logger.info('index catch-up works again');
        failing = false;
      } catch (error) {
        if (!failing) this.logger.warn({ err: error }, 'index catch-up failed; retrying');
        failing = true;
      }
      if (!stopped) timer = setTimeout(() => void round(), intervalMs).unref();
    };
    timer = setTimeout(() => void round(), intervalMs).unref();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  /**
   * After a deletion: the deleted text must leave the index saved under DATA_DIR as well as
   * memory, not at the next shutdown's flush. A loaded index catches up and, having removed
   * chunks, drops its saved copy before this resolves (written again shortly after, without
   * them); a saved copy this process has not loaded is dropped too, to be rebuilt or loaded
   * from Postgres when next needed.
   */
  async purge(collectionId: string): Promise<void> {
    const pending = this.loading.get(collectionId) ?? this.replacing.get(collectionId);
    const entry = this.entries.get(collectionId) ?? (pending ? await pending.catch(() => null) : null);
    if (entry) {
      await this.catchUp(collectionId, entry);
      return;
    }
    await this.discardSaved(collectionId);
  }

  /**
   * Drops the saved copy after a removal. A failure (another entry's save writing into the folder
   * during a re-embedding swap) is logged, not thrown to the search that caught up: the re-save
   * scheduled next rewrites the copy without the removed chunks.
   */
  private async discardRemovedText(collectionId: string): Promise<void> {
    try {
      await this.discardSaved(collectionId);
    } catch (error) {
      this.logger.warn({ collectionId, err: error }, 'dropping the saved index after a removal failed');
    }
  }

  private async discardSaved(collectionId: string): Promise<void> {
    const dir = this.dir(collectionId);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  /**
   * Drops a collection's index from memory and disk (the collection was deleted). A re-save in
   * progress is waited for, and the folder removed under the entry's lock: removed while a save
   * wrote into it, it came back (an orphan) or the removal failed with ENOTEMPTY.
   */
  async forget(collectionId: string): Promise<void> {
    const entry = this.entries.get(collectionId);
    // Gone from the map first: a save that starts from now on finds nothing to save.
    this.entries.delete(collectionId);
    this.staged.delete(collectionId);
    this.cancelSave(collectionId);
    await this.runningSaves.get(collectionId)?.catch(() => undefined);
    const dir = this.dir(collectionId);
    if (!dir) return;
    const remove = () => rm(dir, { recursive: true, force: true });
    if (entry) await this.serialised(entry, remove);
    else await remove();
  }

  /** Persists every index that changed since it was last saved (pending re-saves run now). */
  async flush(): Promise<void> {
    for (const collectionId of [...this.pendingSaves.keys()]) this.cancelSave(collectionId);
    await this.whenSaved();
    for (const [collectionId, entry] of this.entries) {
      if (entry.dirty) await this.serialised(entry, () => this.save(collectionId, entry));
    }
  }

  /**
   * Resolves once the re-saves scheduled after removals have run: from then on the saved copies
   * hold none of the removed text (or were dropped, where a save failed).
   */
  async whenSaved(): Promise<void> {
    while (this.pendingSaves.size > 0 || this.runningSaves.size > 0) {
      for (const collectionId of [...this.pendingSaves.keys()]) {
        this.cancelSave(collectionId);
        this.runSave(collectionId);
      }
      await Promise.allSettled([...this.runningSaves.values()]);
    }
  }

  /**
   * Removed text must not outlive its removal on disk (the saved BM25 part holds the chunks'
   * terms), so the saved copy is dropped at once (a cheap rm). Left dropped, the next start after
   * a crash rebuilt the collection from Postgres (20 s for 20,000 chunks against 1 s to load), so
   * the copy is written again once removals pause (the delay restarts with each one, up to a
   * maximum from the first), in the background and under the entry's lock.
   */
  private scheduleSave(collectionId: string): void {
    if (!this.options.dataDir) return;
    const now = Date.now();
    const pending = this.pendingSaves.get(collectionId);
    if (pending) clearTimeout(pending.timer);
    const firstAt = pending?.firstAt ?? now;
    const delay = Math.max(
      0,
      Math.min(this.options.saveDelayMs ?? 1500, firstAt + (this.options.saveMaxDelayMs ?? 10_000) - now),
    );
    const timer = setTimeout(() => {
      this.pendingSaves.delete(collectionId);
      this.runSave(collectionId);
    }, delay);
    timer.unref();
    this.pendingSaves.set(collectionId, { timer, firstAt });
  }

  private cancelSave(collectionId: string): void {
    const pending = this.pendingSaves.get(collectionId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingSaves.delete(collectionId);
  }

  /** Saves the collection's current entry: after a re-embedding swap, the one now installed. */
  private runSave(collectionId: string): void {
    const entry = this.entries.get(collectionId);
    if (!entry) return;
    const previous = this.runningSaves.get(collectionId) ?? Promise.resolve();
    const run = previous
      .then(() =>
        this.serialised(entry, async () => {
          // Replaced or forgotten while queued: the new entry's removals schedule its own save.
          if (this.entries.get(collectionId) !== entry || entry.superseded) return;
          await this.save(collectionId, entry);
        }),
      )
      .catch(async (error: unknown) => {
        // The old copy still holds the removed text: it goes, and the next start rebuilds.
        this.logger.warn(
          { collectionId, err: error },
          'saving the index after a removal failed; dropping the saved copy',
        );
        await this.discardSaved(collectionId).catch(() => undefined);
      });
    this.runningSaves.set(collectionId, run);
    void run.finally(() => {
      if (this.runningSaves.get(collectionId) === run) this.runningSaves.delete(collectionId);
    });
  }

  stats(): { collections: number; chunks: number } {
    let chunks = 0;
    for (const entry of this.entries.values()) chunks += entry.index.stats().chunks;
    return { collections: this.entries.size, chunks };
  }

  private async entry(collection: IndexedCollection): Promise<Entry> {
    const existing = this.entries.get(collection.id);
    if (existing) return existing;
    let pending = this.loading.get(collection.id);
    if (!pending) {
      pending = this.loadOrRebuild(collection).finally(() => this.loading.delete(collection.id));
      this.loading.set(collection.id, pending);
    }
    return pending;
  }

  /** The index for the collection's new embedder: staged by the job, or rebuilt from Postgres. */
  private replace(collection: IndexedCollection): Promise<Entry> {
    let pending = this.replacing.get(collection.id);
    if (!pending) {
      pending = (async () => {
        const staged = this.staged.get(collection.id);
        let entry: Entry;
        if (staged && sameEmbedder(staged.collection, collection)) {
          this.staged.delete(collection.id);
          entry = staged;
          await this.serialised(entry, () => this.applyChanges(collection.id, entry));
        } else {
          entry = await this.rebuild(collection);
        }
        // The swap: searches that already hold the old index finish on it.
        this.entries.set(collection.id, entry);
        this.logger.info(
          { collectionId: collection.id, embedderId: collection.embedderId },
          'index swapped to the new embedder',
        );
        return entry;
      })().finally(() => this.replacing.delete(collection.id));
      pending.catch((error: unknown) =>
        this.logger.error({ collectionId: collection.id, err: error }, 'building the new index failed'),
      );
      this.replacing.set(collection.id, pending);
    }
    return pending;
  }

  /**
   * Applies the changes logged since the entry's last one. Every search catches its collection up
   * first (read-your-writes across processes), and under 50 clients that was a change-log query
   * per request (issue #16). A caller joins a catch-up that is queued but has not started, which
   * reads the log after the caller arrived and so covers it; a running one may not, so the
   * caller queues the next. At most one catch-up runs and one waits per collection.
   */
  private catchUp(collectionId: string, entry: Entry): Promise<void> {
    if (entry.queuedCatchUp) return entry.queuedCatchUp;
    const queued = this.serialised(entry, () => {
      entry.queuedCatchUp = null;
      return this.applyChanges(collectionId, entry);
    });
    entry.queuedCatchUp = queued;
    return queued;
  }

  private async serialised<T>(entry: Entry, fn: () => Promise<T>): Promise<T> {
    const run = entry.lock.then(fn, fn);
    entry.lock = run.catch(() => undefined);
    return run;
  }

  private dir(collectionId: string): string | undefined {
    // Collection ids are generated by us ('col_' + hex), never taken from a file name.
    return this.options.dataDir ? path.join(this.options.dataDir, collectionId) : undefined;
  }

  private async loadOrRebuild(collection: IndexedCollection): Promise<Entry> {
    const collectionId = collection.id;
    const loaded = await this.tryLoad(collection);
    if (loaded) {
      const latest = await this.options.chunks.latestChangeSeq(collectionId);
      if (loaded.lastSeq <= latest) {
        await this.applyChanges(collectionId, loaded);
        const expected = await this.options.chunks.countForCollection(collectionId);
        if (loaded.index.stats().chunks === expected) {
          this.entries.set(collectionId, loaded);
          this.logger.info({ collectionId, chunks: expected }, 'index loaded from disk');
          return loaded;
        }
      }
      this.logger.warn({ collectionId }, 'persisted index is stale; rebuilding from Postgres');
    }
    const rebuilt = await this.rebuild(collection);
    this.entries.set(collectionId, rebuilt);
    return rebuilt;
  }

  private async tryLoad(collection: IndexedCollection): Promise<Entry | null> {
    const dir = this.dir(collection.id);
    if (!dir) return null;
    try {
      const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as SavedState;
      if (state.dimension !== collection.embeddingDimension || state.embedderId !== collection.embedderId) {
        return null;
      }
      // Throws index_corrupt / index_stale when the files disagree: then we rebuild.
      const index = await CollectionIndex.load(path.join(dir, 'index'), {
        embedderId: collection.embedderId,
        dimension: collection.embeddingDimension,
      });
      if (!index || index.stats().chunks !== state.chunkCount) return null;
      return entryOf(index, collection, state.lastSeq, false);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.logger.debug({ collectionId: collection.id }, 'no persisted index yet');
      } else {
        this.logger.warn({ collectionId: collection.id, err: error }, 'persisted index unusable');
      }
      return null;
    }
  }

  private async rebuild(collection: IndexedCollection): Promise<Entry> {
    const collectionId = collection.id;
    const started = Date.now();
    // Read the seq first: changes that land while we page through are re-applied afterwards,
    // and applying an upsert twice is harmless.
    const lastSeq = await this.options.chunks.latestChangeSeq(collectionId);
    const index = new CollectionIndex({
      embedderId: collection.embedderId,
      dimension: collection.embeddingDimension,
    });
    for await (const page of this.options.chunks.indexableForCollection(collectionId)) {
      await upsertInSlices(index, page.map(toIndexEntry));
    }
    const entry = entryOf(index, collection, lastSeq, true);
    await this.applyChanges(collectionId, entry);
    this.logger.info(
      { collectionId, chunks: index.stats().chunks, ms: Date.now() - started },
      'index rebuilt from Postgres',
    );
    await this.save(collectionId, entry);
    return entry;
  }

  private async applyChanges(collectionId: string, entry: Entry): Promise<void> {
    let removed = false;
    for (;;) {
      if (entry.superseded) return;
      const changes = await this.options.chunks.changesSince(collectionId, entry.lastSeq);
      if (changes.length === 0) {
        // Deleted text must not outlive its deletion on disk: the saved copy goes now and is
        // written again once removals pause.
        if (removed) {
          await this.discardRemovedText(collectionId);
          this.scheduleSave(collectionId);
        }
        return;
      }
      // Only the last change per chunk matters.
      const last = new Map<string, 'upsert' | 'delete'>();
      for (const change of changes) last.set(change.chunkId, change.op);
      const deletes = [...last].filter(([, op]) => op === 'delete').map(([id]) => id);
      const upserts = [...last].filter(([, op]) => op === 'upsert').map(([id]) => id);
      if (deletes.length > 0) {
        entry.index.remove(deletes);
        removed = true;
      }
      // A chunk upserted then deleted later in a further batch is simply absent here. Read a page
      // at a time and inserted in slices (issue #16): a document of 30,000 chunks would otherwise
      // hold the thread for the whole read and HNSW insert.
      for (let i = 0; i < upserts.length; i += SYNC_PAGE) {
        const rows = await this.options.chunks.indexableByIds(upserts.slice(i, i + SYNC_PAGE));
        if (rows.some((row) => row.vector.length !== entry.index.dimension)) {
          // The collection was re-embedded: this index keeps serving as it is until `ready()`
          // installs the new one, instead of failing every sync until then.
          entry.superseded = true;
          if (removed) await this.discardRemovedText(collectionId);
          return;
        }
        await upsertInSlices(entry.index, rows.map(toIndexEntry));
      }
      entry.lastSeq = changes[changes.length - 1]!.seq;
      entry.dirty = true;
    }
  }

  private async save(collectionId: string, entry: Entry): Promise<void> {
    const dir = this.dir(collectionId);
    if (!dir || !entry.dirty) return;
    await mkdir(dir, { recursive: true });
    await entry.index.save(path.join(dir, 'index'));
    const state: SavedState = {
      lastSeq: entry.lastSeq,
      embedderId: entry.collection.embedderId,
      dimension: entry.collection.embeddingDimension,
      chunkCount: entry.index.stats().chunks,
    };
    // Written after the index and renamed into place: a crash in between leaves the old state,
    // whose chunk count no longer matches, so the next start rebuilds instead of trusting it.
    await writeFileAtomic(path.join(dir, 'state.json'), JSON.stringify(state));
    entry.dirty = false;
  }
}

function sameEmbedder(a: IndexedCollection, b: IndexedCollection): boolean {
  return a.embedderId === b.embedderId && a.embeddingDimension === b.embeddingDimension;
}

export function toIndexEntry(chunk: IndexableChunk): CollectionEntry {
  return {
    meta: {
      chunkId: chunk.id,
      documentId: chunk.documentId,
      tenantId: chunk.tenantId,
      allowedPrincipals: chunk.allowedPrincipals,
      tags: chunk.tags,
      date: chunk.documentDate,
      metadata: chunk.metadata,
    },
    text: chunk.text,
    // BM25 weighs the title field; the vector was embedded from indexText(), which includes it.
    title: [chunk.title, ...chunk.headingPath].filter(Boolean).join(' '),
    vector: chunk.vector,
  };
}
