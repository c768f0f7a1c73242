import { AppError } from '@grounded/core';
import { collectionSettingsPatchSchema, type UploadInput } from '@grounded/documents';
import type { Request } from 'express';
import { z } from 'zod';
import type { Container } from '../container';
import { embedderSpecSchema } from '../embedder-specs';
import { readMultipart } from '../http/multipart';
import { ADMIN, type RouteSpec, STAFF } from '../http/routes';
import {
  createCollectionBody,
  idParam,
  indexReportQuery,
  ocrLanguageBody,
  offsetPageQuery,
  pageQuery,
  searchBody,
  textDocumentBody,
  uploadFields,
} from '../http/schemas';
import { callerOf } from '../http/tenant';

const reembedBody = z.object({ embedder: embedderSpecSchema }).strict();

export function collectionRoutes(
  container: Pick<Container, 'config' | 'collections' | 'documents' | 'search' | 'reembedding'>,
): RouteSpec[] {
  const { config, collections, documents, reembedding } = container;

  const readUpload = async (req: Request, collectionId: string): Promise<UploadInput> => {
    const caller = callerOf(req);
    const base = {
      tenantId: caller.tenantId,
      collectionId,
      requestId: String(req.id),
      ...(caller.principals ? { principals: caller.principals } : {}),
    };
    if (req.is('multipart/form-data')) {
      const { file, fields } = await readMultipart(req, { maxFileBytes: config.MAX_UPLOAD_BYTES });
      if (!file)
        throw new AppError('validation_failed', "the multipart body has no file part (use field 'file')");
      const meta = uploadFields.parse(fields);
      return {
        ...base,
        bytes: file.bytes,
        filename: file.filename,
        mimeType: file.mimeType,
        ...meta,
      };
    }
    if (req.is('application/json')) {
      const body = textDocumentBody.parse(req.body);
      const { text, format, ...rest } = body;
      return {
        ...base,
        ...rest,
        bytes: new TextEncoder().encode(text),
        // Only a format hint for detection; the name is never used as a path.
        filename: format === 'markdown' ? 'document.md' : 'document.txt',
        mimeType: format === 'markdown' ? 'text/markdown' : 'text/plain',
      };
    }
    throw new AppError(
      'unsupported_media_type',
      'send the document as multipart/form-data (field "file") or as application/json with "text"',
    );
  };

  /** The collection and document a `…/documents/:documentId` path names. */
  const documentPath = (req: Request) =>
    [idParam.parse(req.params.collectionId), idParam.parse(req.params.documentId)] as const;

  const searchSchema = searchBody(config.MAX_TOP_K, config.MAX_QUESTION_CHARS);
  return [
    {
      method: 'post',
      path: '/v1/collections',
      access: ADMIN,
      summary: 'Create a collection',
      tag: 'collections',
      body: createCollectionBody,
      async handler(req, res) {
        const body = createCollectionBody.parse(req.body);
        const collection = await collections.create({
          tenantId: callerOf(req).tenantId,
          name: body.name,
          description: body.description ?? null,
          settings: {
            ...(body.ocrLanguage ? { ocrLanguage: body.ocrLanguage } : {}),
            // Stored as sent, like PATCH …/settings: defaults are filled when the policy is read.
            ...(body.guardrails ? { guardrails: (req.body as { guardrails: unknown }).guardrails } : {}),
          },
        });
        res.status(201).json(collection);
      },
    },
    {
      method: 'put',
      path: '/v1/collections/:collectionId/ocr-language',
      access: ADMIN,
      summary:
        "Set a collection's OCR language: auto (detected from the first page), eng, chi_sim or eng+chi_sim",
      tag: 'collections',
      body: ocrLanguageBody,
      async handler(req, res) {
        const id = idParam.parse(req.params.collectionId);
        const body = ocrLanguageBody.parse(req.body);
        res.json(await collections.setOcrLanguage(callerOf(req).tenantId, id, body.ocrLanguage));
      },
    },
    {
      method: 'patch',
      path: '/v1/collections/:collectionId/settings',
      access: ADMIN,
      summary:
        "Change a collection's settings: `ocrLanguage`, and `guardrails` (per input check block, warn or log with a threshold; PII, groundedness and document-injection policies). Each key given replaces that setting; null restores the server default; keys not given are kept. Applies from the next chat turn or ingested document.",
      tag: 'collections',
      body: collectionSettingsPatchSchema,
      async handler(req, res) {
        const id = idParam.parse(req.params.collectionId);
        // The service validates (a ZodError is a 400) and stores the values as sent.
        res.json(await collections.updateSettings(callerOf(req).tenantId, id, req.body));
      },
    },
    {
      method: 'get',
      path: '/v1/collections',
      access: STAFF,
      summary: 'List collections',
      tag: 'collections',
      query: pageQuery,
      async handler(req, res) {
        const page = pageQuery.parse(req.query);
        const items = await collections.list(callerOf(req).tenantId, page);
        res.json({ items, nextAfter: items.length === page.limit ? items.at(-1)?.id : null });
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId',
      access: STAFF,
      summary: 'Show a collection',
      tag: 'collections',
      async handler(req, res) {
        res.json(await collections.get(callerOf(req).tenantId, idParam.parse(req.params.collectionId)));
      },
    },
    {
      method: 'delete',
      path: '/v1/collections/:collectionId',
      access: ADMIN,
      summary: 'Delete a collection',
      tag: 'collections',
      async handler(req, res) {
        const collectionId = idParam.parse(req.params.collectionId);
        await collections.delete(callerOf(req).tenantId, collectionId);
        res.json({ collectionId, deleted: true });
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/index',
      access: ADMIN,
      summary:
        "This process's search index of the collection against Postgres (issue #16): the chunk ids its catalog, HNSW and BM25 parts hold, counted, checksummed (and listed with ?ids=true), after catching up unless ?catchUp=false",
      tag: 'collections',
      query: indexReportQuery,
      async handler(req, res) {
        const query = indexReportQuery.parse(req.query);
        res.json(
          await collections.indexReport(callerOf(req).tenantId, idParam.parse(req.params.collectionId), {
            ids: query.ids === 'true',
            catchUp: query.catchUp === 'true',
          }),
        );
      },
    },
    {
      method: 'post',
      path: '/v1/collections/:collectionId/reembed',
      access: ADMIN,
      summary:
        'Re-embed a collection with another embedder (issue #17); 202 with the job. The old index serves until the swap.',
      tag: 'collections',
      body: reembedBody,
      async handler(req, res) {
        const body = reembedBody.parse(req.body);
        const { job, target } = await reembedding.start({
          tenantId: callerOf(req).tenantId,
          collectionId: idParam.parse(req.params.collectionId),
          embedder: body.embedder,
          requestId: String(req.id),
        });
        // Payloads are internal, as in the jobs API.
        const { payload: _payload, documentIds: _documents, ...visible } = job;
        res.status(202).json({ job: visible, target });
      },
    },
    {
      method: 'post',
      path: '/v1/collections/:collectionId/documents',
      access: STAFF,
      summary: 'Upload a document (file or JSON text); 202 with the ingestion job',
      tag: 'documents',
      body: textDocumentBody,
      form: uploadFields,
      async handler(req, res) {
        const collectionId = idParam.parse(req.params.collectionId);
        // Refused at upload, not in a failed job after the bytes were stored.
        await collections.writable(callerOf(req).tenantId, collectionId);
        const outcome = await documents.upload(await readUpload(req, collectionId));
        res.status(outcome.duplicate ? 200 : 202).json(outcome);
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents',
      access: STAFF,
      summary: 'List documents',
      tag: 'documents',
      query: pageQuery,
      async handler(req, res) {
        const collectionId = idParam.parse(req.params.collectionId);
        res.json(await documents.list(callerOf(req), collectionId, pageQuery.parse(req.query)));
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents/:documentId',
      access: STAFF,
      summary: 'Show a document and its ingestion status',
      tag: 'documents',
      async handler(req, res) {
        res.json(await documents.readable(callerOf(req), ...documentPath(req)));
      },
    },
    {
      method: 'put',
      path: '/v1/collections/:collectionId/documents/:documentId',
      access: STAFF,
      summary: 'Replace a document; only changed chunks are re-embedded',
      tag: 'documents',
      body: textDocumentBody,
      form: uploadFields,
      async handler(req, res) {
        const [collectionId, documentId] = documentPath(req);
        await collections.writable(callerOf(req).tenantId, collectionId);
        const outcome = await documents.replace({ ...(await readUpload(req, collectionId)), documentId });
        res.status(202).json(outcome);
      },
    },
    {
      method: 'delete',
      path: '/v1/collections/:collectionId/documents/:documentId',
      access: STAFF,
      summary: 'Delete a document everywhere; returns a receipt',
      tag: 'documents',
      async handler(req, res) {
        res.json(await documents.delete(callerOf(req), ...documentPath(req)));
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents/:documentId/chunks',
      access: STAFF,
      summary: "A document's chunks",
      tag: 'documents',
      query: offsetPageQuery,
      async handler(req, res) {
        const page = offsetPageQuery.parse(req.query);
        res.json(await documents.chunks(callerOf(req), ...documentPath(req), page));
      },
    },
    {
      method: 'post',
      path: '/v1/collections/:collectionId/search',
      access: STAFF,
      summary: 'Hybrid, BM25 or vector search',
      tag: 'search',
      body: searchSchema,
      async handler(req, res) {
        const body = searchSchema.parse(req.body);
        const caller = callerOf(req);
        const started = performance.now();
        const { results, mode, rerank } = await container.search.search({
          tenantId: caller.tenantId,
          collectionId: idParam.parse(req.params.collectionId),
          query: body.query,
          k: body.k,
          mode: body.mode,
          ...(caller.principals ? { principals: caller.principals } : {}),
          ...(body.filter
            ? {
                filter: {
                  ...(body.filter.documentIds ? { documentIds: body.filter.documentIds } : {}),
                  ...(body.filter.tags ? { tags: body.filter.tags } : {}),
                  ...(body.filter.metadata ? { metadata: body.filter.metadata } : {}),
                  ...(body.filter.dateFrom ? { dateFrom: Date.parse(body.filter.dateFrom) } : {}),
                  ...(body.filter.dateTo ? { dateTo: Date.parse(body.filter.dateTo) } : {}),
                },
              }
            : {}),
        });
        res.json({
          results,
          // The mode that ranked: hybrid falls back to BM25 for a query the embedder cannot read.
          mode,
          // Which reranker reordered the results, or applied: false when it failed (fused order).
          ...(rerank ? { rerank } : {}),
          tookMs: Math.round((performance.now() - started) * 100) / 100,
        });
      },
    },
  ];
}
