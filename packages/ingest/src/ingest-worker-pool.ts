import { Worker } from 'node:worker_threads';
import { AppError } from '@grounded/core';
import { chunkDocument } from './chunk-document';
import { parseDocument } from './parse-document';
import type { ChunkedDocument, ChunkOptions, ExtractedDocument, ParseOptions } from './types';

/**
 * Parsing and chunking, somewhere that is not the caller's thread. A 2 MB text takes about 0.6 s
 * to parse and chunk and a 30 MB one about 9 s; on the API's event loop that is how long every
 * request waits (issue #16).
 */
export interface DocumentProcessor {
  parse(bytes: Uint8Array, options: ParseOptions): Promise<ExtractedDocument>;
  chunk(
    document: ExtractedDocument,
    options: ChunkOptions & { documentKey: string },
  ): Promise<ChunkedDocument>;
  /** Runs a task registered with the pool (`tasks`); absent when the processor has none. */
  run?(task: string, payload: unknown): Promise<unknown>;
  /** Starts a thread ahead of the first document (loading its modules takes about a second). */
  warm?(): Promise<void>;
  close(): Promise<void>;
}

/** On the caller's thread: for worker processes, tests, and tools. */
export const inThreadProcessor: DocumentProcessor = {
  parse: (bytes, options) => parseDocument(bytes, options),
  chunk: async (document, options) => chunkDocument(document, options),
  close: async () => undefined,
};

const WORKER_URL = new URL('./ingest-worker.mjs', import.meta.url);

type Reply =
  | { ready: true }
  | { id: number; progress: unknown }
  | { id: number; ok: true; result: unknown }
  | {
      id: number;
      ok: false;
      error: {
        appError: boolean;
        code?: string;
        message: string;
        details?: Record<string, unknown>;
        retryable?: boolean;
      };
    };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** A parse's progress callback: functions cannot cross to the thread, so its calls come back. */
  onProgress?: ((progress: never) => void) | undefined;
}

/** One thread, started on first use and restarted if it dies; requests run one at a time. */
class ProcessorThread {
  constructor(private readonly tasks: Record<string, string>) {}
  private worker: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Requests in flight or queued on this thread: the pool picks the least busy. */
  load = 0;

  private start(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL, { workerData: { tasks: this.tasks } });
      // Idle, it must not keep the process alive; a request in flight refs it again.
      worker.unref();
      let ready = false;
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) {
          ready = true;
          resolve(worker);
          return;
        }
        const call = this.pending.get(reply.id);
        if (!call) return;
        if ('progress' in reply) {
          call.onProgress?.(reply.progress as never);
          return;
        }
        this.pending.delete(reply.id);
        if (this.pending.size === 0) worker.unref();
        if (reply.ok) call.resolve(reply.result);
        else if (reply.error.appError) {
          call.reject(
            new AppError(reply.error.code!, reply.error.message, {
              ...(reply.error.details ? { details: reply.error.details } : {}),
              retryable: reply.error.retryable ?? false,
            }),
          );
        } else call.reject(new Error(reply.error.message));
      });
      const die = (error: Error) => {
        this.worker = null;
        if (!ready)
          reject(
            new AppError('ingest_worker_failed', 'the ingestion worker thread did not start', {
              cause: error,
              retryable: true,
            }),
          );
        for (const call of this.pending.values()) {
          call.reject(
            new AppError('ingest_worker_failed', `the ingestion worker thread stopped: ${error.message}`, {
              cause: error,
              retryable: true,
            }),
          );
        }
        this.pending.clear();
      };
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`exited with code ${code}`)));
    });
  }

  async call(
    message: Record<string, unknown>,
    transfer: ArrayBuffer[] = [],
    onProgress?: Pending['onProgress'],
  ): Promise<unknown> {
    this.load++;
    try {
      this.worker ??= this.start();
      const worker = await this.worker;
      const id = ++this.nextId;
      return await new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject, onProgress });
        worker.ref();
        worker.postMessage({ ...message, id }, transfer);
      });
    } finally {
      this.load--;
    }
  }

  /** Starts the thread now (it stays unreferenced while idle); a failure shows on the first call. */
  async warm(): Promise<void> {
    this.worker ??= this.start();
    await this.worker.catch(() => {
      this.worker = null;
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }
}

/**
 * A pool of worker threads that parse and chunk. The upload's bytes are copied once and the copy
 * is transferred (not cloned) to the thread; results come back by structured clone.
 */
export function createDocumentProcessorPool(
  options: {
    threads?: number;
    /** Extra steps by name: the URL of a module whose `run(payload)` the thread calls. */
    tasks?: Record<string, string>;
  } = {},
): DocumentProcessor {
  const tasks = options.tasks ?? {};
  const threads = Array.from({ length: Math.max(1, options.threads ?? 1) }, () => new ProcessorThread(tasks));
  // The least busy thread; on a tie the first, so a later thread starts only when needed.
  const pick = () => threads.reduce((best, thread) => (thread.load < best.load ? thread : best));
  return {
    async parse(bytes, parseOptions) {
      const copy = new Uint8Array(bytes);
      const { onProgress, ...options } = parseOptions;
      return (await pick().call(
        { op: 'parse', bytes: copy, options, progress: onProgress !== undefined },
        [copy.buffer as ArrayBuffer],
        onProgress,
      )) as ExtractedDocument;
    },
    async chunk(document, chunkOptions) {
      return (await pick().call({ op: 'chunk', document, options: chunkOptions })) as ChunkedDocument;
    },
    ...(Object.keys(tasks).length > 0
      ? { run: (task: string, payload: unknown) => pick().call({ op: 'task', task, payload }) }
      : {}),
    warm: () => threads[0]!.warm(),
    async close() {
      await Promise.all(threads.map((thread) => thread.close()));
    },
  };
}
