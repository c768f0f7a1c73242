import { randomBytes } from 'node:crypto';
import { AppError, sha256Hex } from '@grounded/core';
import { detectFormat } from '@grounded/ingest';
import type { JobQueue, JobRecord } from '@grounded/jobs';
import { mayRead } from '@grounded/retrieval';
import type { Database } from '@grounded/storage';
import { type CopiesRemoved, type DocumentCopies, removeDocumentCopies } from './document-copies';
import type { IndexManager } from './index-manager';
import { INGEST_JOB, type IngestJobPayload } from './ingestion-job';
import { ChunksRepo, type ChunkView, lockChangeLog } from './repositories/chunks-repo';
import { CollectionsRepo } from './repositories/collections-repo';
import {
  type DocumentRecord,
  DocumentsRepo,
  documentNotFound,
  type NewDocument,
} from './repositories/documents-repo';

/** Who reads: the tenant, and the ACL principals (undefined = unrestricted). */
export interface Reader {
  tenantId: string;
  principals?: readonly string[] | undefined;
}

export interface UploadInput {
  tenantId: string;
  collectionId: string;
  bytes: Uint8Array;
  filename?: string | null | undefined;
  mimeType?: string | null | undefined;
  title?: string | null | undefined;
  password?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  tags?: string[] | undefined;
  allowedPrincipals?: string[] | undefined;
  documentDate?: string | null | undefined;
  requestId?: string | null | undefined;
  /** The uploader's principals (undefined = unrestricted), so dedup never hands it a document it may not read. */
  principals?: readonly string[] | undefined;
}

export interface UploadOutcome {
  document: DocumentRecord;
  job: JobRecord | null;
  /** True when the same bytes were already in the collection: nothing new was stored. */
  duplicate: boolean;
}

export interface DeletionReceipt extends CopiesRemoved {
  documentId: string;
  collectionId: string;
  chunksRemoved: string[];
  removedFrom: string[];
  deletedAt: string;
}

function newDocument(input: UploadInput, format: string, contentHash: string): NewDocument {
  return {
    collectionId: input.collectionId,
    tenantId: input.tenantId,
    title: input.title ?? null,
    filename: input.filename ?? null,
    mimeType: input.mimeType ?? null,
    format,
    contentHash,
    bytes: input.bytes,
    metadata: input.metadata ?? {},
    tags: input.tags ?? [],
    allowedPrincipals: input.allowedPrincipals ?? [],
    documentDate: input.documentDate ?? null,
  };
}

/** Accepting, replacing and deleting documents. Parsing and embedding happen in the ingest job. */
export class DocumentService {
  private readonly collections: CollectionsRepo;
  private readonly documents: DocumentsRepo;
  private readonly chunkRows: ChunksRepo;

  constructor(
    private readonly deps: {
      db: Database;
      queue: JobQueue;
      indexes: IndexManager;
      copies?: DocumentCopies;
    },
  ) {
    this.collections = new CollectionsRepo(deps.db);
    this.documents = new DocumentsRepo(deps.db);
    this.chunkRows = new ChunksRepo(deps.db);
  }

