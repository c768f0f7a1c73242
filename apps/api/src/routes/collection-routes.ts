import { AppError } from '@grounded/core';
import type { UploadInput } from '@grounded/documents';
import { ChunksRepo, CollectionsRepo, DocumentsRepo } from '@grounded/documents';
import { mayRead } from '@grounded/retrieval';
import type { Request } from 'express';
import type { Container } from '../container';
import { readMultipart } from '../http/multipart';
import { ADMIN, type RouteSpec, STAFF } from '../http/routes';
import {
  createCollectionBody,
  idParam,
  offsetPageQuery,
  pageQuery,
  searchBody,
  textDocumentBody,
  uploadFields,
} from '../http/schemas';
import { callerOf } from '../http/tenant';

export function collectionRoutes(container: Container): RouteSpec[] {
  const { config } = container;
  const collections = new CollectionsRepo(container.db);
  const documents = new DocumentsRepo(container.db);
  const chunks = new ChunksRepo(container.db);

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

  /**
   * A collection's vectors all come from the embedder that built it. A server running another
   * embedder refuses new content at upload, not in a failed job after the bytes were stored.
   */
  const writableCollection = async (req: Request, collectionId: string) => {
    const collection = await collections.get(callerOf(req).tenantId, collectionId);
    if (collection.embedderId !== container.embedder.id) {
      throw new AppError(
        'embedder_mismatch',
        `collection ${collection.id} was built with embedder '${collection.embedderId}' (${collection.embeddingDimension} dimensions); this server runs '${container.embedder.id}' (${container.embedder.dimension})`,
        {
          details: {
            collectionEmbedder: collection.embedderId,
            collectionDimension: collection.embeddingDimension,
            serverEmbedder: container.embedder.id,
            serverDimension: container.embedder.dimension,
          },
        },
      );
    }
    return collection;
  };

  /** A document outside the caller's groups does not exist for that caller (as in search). */
  const readableDocument = async (req: Request) => {
    const caller = callerOf(req);
    const collectionId = idParam.parse(req.params.collectionId);
    await collections.get(caller.tenantId, collectionId);
    const documentId = idParam.parse(req.params.documentId);
    const document = await documents.get(collectionId, documentId);
    if (!mayRead(document.allowedPrincipals, caller.principals)) {
      throw new AppError('document_not_found', `document ${documentId} does not exist`);
    }
    return document;
  };

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
        const caller = callerOf(req);
        if (await collections.findByName(caller.tenantId, body.name)) {
          throw new AppError('conflict', `a collection named '${body.name}' already exists`);
        }
        const collection = await collections.create({
          tenantId: caller.tenantId,
          name: body.name,
          description: body.description ?? null,
          embedderId: container.embedder.id,
          embeddingDimension: container.embedder.dimension,
        });
        res.status(201).json(collection);
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
        await collections.get(callerOf(req).tenantId, collectionId);
        await collections.delete(callerOf(req).tenantId, collectionId);
        await container.indexes.forget(collectionId);
        res.json({ collectionId, deleted: true });
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
        await writableCollection(req, collectionId);
        const outcome = await container.documents.upload(await readUpload(req, collectionId));
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
        const caller = callerOf(req);
        await collections.get(caller.tenantId, collectionId);
        const page = pageQuery.parse(req.query);
        // Filtered in the query: the page and its cursor are made only of documents the caller
        // may read (issue #12).
        res.json(await documents.list(collectionId, { ...page, principals: caller.principals }));
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/documents/:documentId',
      access: STAFF,
      summary: 'Show a document and its ingestion status',
      tag: 'documents',
      async handler(req, res) {
        res.json(await readableDocument(req));
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
        const collectionId = idParam.parse(req.params.collectionId);
        const documentId = idParam.parse(req.params.documentId);
        await writableCollection(req, collectionId);
        // A caller may only replace what it may read: outside its groups the document does not exist.
        await readableDocument(req);
        const outcome = await container.documents.replace({
          ...(await readUpload(req, collectionId)),
          documentId,
        });
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
        await readableDocument(req);
        const receipt = await container.documents.delete(
          callerOf(req).tenantId,
          idParam.parse(req.params.collectionId),
          idParam.parse(req.params.documentId),
        );
        res.json(receipt);
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
        // Issue #7: these are the document's text; before, any agent of the tenant could read the
        // chunks of a document restricted to other groups, though search and chat hid it.
        const document = await readableDocument(req);
        const page = offsetPageQuery.parse(req.query);
        const items = await chunks.listForDocument(document.id, page);
        res.json({ items, nextOffset: items.length === page.limit ? page.offset + items.length : null });
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
        const { results } = await container.search.search({
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
          mode: body.mode,
          tookMs: Math.round((performance.now() - started) * 100) / 100,
        });
      },
    },
  ];
}
