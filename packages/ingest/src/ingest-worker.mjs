// Issue #16: parsing and chunking off the API's event loop. Plain JS, so the thread starts the
// same under tsx, vitest and node; it loads the TypeScript sources through tsx's loader.
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '@grounded/core/thread-priority';
import { register } from 'tsx/esm/api';

// Parsing, chunking and OCR are background work: the request thread and the embedding threads go
// first when the cores are busy (10 nice levels below the process; the USE-lite threads, 5).
lowerThreadPriority(10);
register();
const { parseDocument, chunkDocument } = await import('./index.ts');
// Further steps the caller registered by module URL (e.g. the ingestion's injection scan, which
// lives in a package this one does not depend on); each module exports `run(payload)`.
const tasks = workerData?.tasks ?? {};
const loaded = new Map();
async function runTask(name, payload) {
  if (!(name in tasks)) throw new Error(`no task ${name} in the ingestion worker`);
  if (!loaded.has(name)) loaded.set(name, import(tasks[name]));
  return (await loaded.get(name)).run(payload);
}

function describe(error) {
  if (error && typeof error === 'object' && typeof error.code === 'string' && error.name === 'AppError') {
    return {
      appError: true,
      code: error.code,
      message: error.message,
      details: error.details,
      retryable: error.retryable,
    };
  }
  return { appError: false, message: error instanceof Error ? error.message : String(error) };
}

parentPort.on('message', async (request) => {
  try {
    const result =
      request.op === 'parse'
        ? await parseDocument(request.bytes, {
            ...request.options,
            // The caller's progress callback stays on its thread: report through messages.
            ...(request.progress
              ? { onProgress: (progress) => parentPort.postMessage({ id: request.id, progress }) }
              : {}),
          })
        : request.op === 'chunk'
          ? chunkDocument(request.document, request.options)
          : await runTask(request.task, request.payload);
    parentPort.postMessage({ id: request.id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: describe(error) });
  }
});
parentPort.postMessage({ ready: true });
