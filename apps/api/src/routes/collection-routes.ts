import { AppError } from '@grounded/core';
import type { UploadInput } from '@grounded/knowledge';
import { ChunksRepo, CollectionsRepo, DocumentsRepo } from '@grounded/knowledge';
import { mayRead } from '@grounded/retrieval';
import { type Request, Router } from 'express';
import type { Container } from '../container';
import { readMultipart } from '../http/multipart';
import {
  createCollectionBody,
  idParam,
  offsetPageQuery,
  pageQuery,
  searchBody,
  textDocumentBody,
  uploadFields,
} from '../http/schemas';
import { type Caller, callerOf } from '../http/tenant';

function canRead(caller: Caller, document: { allowedPrincipals: readonly string[] }): boolean {
  return mayRead(document.allowedPrincipals, caller.principals);
}

export function collectionRoutes(container: Container): Router {
  const router = Router();
  const { config } = container;
  const collections = new CollectionsRepo(container.db);
  const documents = new DocumentsRepo(container.db);
  const chunks = new ChunksRepo(container.db);

  router.post('/v1/collections', async (req, res) => {
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
  });

  router.get('/v1/collections', async (req, res) => {
    const page = pageQuery.parse(req.query);
    const items = await collections.list(callerOf(req).tenantId, page);
    res.json({ items, nextAfter: items.length === page.limit ? items.at(-1)?.id : null });
  });

  router.get('/v1/collections/:collectionId', async (req, res) => {
    res.json(await collections.get(callerOf(req).tenantId, idParam.parse(req.params.collectionId)));
  });

  router.delete('/v1/collections/:collectionId', async (req, res) => {
    const collectionId = idParam.parse(req.params.collectionId);
    await collections.get(callerOf(req).tenantId, collectionId);
    await collections.delete(callerOf(req).tenantId, collectionId);
    await container.indexes.forget(collectionId);
    res.json({ collectionId, deleted: true });
  });

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

  router.post('/v1/collections/:collectionId/documents', async (req, res) => {
    const collectionId = idParam.parse(req.params.collectionId);
    await writableCollection(req, collectionId);
    const outcome = await container.documents.upload(await readUpload(req, collectionId));
    res.status(outcome.duplicate ? 200 : 202).json(outcome);
  });

  router.put('/v1/collections/:collectionId/documents/:documentId', async (req, res) => {
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
  });

  router.get('/v1/collections/:collectionId/documents', async (req, res) => {
    const collectionId = idParam.parse(req.params.collectionId);
    const caller = callerOf(req);
    await collections.get(caller.tenantId, collectionId);
    const page = pageQuery.parse(req.query);
    const items = await documents.list(collectionId, page);
    // The cursor comes from the unfiltered page, so paging still walks every document.
    res.json({
      items: items.filter((document) => canRead(caller, document)),
      nextAfter: items.length === page.limit ? items.at(-1)?.id : null,
    });
  });

  /** A document outside the caller's groups does not exist for that caller (as in search). */
  const readableDocument = async (req: Request) => {
    const caller = callerOf(req);
    const collectionId = idParam.parse(req.params.collectionId);
    await collections.get(caller.tenantId, collectionId);
    const documentId = idParam.parse(req.params.documentId);
    const document = await documents.get(collectionId, documentId);
    if (!canRead(caller, document)) {
      throw new AppError('document_not_found', `document ${documentId} does not exist`);
    }
    return document;
  };

  router.get('/v1/collections/:collectionId/documents/:documentId', async (req, res) => {
    res.json(await readableDocument(req));
  });

  router.get('/v1/collections/:collectionId/documents/:documentId/chunks', async (req, res) => {
    // Issue #7: these are the document's text; before, any agent of the tenant could read the
    // chunks of a document restricted to other groups, though search and chat hid it.
    const document = await readableDocument(req);
    const page = offsetPageQuery.parse(req.query);
    const items = await chunks.listForDocument(document.id, page);
    res.json({ items, nextOffset: items.length === page.limit ? page.offset + items.length : null });
  });

  router.delete('/v1/collections/:collectionId/documents/:documentId', async (req, res) => {
    await readableDocument(req);
    const receipt = await container.documents.delete(
      callerOf(req).tenantId,
      idParam.parse(req.params.collectionId),
      idParam.parse(req.params.documentId),
    );
    res.json(receipt);
  });

  const searchSchema = searchBody(config.MAX_TOP_K, config.MAX_QUESTION_CHARS);
  router.post('/v1/collections/:collectionId/search', async (req, res) => {
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
    res.json({ results, mode: body.mode, tookMs: Math.round((performance.now() - started) * 100) / 100 });
  });

  return router;
}
