/**
 * The one table from error codes to HTTP statuses. Packages throw AppError with a code; only this
 * table knows about HTTP. A code missing here is a 500, and a test asserts every code the
 * packages declare is listed.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // 400: the request itself is wrong
  invalid_json: 400,
  json_too_deep: 400,
  validation_failed: 400,
  invalid_multipart: 400,
  // 401/403/404/409
  unauthorized: 401,
  forbidden: 403,
  route_not_found: 404,
  collection_not_found: 404,
  document_not_found: 404,
  job_not_found: 404,
  not_found: 404,
  conversation_not_found: 404,
  message_not_found: 404,
  conflict: 409,
  embedder_mismatch: 409,
  invalid_reference: 409,
  job_conflict: 409,
  // 413/415: size and type of what was sent
  payload_too_large: 413,
  file_too_large: 413,
  too_many_pages: 413,
  csv_too_many_rows: 413,
  document_too_large: 413,
  question_too_long: 413,
  unsupported_type: 415,
  unsupported_media_type: 415,
  // 422: well-formed request, content we cannot use (and say why)
  constraint_violation: 422,
  invalid_job: 400,
  invalid_job_data: 400,
  invalid_chunk_options: 400,
  prompt_too_long: 413,
  empty_document: 422,
  malformed_document: 422,
  pdf_encrypted: 422,
  pdf_password_incorrect: 422,
  pdf_no_text_layer: 422,
  docx_zip_bomb: 422,
  feedback_target_invalid: 422,
  job_cancelled: 409,
  // The client cancelled (went away) before the work finished; nginx's "client closed request".
  request_aborted: 499,
  // 429/5xx
  rate_limited: 429,
  queue_unavailable: 503,
  database_unavailable: 503,
  database_timeout: 503,
  database_busy: 503,
  index_corrupt: 503,
  index_stale: 503,
  generator_rejected: 502,
  generator_bad_response: 502,
  generation_failed: 502,
  model_not_found: 503,
  model_load_failed: 503,
  embedding_failed: 503,
  generator_unavailable: 503,
  translation_not_configured: 503,
  not_ready: 503,
  timeout: 504,
  parse_timeout: 504,
  generator_timeout: 504,
  database_error: 500,
  // summarize, translate, sentiment (issue #6)
  invalid_summary_request: 400,
  invalid_translation_request: 400,
  batch_column_missing: 400,
  batch_not_found: 404,
  sentiment_model_not_found: 404,
  idempotency_key_reused: 409,
  document_not_ready: 409,
  batch_too_many_rows: 413,
  training_too_many_rows: 413,
  text_too_long: 413,
  // POST /v1/embeddings (issue #17): more strings than EMBEDDINGS_MAX_INPUTS
  too_many_inputs: 413,
  empty_batch: 422,
  invalid_training_data: 422,
  context_too_small: 422,
  invalid_model: 500,
  summarize_failed: 502,
  translation_failed: 502,
  internal: 500,
};

export function httpStatusFor(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}
