import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #17: a fresh clone, with no ../shared beside it, classifies with the models shipped under
 * models/ (fastText ensemble for English, the ChnSentiCorp-trained model for Chinese), through the
 * server built from the default configuration. Nothing here reads ../shared, so it never skips.
 */
interface SyncResult {
  label: string;
  score: number;
  confidence: number;
  language: string;
  classifier: string;
}

async function classify(
  server: TestServer,
  texts: string[],
): Promise<{ results: SyncResult[]; notes: string[] }> {
  const response = await fetch(`${server.url}/v1/sentiment`, {
    method: 'POST',
    headers: { ...server.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ texts }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { results: SyncResult[]; notes: string[] };
}

describe('issue #17: default sentiment configuration', () => {
  it('points at the vendored models inside the repository, not at ../shared', () => {
    const config = loadConfig({});
    const models = path.join(repoRoot(), 'models');
    for (const file of [
      config.FASTTEXT_POLARITY_MODEL,
      config.FASTTEXT_STARS_MODEL,
      config.SENTIMENT_ZH_MODEL_FILE,
    ]) {
      expect(file?.startsWith(models + path.sep)).toBe(true);
    }
    // `none` turns a model off; a path replaces it.
    const off = loadConfig({ FASTTEXT_POLARITY_MODEL: 'none', SENTIMENT_ZH_MODEL_FILE: 'none' });
    expect(off.FASTTEXT_POLARITY_MODEL).toBeUndefined();
    expect(off.SENTIMENT_ZH_MODEL_FILE).toBeUndefined();
    expect(loadConfig({ FASTTEXT_STARS_MODEL: 'elsewhere/x.ftz' }).FASTTEXT_STARS_MODEL).toBe(
      path.resolve('elsewhere/x.ftz'),
    );
  });

  describe('the server built with the default configuration', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(async () => {
      await server?.stop();
      if (server) await removeTestData(server);
    });

    it('labels English polar texts with the fastText ensemble and calls "okay, nothing special" neutral', async () => {
      const { results, notes } = await classify(server, [
        'This is the best purchase I have made all year, absolutely wonderful.',
        'Terrible quality, it broke after two days and support never answered.',
        'It is okay, nothing special.',
        'The food was good.',
      ]);
      const [pos, neg, meh, mild] = results;
      expect(mild).toMatchObject({ label: 'positive' });
      expect(pos).toMatchObject({ label: 'positive', language: 'en' });
      expect(neg).toMatchObject({ label: 'negative', language: 'en' });
      expect(meh).toMatchObject({ label: 'neutral', language: 'en' });
      expect(pos?.classifier).toMatch(/^ensemble:fasttext\+stars\+lexicon$/);
      expect(pos!.score).toBeGreaterThan(0);
      expect(neg!.score).toBeLessThan(0);
      expect(notes).toEqual([]);
    });

    it('labels a Chinese positive/negative pair with the vendored ChnSentiCorp model and the Chinese lexicon', async () => {
      const { results, notes } = await classify(server, [
        '房间很干净，服务也很好，下次还会再来。',
        '房间又脏又吵，前台态度很差，再也不住了。',
      ]);
      const id = 'ensemble:trained-nb:chnsenticorp+zh-lexicon';
      expect(results.map((r) => [r.language, r.label, r.classifier])).toEqual([
        ['zh', 'positive', id],
        ['zh', 'negative', id],
      ]);
      expect(results[0]!.confidence).toBeGreaterThan(0.5);
      expect(notes).toEqual([]);
    });

    it('calls short Chinese complaints negative and a lukewarm verdict neutral (the NB alone did not)', async () => {
      const { results } = await classify(server, ['客服态度很差', '物流太慢了，很失望', '一般般吧']);
      expect(results.map((r) => r.label)).toEqual(['negative', 'negative', 'neutral']);
    });
  });

  describe('env settings still override the defaults', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ FASTTEXT_POLARITY_MODEL: 'none', SENTIMENT_ZH_MODEL_FILE: 'none' });
    });
    afterAll(async () => {
      await server?.stop();
      if (server) await removeTestData(server);
    });

    it('uses the lexicon for both when the models are turned off, and says so', async () => {
      const { results, notes } = await classify(server, [
        'This is the best purchase I have made all year, absolutely wonderful.',
        '房间很干净，服务也很好，下次还会再来。',
      ]);
      expect(results.map((r) => r.classifier)).toEqual(['wink-lexicon', 'wink-lexicon']);
      expect(results[1]).toMatchObject({ language: 'zh', label: 'neutral', confidence: 0 });
      expect(notes.join(' ')).toMatch(/FASTTEXT_POLARITY_MODEL/);
      expect(notes.join(' ')).toMatch(/SENTIMENT_ZH_MODEL_FILE/);
    });
  });
});
