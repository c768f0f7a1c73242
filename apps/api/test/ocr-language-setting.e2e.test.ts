import { DocumentsRepo } from '@grounded/documents';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #14: "The language is a collection setting, detected by default." A collection stores its
 * OCR language (validated), and ingestion reads scans and images with it; a collection that sets
 * none takes the server's OCR_LANGUAGES, 'auto' by default.
 */
function englishPng(): Uint8Array {
  const canvas = createCanvas(1200, 160);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, 1200, 160);
  context.fillStyle = '#000000';
  context.font = '40px "DejaVu Sans"';
  context.textBaseline = 'top';
  context.fillText('The warehouse in Denver closes on Friday', 40, 50);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

describe('OCR language per collection', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ PARSE_TIMEOUT_MS: '300000' });
    api = await apiClient(server);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (server) await removeTestData(server);
  });

  const ingestPng = async (collectionId: string) => {
    const response = await api.upload<{ document: { id: string }; job: { id: string } }>(
      `/v1/collections/${collectionId}/documents`,
      { bytes: englishPng(), filename: 'notice.png', type: 'image/png' },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    const job = await api.waitForJob(response.body.job.id, 120_000);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const document = await new DocumentsRepo(server.container.db).find(response.body.document.id);
    return document?.metadata.ocr as Record<string, unknown>;
  };

  it('validates the setting when a collection is created and when it is changed', async () => {
    const bad = await api.request<{ error: { code: string } }>('POST', '/v1/collections', {
      name: 'french scans',
      ocrLanguage: 'fra',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');

    const created = await api.request<{ id: string; settings: Record<string, unknown> }>(
      'POST',
      '/v1/collections',
      { name: 'english scans', ocrLanguage: 'eng' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.settings).toMatchObject({ ocrLanguage: 'eng' });

    const changed = await api.request<{ settings: Record<string, unknown> }>(
      'PUT',
      `/v1/collections/${created.body.id}/ocr-language`,
      { ocrLanguage: 'eng+chi_sim' },
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.settings).toMatchObject({ ocrLanguage: 'eng+chi_sim' });
    const shown = await api.request<{ settings: Record<string, unknown> }>(
      'GET',
      `/v1/collections/${created.body.id}`,
    );
    expect(shown.body.settings).toMatchObject({ ocrLanguage: 'eng+chi_sim' });

    const invalid = await api.request<{ error: { code: string } }>(
      'PUT',
      `/v1/collections/${created.body.id}/ocr-language`,
      { ocrLanguage: 'klingon' },
    );
    expect(invalid.status).toBe(400);
  });

  it('reads an image with the collection setting, or detects the language by default', async () => {
    const fixed = await api.request<{ id: string }>('POST', '/v1/collections', {
      name: 'both languages',
      ocrLanguage: 'eng+chi_sim',
    });
    const fixedOcr = await ingestPng(fixed.body.id);
    expect(fixedOcr).toMatchObject({ languageSetting: 'eng+chi_sim', languages: ['eng', 'chi_sim'] });
    expect(fixedOcr.languageDetection).toBeUndefined();

    const plain = await api.request<{ id: string }>('POST', '/v1/collections', { name: 'detected' });
    const detectedOcr = await ingestPng(plain.body.id);
    expect(detectedOcr).toMatchObject({
      languageSetting: 'auto',
      languages: ['eng'],
      languageDetection: { hanShare: 0, chosen: ['eng'] },
    });
  }, 240_000);
});
