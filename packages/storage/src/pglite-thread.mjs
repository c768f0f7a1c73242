// Issue #16: the embedded database off the API's event loop. PGlite runs every statement
// synchronously in WebAssembly; on the request thread that was about half of its busy time under
// load, and a large document's writes stalled every request. This thread owns the PGlite instance;
// the adapter (pglite-database.ts) sends it one statement at a time. Plain JS, so it starts the
// same under tsx, vitest and node.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** The fields pg-errors.ts reads from a driver error; an Error's own properties don't cross. */
function describe(error) {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const out = { message: error instanceof Error ? error.message : String(error) };
  for (const key of ['code', 'constraint', 'table', 'column', 'schema', 'detail', 'severity']) {
    if (typeof error[key] === 'string') out[key] = error[key];
  }
  return out;
}

let pglite;
try {
  pglite = await PGlite.create(workerData.dataDir === undefined ? {} : { dataDir: workerData.dataDir });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: describe(error) });
  process.exit(1);
}

parentPort.on('message', async (request) => {
  try {
    if (request.op === 'query') {
      const result = await pglite.query(request.sql, request.params);
      parentPort.postMessage({
        id: request.id,
        ok: true,
        // PGlite reports affectedRows only for writes; a SELECT's count is its row count, as in pg.
        result: { rows: result.rows, rowCount: result.affectedRows || result.rows.length },
      });
    } else if (request.op === 'exec') {
      await pglite.exec(request.sql);
      parentPort.postMessage({ id: request.id, ok: true, result: null });
    } else if (request.op === 'close') {
      await pglite.close();
      parentPort.postMessage({ id: request.id, ok: true, result: null });
      parentPort.close();
    } else {
      throw new Error(`unknown PGlite thread op ${request.op}`);
    }
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: describe(error) });
  }
});
