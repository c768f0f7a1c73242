import { scanDocumentChunk, type Verdict } from '@grounded/guardrails';

/**
 * The ingestion's injection scan as a task for the ingestion worker thread (issue #16): a few ms
 * per chunk, which for a document of tens of thousands of chunks is minutes of the API thread.
 */
export function run(texts: readonly string[]): Verdict[] {
  return texts.map((text) => scanDocumentChunk(text));
}

/** Register with `createDocumentProcessorPool({ tasks: { [INJECTION_SCAN_TASK]: INJECTION_SCAN_TASK_URL } })`. */
export const INJECTION_SCAN_TASK = 'injection-scan';
export const INJECTION_SCAN_TASK_URL = new URL('./injection-scan-task.ts', import.meta.url).href;
