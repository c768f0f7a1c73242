// Issue #16: parsing and chunking off the API's event loop. Plain JS, so the thread starts the
// same under tsx, vitest and node; it loads the TypeScript sources through tsx's loader.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseDocument, chunkDocument } = await import('./index.ts');

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
        ? await parseDocument(request.bytes, request.options)
        : chunkDocument(request.document, request.options);
    parentPort.postMessage({ id: request.id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: describe(error) });
  }
});
parentPort.postMessage({ ready: true });
