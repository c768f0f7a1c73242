import { describe, expect, it } from 'vitest';
import { runScaleOut } from './scale-out';

/**
 * Issue #16, point 5, the short variant of `npm run bench -- --only scale`: two API processes and
 * two workers on the real Postgres and Redis (see scale-out.ts for what is proven and how). The
 * BullMQ lock and stalled check are shortened (QUEUE_LOCK_MS, QUEUE_STALLED_CHECK_MS) so that the
 * killed worker's job changes hands in seconds rather than the defaults' 30-60 s.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!DATABASE_URL || !REDIS_URL)(
  'scale-out: 2 APIs + 2 workers (real processes, Postgres + Redis)',
  () => {
    it('propagates between the APIs, survives a worker SIGKILL mid-document, and both indexes equal Postgres', async () => {
      const figures = await runScaleOut({
        databaseUrl: DATABASE_URL!,
        redisUrl: REDIS_URL!,
        largeChunks: 32,
        propagationSamples: 2,
        lockMs: 3000,
        stalledCheckMs: 1000,
        // Embedding goes in batches of 16, so this kills after the first batch of two.
        killAt: 0.25,
        log: (line) => console.log(`  ${line}`),
      });
      console.log(`scale-out figures: ${JSON.stringify(figures)}`);

      // A document uploaded through one API is found through the other within 2 s of its job finishing.
      for (const delay of figures.propagation.afterJobFinishedMs) expect(delay).toBeLessThanOrEqual(2000);
      // And the uploading API, never searched meanwhile, has it in its index as soon (the follower).
      for (const delay of figures.propagation.followerAfterJobFinishedMs)
        expect(delay).toBeLessThanOrEqual(2000);

      // The killed worker's document was finished by the other worker: the same rows as a clean run.
      const { crash } = figures;
      expect(crash.embeddedAtKill).toBeGreaterThan(0);
      expect(crash.embeddedAtKill).toBeLessThan(crash.chunks);
      expect(crash.survivorPid).not.toBe(crash.killedPid);
      expect(crash.jobStatus).toBe('succeeded');
      expect(crash.storedChunks).toBe(crash.cleanChunks);
      expect(crash.lost).toBe(0);
      expect(crash.duplicated).toBe(0);
      // It resumed: what the killed worker embedded came back from the embedding cache.
      expect(crash.reusedBySurvivor).toBeGreaterThanOrEqual(crash.embeddedAtKill);

      // Both APIs' catalog, HNSW and BM25 hold exactly Postgres's chunk ids, also without a catch-up
      // on the read (the follower applied them).
      expect(figures.indexes).toHaveLength(4);
      for (const check of figures.indexes) {
        expect(check, `${check.api}/${check.collection}`).toMatchObject({
          equal: true,
          equalWithoutCatchUp: true,
          missing: 0,
          extra: 0,
        });
        expect(check.hnsw).toBe(check.postgres);
        expect(check.bm25).toBe(check.postgres);
      }
    }, 120_000);
  },
);
