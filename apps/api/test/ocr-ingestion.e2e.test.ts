import { readFile } from 'node:fs/promises';
import { hasShared, sharedPath } from '@grounded/core';
import { DocumentsRepo } from '@grounded/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #14, point 3: a scanned PDF (no text layer) ingests through the API by OCR, and a question
 * about its content gets an answer whose citations quote the OCR text at exact offsets and pages.
 */
const noPdfs = !hasShared('eval', 'pdfs');

describe.skipIf(noPdfs)(
  'a scanned PDF ingests by OCR and is answered with citations (needs ../shared/eval/pdfs)',
  () => {
    let server: TestServer;
    let api: ApiClient;
    let collectionId: string;
    let documentId: string;

    beforeAll(async () => {
      // English only: the scan is English, and one model reads it faster on a shared test machine.
      server = await startTestServer({ OCR_LANGUAGES: 'eng', PARSE_TIMEOUT_MS: '300000' });
      api = await apiClient(server);
      const created = await api.request<{ id: string }>('POST', '/v1/collections', { name: 'scans' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      collectionId = created.body.id;
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
      if (server) await removeTestData(server);
    });

    it('ingests the two-column scan, recording OCR confidence per page', async () => {
      const bytes = await readFile(sharedPath('eval', 'pdfs', 'scanned_2col_linn.pdf'));
      const response = await api.upload<{ document: { id: string }; job: { id: string } }>(
        `/v1/collections/${collectionId}/documents`,
        { bytes, filename: 'linn.pdf' },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      const job = await api.waitForJob(response.body.job.id, 240_000);
      expect(job.status, job.error ?? '').toBe('succeeded');
      documentId = response.body.document.id;
      const document = await new DocumentsRepo(server.container.db).find(documentId);
      expect(document?.status).toBe('ready');
      expect(document?.metadata.ocr).toMatchObject({
        engine: 'tesseract.js',
        languages: ['eng'],
        lowConfidencePages: [],
        pages: [{ page: 1, confidence: expect.any(Number) }],
      });
    }, 300_000);

    it('answers a question about the scan with citations into the OCR text', async () => {
      const response = await api.request<{
        answer: string;
        abstained: boolean;
        citations: { documentId: string; start: number; end: number; quote: string; page: number | null }[];
      }>('POST', '/v1/chat', {
        collectionId,
        message: 'How many tracks does each sequence of the LinnSequencer contain?',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.abstained).toBe(false);
      expect(response.body.answer).toMatch(/32 simultaneous, polyphonic tracks/);
      expect(response.body.citations.length).toBeGreaterThan(0);
      const text = await new DocumentsRepo(server.container.db).extractedText(documentId);
      for (const citation of response.body.citations) {
        expect(citation.documentId).toBe(documentId);
        expect(text?.slice(citation.start, citation.end)).toBe(citation.quote);
        expect(citation.page).toBe(1);
      }
    }, 120_000);
  },
);
