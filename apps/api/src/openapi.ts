import { z } from 'zod';
import type { Config } from './config';
import * as schemas from './http/schemas';

/**
 * The OpenAPI document, generated from the same zod schemas the routes validate with. Every
 * route the app serves has a row here; a test walks the Express router and fails on a route
 * missing from this table.
 */
interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Documented as multipart/form-data with a `file` part plus these fields. */
  form?: z.ZodType;
  query?: z.ZodObject;
  public?: boolean;
  stream?: boolean;
}

export function routeDocs(config: Config): RouteDoc[] {
  const search = schemas.searchBody(config.MAX_TOP_K, config.MAX_QUESTION_CHARS);
  const chat = schemas.conversationChatBody(config.MAX_TOP_K, config.MAX_QUESTION_CHARS);
  return [
    { method: 'get', path: '/health', summary: 'Liveness', tag: 'ops', public: true },
    {
      method: 'get',
      path: '/ready',
      summary: 'Readiness of database, queue and models',
      tag: 'ops',
      public: true,
    },
    {
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics',
      tag: 'ops',
      public: config.METRICS_PUBLIC,
    },
    { method: 'get', path: '/openapi.json', summary: 'This document', tag: 'ops' },
    { method: 'post', path: '/v1/api-keys', summary: 'Create an API key (shown once)', tag: 'access' },
    {
      method: 'get',
      path: '/v1/api-keys',
      summary: 'List API keys',
      tag: 'access',
      query: schemas.pageQuery,
    },
    { method: 'post', path: '/v1/api-keys/:keyId/rotate', summary: 'Rotate a key', tag: 'access' },
    { method: 'delete', path: '/v1/api-keys/:keyId', summary: 'Revoke a key', tag: 'access' },
    { method: 'post', path: '/v1/widget-tokens', summary: 'Mint a short-lived widget token', tag: 'access' },
    {
      method: 'post',
      path: '/v1/collections',
      summary: 'Create a collection',
      tag: 'collections',
      body: schemas.createCollectionBody,
    },
    {
      method: 'get',
      path: '/v1/collections',
      summary: 'List collections',
      tag: 'collections',
      query: schemas.pageQuery,
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId',
      summary: 'Show a collection',
      tag: 'collections',
    },
    {
      method: 'delete',
      path: '/v1/collections/:collectionId',
      summary: 'Delete a collection',
      tag: 'collections',
    },
    {
      method: 'post',
      path: '/v1/collections/:collectionId/documents',
      summary: 'Upload a document (file or JSON text); 202 with the ingestion job',
      tag: 'documents',
      body: schemas.textDocumentBody,
      form: schemas.uploadFields,
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents',
      summary: 'List documents',
      tag: 'documents',
      query: schemas.pageQuery,
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents/:documentId',
      summary: 'Show a document and its ingestion status',
      tag: 'documents',
    },
    {
      method: 'put',
      path: '/v1/collections/:collectionId/documents/:documentId',
      summary: 'Replace a document; only changed chunks are re-embedded',
      tag: 'documents',
      body: schemas.textDocumentBody,
      form: schemas.uploadFields,
    },
    {
      method: 'delete',
      path: '/v1/collections/:collectionId/documents/:documentId',
      summary: 'Delete a document everywhere; returns a receipt',
      tag: 'documents',
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents/:documentId/chunks',
      summary: "A document's chunks",
      tag: 'documents',
      query: schemas.offsetPageQuery,
    },
    {
      method: 'post',
      path: '/v1/collections/:collectionId/search',
      summary: 'Hybrid, BM25 or vector search',
      tag: 'search',
      body: search,
    },
    { method: 'get', path: '/v1/jobs/:jobId', summary: 'Job status and progress', tag: 'jobs' },
    { method: 'post', path: '/v1/jobs/:jobId/cancel', summary: 'Cancel a job', tag: 'jobs' },
    {
      method: 'post',
      path: '/v1/chat',
      summary: 'Answer from a collection with citations (JSON, or SSE with Accept: text/event-stream)',
      tag: 'chat',
      body: chat,
      stream: true,
    },
    {
      method: 'post',
      path: '/v1/chat/completions',
      summary: 'OpenAI-compatible chat completions over a collection',
      tag: 'chat',
      body: schemas.openAiChatBody,
      stream: true,
    },
    {
      method: 'post',
      path: '/v1/conversations',
      summary: 'Start a conversation',
      tag: 'chat',
      body: schemas.createConversationBody,
    },
    {
      method: 'get',
      path: '/v1/conversations',
      summary: 'List conversations',
      tag: 'chat',
      query: schemas.cursorPageQuery,
    },
    { method: 'get', path: '/v1/conversations/:conversationId', summary: 'Show a conversation', tag: 'chat' },
    {
      method: 'get',
      path: '/v1/conversations/:conversationId/messages',
      summary: 'Conversation history, paginated',
      tag: 'chat',
      query: schemas.cursorPageQuery,
    },
    {
      method: 'delete',
      path: '/v1/conversations/:conversationId',
      summary: 'Delete a conversation',
      tag: 'chat',
    },
    {
      method: 'post',
      path: '/v1/messages/:messageId/feedback',
      summary: 'Rate an answer, optionally with a correction',
      tag: 'feedback',
      body: schemas.feedbackBody,
    },
    {
      method: 'get',
      path: '/v1/messages/:messageId/feedback',
      summary: "An answer's feedback",
      tag: 'feedback',
    },
    {
      method: 'get',
      path: '/v1/feedback/export',
      summary: 'JSONL preference pairs (dpo) or corrections (sft)',
      tag: 'feedback',
      query: schemas.feedbackExportQuery,
    },
    {
      method: 'post',
      path: '/v1/summarize',
      summary: 'Summarize a document, a file or text',
      tag: 'summarize',
      body: schemas.summarizeBody,
      form: schemas.summarizeFields,
    },
    {
      method: 'post',
      path: '/v1/translate',
      summary: 'Translate text or a document',
      tag: 'translate',
      body: schemas.translateBody,
    },
    {
      method: 'post',
      path: '/v1/sentiment',
      summary: 'Classify up to 100 texts',
      tag: 'sentiment',
      body: schemas.sentimentBody(100),
    },
    {
      method: 'post',
      path: '/v1/sentiment/models',
      summary: 'Train a classifier from labelled rows',
      tag: 'sentiment',
      body: schemas.trainModelBody,
      form: schemas.trainModelFields,
    },
    { method: 'get', path: '/v1/sentiment/models', summary: 'List trained classifiers', tag: 'sentiment' },
    {
      method: 'delete',
      path: '/v1/sentiment/models/:name',
      summary: 'Delete a trained classifier',
      tag: 'sentiment',
    },
    {
      method: 'post',
      path: '/v1/sentiment/batches',
      summary: 'Start a batch from a CSV/JSONL upload (streamed); Idempotency-Key header',
      tag: 'sentiment',
      form: schemas.batchParams,
      query: schemas.batchParams,
    },
    { method: 'get', path: '/v1/sentiment/batches', summary: 'List batches', tag: 'sentiment' },
    {
      method: 'get',
      path: '/v1/sentiment/batches/:batchId',
      summary: 'Batch status, progress and aggregates',
      tag: 'sentiment',
    },
    {
      method: 'post',
      path: '/v1/sentiment/batches/:batchId/cancel',
      summary: 'Cancel a batch',
      tag: 'sentiment',
    },
    {
      method: 'post',
      path: '/v1/sentiment/batches/:batchId/resume',
      summary: 'Resume a batch',
      tag: 'sentiment',
    },
    {
      method: 'get',
      path: '/v1/sentiment/batches/:batchId/results',
      summary: 'Batch results, paginated',
      tag: 'sentiment',
      query: schemas.rowPageQuery,
    },
    {
      method: 'get',
      path: '/v1/sentiment/batches/:batchId/errors',
      summary: 'Rows that could not be classified',
      tag: 'sentiment',
      query: schemas.rowPageQuery,
    },
    {
      method: 'get',
      path: '/v1/sentiment/batches/:batchId/export',
      summary: 'Results as CSV',
      tag: 'sentiment',
    },
    {
      method: 'get',
      path: '/v1/guardrails/audit',
      summary: 'Guardrail verdicts, by request id',
      tag: 'guardrails',
    },
    {
      method: 'get',
      path: '/widget/widget.js',
      summary: 'The embeddable chat widget',
      tag: 'widget',
      public: true,
    },
    { method: 'get', path: '/widget/demo', summary: 'Widget demo page', tag: 'widget', public: true },
  ];
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

export function buildOpenApi(config: Config): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of routeDocs(config)) {
    const path = doc.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [
      ...[...doc.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(doc.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: jsonSchema(schema as z.ZodType),
      })),
    ];
    const content: Record<string, unknown> = {};
    if (doc.body) content['application/json'] = { schema: jsonSchema(doc.body) };
    if (doc.form) {
      const form = jsonSchema(doc.form) as { properties?: Record<string, unknown> };
      content['multipart/form-data'] = {
        schema: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', format: 'binary' }, ...form.properties },
        },
      };
    }
    paths[path] ??= {};
    paths[path][doc.method] = {
      summary: doc.summary,
      tags: [doc.tag],
      ...(doc.public ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(Object.keys(content).length > 0 ? { requestBody: { required: true, content } } : {}),
      responses: {
        '200': {
          description: 'OK',
          ...(doc.stream ? { content: { 'text/event-stream': { schema: { type: 'string' } } } } : {}),
        },
        '4XX': { description: 'Client error', content: { 'application/json': { schema: errorSchema } } },
        '5XX': { description: 'Server error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'grounded',
      version: '0.1.0',
      description:
        'Grounded, cited answers from your own documents; summaries, translation, sentiment batches.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
