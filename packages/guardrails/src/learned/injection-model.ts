import { type LinearModel, loadLinearModel } from './linear-model';

/**
 * The shipped injection/jailbreak model (models/injection-lr.json, card beside it), loaded once on
 * first use: 0.3 MB of JSON, a few milliseconds.
 */
export const INJECTION_MODEL_URL = new URL('./models/injection-lr.json', import.meta.url);

let shipped: LinearModel | undefined;
export function injectionModel(): LinearModel {
  shipped ??= loadLinearModel(INJECTION_MODEL_URL);
  return shipped;
}

/**
 * The document scan's model (models/injection-doc-lr.json, card beside it; issue #19): the same
 * features plus the document cues, fitted on the same data plus company-style chunks and injections
 * hidden in them. Its own weights, so that fixing false flags on company how-to text leaves the
 * message model, and so the chat's input check, as it was.
 */
export const INJECTION_DOCUMENT_MODEL_URL = new URL('./models/injection-doc-lr.json', import.meta.url);

let shippedDocument: LinearModel | undefined;
export function documentInjectionModel(): LinearModel {
  shippedDocument ??= loadLinearModel(INJECTION_DOCUMENT_MODEL_URL);
  return shippedDocument;
}
