import { createEmbeddingSafetyClassifier } from '@grounded/guardrails';
import { withQueryCache } from '@grounded/retrieval';
import type { Queryable } from '@grounded/storage';
import { describe, expect, it } from 'vitest';
import { GuardrailService, policyFromSettings } from './guardrail-service';

/**
 * With SAFETY_CLASSIFIER=learned the input check embeds the question; under the tenant's
 * cacheScope the vector lands in retrieval's query-vector cache, so the search that follows
 * (SearchService embeds `query.trim()` under the same scope) makes no second model call.
 */
function countingModel() {
  const calls: string[][] = [];
  return {
    calls,
    embedder: {
      id: 'use-lite',
      dimension: 512,
      async embed(texts: string[]) {
        calls.push(texts);
        return texts.map(() => new Float32Array(512));
      },
      async close() {},
    },
  };
}

async function turn(cacheScope: string | undefined) {
  const model = countingModel();
  const cached = withQueryCache(model.embedder, { maxEntries: 10 });
  const guard = new GuardrailService({
    db: {} as Queryable,
    safety: await createEmbeddingSafetyClassifier({ embedder: cached }),
  });
  const input = await guard.checkInput(
    'How long do refunds take? ',
    policyFromSettings({}),
    cacheScope === undefined ? {} : { cacheScope },
  );
  expect(input.blocked).toBeNull();
  await cached.embed([input.text.trim()], { cacheScope: 'tenant-a' });
  return model.calls;
}

describe('the learned safety check and retrieval share the question vector', () => {
  it('embeds the question once when the check runs under the tenant cacheScope', async () => {
    expect(await turn('tenant-a')).toEqual([['How long do refunds take?']]);
  });

  it('embeds it twice without one (the check does not pass through the cache)', async () => {
    expect(await turn(undefined)).toHaveLength(2);
  });
});