  async upload(input: UploadInput): Promise<UploadOutcome> {
    await this.collections.get(input.tenantId, input.collectionId);
    const format = this.checkAcceptable(input);
    const contentHash = sha256Hex(input.bytes);
    // Only documents the uploader may read count (issue #12): the same bytes under an ACL the
    // uploader is not in become a document of its own, so an upload cannot probe for them. No
    // unique index can say that, so a lock per (collection, bytes) keeps a double submit to one.
    const { existing, created } = await this.deps.db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('document_bytes:' || $1 || ':' || $2))", [
        input.collectionId,
        contentHash,
      ]);
      const documents = new DocumentsRepo(tx);
      const found = await documents.findByHash(input.collectionId, contentHash, input.principals);
      if (found) return { existing: found, created: null };
      return { existing: null, created: await documents.create(newDocument(input, format, contentHash)) };
    });
    if (created) {
      const job = await this.enqueue(created, input);
      return { document: { ...created, jobId: job.id }, job, duplicate: false };
    }
    if (existing.status === 'failed') {
      // Sending the bytes of a failed document again retries it, with what came along this time
      // (e.g. the password of an encrypted PDF). Without this the dedup answer would return the
      // failure forever, and the deterministic job id would name the old, failed job.
      return this.replaceAndRerun(existing, input, format, contentHash);
    }
    const job = existing.jobId ? await this.deps.queue.get(existing.jobId) : null;
    // Pending with no live job: its enqueue failed after the row was written (queue_unavailable
    // while Redis was down). Sending the bytes again queues it; answering "duplicate" here left
    // a document that no job would ever ingest (issue #7, dependency outage test).
    if (existing.status === 'pending' && (!job || (job.status !== 'queued' && job.status !== 'running'))) {
      const queued = await this.enqueue(existing, input, { rerun: job !== null });
      return { document: { ...existing, jobId: queued.id }, job: queued, duplicate: false };
    }
    return { document: existing, job, duplicate: true };
  }

  /** Only a document the uploader may read can be replaced: outside its groups it does not exist. */
  async replace(input: UploadInput & { documentId: string }): Promise<UploadOutcome> {
    const current = await this.readable(input, input.collectionId, input.documentId);
    const format = this.checkAcceptable(input);
    const contentHash = sha256Hex(input.bytes);
    const clash = await this.documents.findByHash(input.collectionId, contentHash, input.principals);
    if (clash && clash.id !== current.id) {
      throw new AppError('conflict', `document ${clash.id} in this collection already has this content`, {
        details: { documentId: clash.id },
      });
    }
    return this.replaceAndRerun(current, input, format, contentHash);
  }

  /**
   * New bytes (and whatever metadata came with them) for an existing document, then a new job.
   * Always a new job id: a PUT of the same bytes may still change tags, ACL or date, which the
   * job pushes to the indexes, and the content-derived id would name the old, finished job.
   */
  private async replaceAndRerun(
    current: DocumentRecord,
    input: UploadInput,
    format: string,
    contentHash: string,
  ): Promise<UploadOutcome> {
    const document = await this.documents.replaceContent(current.id, {
      title: input.title ?? current.title,
      filename: input.filename ?? current.filename,
      mimeType: input.mimeType ?? current.mimeType,
      format,
      contentHash,
      bytes: input.bytes,
      metadata: input.metadata ?? current.metadata,
      tags: input.tags ?? current.tags,
      allowedPrincipals: input.allowedPrincipals ?? current.allowedPrincipals,
      documentDate: input.documentDate ?? current.documentDate,
    });
    const job = await this.enqueue(document, input, { rerun: true });
    return { document: { ...document, jobId: job.id }, job, duplicate: false };
  }

  /** Removes the document, its bytes and its chunks from Postgres and from the indexes, in one step. */
  /** Only a document the caller may read can be deleted: outside its groups it does not exist. */
  async delete(reader: Reader, collectionId: string, documentId: string): Promise<DeletionReceipt> {
    const { tenantId } = reader;
    await this.readable(reader, collectionId, documentId);
    const { chunksRemoved, copies } = await this.deps.db.transaction(async (tx) => {
      await lockChangeLog(tx, collectionId);
      const removed = await this.chunkRows.deleteForDocument(tx, documentId, collectionId);
      await new DocumentsRepo(tx).delete(documentId);
      // Deletion that really deletes: other features keep copies of the text (stored answers,
      // summary results, webhook payloads); they go in the same transaction.
      return {
        chunksRemoved: removed,
        copies: await removeDocumentCopies(tx, this.deps.copies ?? {}, tenantId, {
          documentIds: [documentId],
        }),
      };
    });
    // Memory, and the saved index under DATA_DIR (dropped now, written again shortly after without
    // the chunks): not at the next shutdown.
    await this.deps.indexes.purge(collectionId);
    return {
      documentId,
      collectionId,
      chunksRemoved,
      ...copies,
      removedFrom: [
        'postgres:documents',
        'postgres:document_blobs',
        'postgres:chunks',
        'postgres:document_passwords',
        'postgres:embedding_cache',
        'hnsw',
        'bm25',
        'stored answers citing it',
        'summary job results',
        'webhook payloads quoting it',
      ],
      deletedAt: new Date().toISOString(),
    };
  }

  /** Of these documents, those the reader may not read now (see `DocumentsRepo.unreadable`). */
  unreadable(reader: Reader, documentIds: readonly string[]): Promise<Set<string>> {
    return this.documents.unreadable(reader.tenantId, documentIds, reader.principals);
  }

  /** A page of a collection's documents, made only of those the reader may read (issue #12). */
  async list(
    reader: Reader,
    collectionId: string,
    page: { limit: number; after?: string | undefined },
  ): Promise<{ items: DocumentRecord[]; nextAfter: string | null }> {
    await this.collections.get(reader.tenantId, collectionId);
    return this.documents.list(collectionId, { ...page, principals: reader.principals });
  }

  /** A document outside the reader's groups does not exist for the reader, as in search. */
  async readable(reader: Reader, collectionId: string, documentId: string): Promise<DocumentRecord> {
    await this.collections.get(reader.tenantId, collectionId);
    const document = await this.documents.get(collectionId, documentId);
    if (!mayRead(document.allowedPrincipals, reader.principals)) {
      throw documentNotFound(documentId, collectionId);
    }
    return document;
  }

  /** A page of the chunks of a document the reader may read: the document's text (issue #7). */
  async chunks(
    reader: Reader,
    collectionId: string,
    documentId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ChunkView[]; nextOffset: number | null }> {
    const document = await this.readable(reader, collectionId, documentId);
    const items = await this.chunkRows.listForDocument(document.id, page);
    return { items, nextOffset: items.length === page.limit ? page.offset + items.length : null };
  }

  /** What can be known at upload time is refused at upload time (4xx), not in a failed job. */
  private checkAcceptable(input: UploadInput): string {
    // An empty upload is refused here too: detectFormat says so for every path.
    return detectFormat(input.bytes, {
      ...(input.filename ? { filename: input.filename } : {}),
      ...(input.mimeType ? { mimeType: input.mimeType } : {}),
    });
  }

  private async enqueue(
    document: DocumentRecord,
    input: UploadInput,
    options: { rerun?: boolean } = {},
  ): Promise<JobRecord> {
    if (input.password) await this.documents.setPassword(document.id, input.password);
    const payload: IngestJobPayload = { documentId: document.id, contentHash: document.contentHash };
    // The first job's id is derived from the content, so a double submit of the same bytes is one
    // job; a deliberate re-run (PUT, retry of a failed document) needs an id of its own.
    const base = `ingest_${document.id}_${document.contentHash.slice(0, 16)}`;
    const job = await this.deps.queue.enqueue(INGEST_JOB, payload, {
      jobId: options.rerun ? `${base}_${randomBytes(4).toString('hex')}` : base,
      tenantId: input.tenantId,
      documentIds: [document.id],
      requestId: input.requestId ?? null,
      priority: 5,
    });
    await this.documents.setJob(document.id, job.id);
    return job;
  }
}
