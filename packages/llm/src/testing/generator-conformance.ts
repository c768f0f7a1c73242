import { AppError } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationEvent, GenerationRequest, Generator } from '../generation/types';

/**
 * The one conformance suite every Generator adapter passes (DESIGN.md, convention 2). Test-only:
 * it imports vitest, so it is not exported from the package.
 */
export interface ConformanceSetup {
  create: () => Promise<Generator>;
  /** A request the adapter can answer with several tokens (or sentences, for the extractive one). */
  request: () => GenerationRequest;
  /** Model-backed adapters must stop with 'length' at maxTokens. */
  modelBacked: boolean;
  /** Tokens to ask for in the maxTokens test. */
  smallMaxTokens?: number;
  /** Factories that must reject with a clean AppError. */
  missingModel?: () => Promise<unknown>;
  brokenModel?: () => Promise<unknown>;
}

export async function collect(stream: AsyncIterable<GenerationEvent>): Promise<GenerationEvent[]> {
  const events: GenerationEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function textOf(events: GenerationEvent[]): string {
  return events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
}

function endOf(events: GenerationEvent[]) {
  const end = events.at(-1);
  if (end?.type !== 'end') throw new Error(`last event is not 'end': ${JSON.stringify(end)}`);
  return end;
}

export function describeGeneratorConformance(name: string, setup: ConformanceSetup): void {
  describe(`Generator conformance: ${name}`, () => {
    let generator: Generator;
    beforeAll(async () => {
      generator = await setup.create();
    });
    afterAll(async () => {
      await generator?.close();
    });

    it('describes itself and counts tokens', () => {
      expect(generator.id.length).toBeGreaterThan(0);
      expect(generator.contextWindow).toBeGreaterThan(0);
      expect(generator.countTokens('')).toBe(0);
      const short = generator.countTokens('hello');
      const long = generator.countTokens('hello world, this sentence has quite a few more tokens in it');
      expect(short).toBeGreaterThan(0);
      expect(long).toBeGreaterThan(short);
    });

    it('streams at least one delta, then exactly one end', async () => {
      const events = await collect(generator.generate(setup.request()));
      const ends = events.filter((e) => e.type === 'end');
      expect(ends).toHaveLength(1);
      const end = endOf(events);
      expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThanOrEqual(1);
      expect(textOf(events).trim().length).toBeGreaterThan(0);
      expect(['stop', 'length']).toContain(end.stopReason);
      expect(Number.isInteger(end.usage.promptTokens)).toBe(true);
      expect(end.usage.promptTokens).toBeGreaterThan(0);
      expect(end.usage.completionTokens).toBeGreaterThan(0);
    });

    it('respects maxTokens', async () => {
      const maxTokens = setup.smallMaxTokens ?? 5;
      const events = await collect(generator.generate({ ...setup.request(), maxTokens }));
      const end = endOf(events);
      expect(end.usage.completionTokens).toBeLessThanOrEqual(maxTokens);
      if (setup.modelBacked) {
        expect(end.stopReason).toBe('length');
        expect(end.usage.completionTokens).toBe(maxTokens);
      } else {
        expect(['stop', 'length']).toContain(end.stopReason);
      }
      // The unbounded answer is longer, so the cap really cut something.
      const full = endOf(await collect(generator.generate({ ...setup.request(), maxTokens: 200 })));
      expect(full.usage.completionTokens).toBeGreaterThan(end.usage.completionTokens);
    });

    it('ends the stream with stopReason abort when the signal fires', async () => {
      const controller = new AbortController();
      const events: GenerationEvent[] = [];
      for await (const event of generator.generate({
        ...setup.request(),
        maxTokens: 200,
        signal: controller.signal,
      })) {
        events.push(event);
        if (event.type === 'delta') controller.abort();
      }
      const end = endOf(events);
      expect(end.stopReason).toBe('abort');
      expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
      // Nothing (or at most what was already in flight) is emitted after the abort.
      expect(events.filter((e) => e.type === 'delta').length).toBeLessThanOrEqual(2);
    });

    it('ends at once for an already-aborted signal', async () => {
      const events = await collect(generator.generate({ ...setup.request(), signal: AbortSignal.abort() }));
      expect(endOf(events).stopReason).toBe('abort');
      expect(events.filter((e) => e.type === 'delta')).toHaveLength(0);
    });

    it('keeps working after a consumer stops reading early', async () => {
      for await (const event of generator.generate({ ...setup.request(), maxTokens: 200 })) {
        if (event.type === 'delta') break;
      }
      const events = await collect(generator.generate(setup.request()));
      expect(['stop', 'length']).toContain(endOf(events).stopReason);
    });

    if (setup.missingModel) {
      const missing = setup.missingModel;
      it('rejects a missing model with model_not_found', async () => {
        const error = await missing().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('model_not_found');
      });
    }
    if (setup.brokenModel) {
      const broken = setup.brokenModel;
      it('rejects a broken model with model_load_failed', async () => {
        const error = await broken().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('model_load_failed');
      });
    }
  });
}

/** Tokens per second of one generation, for the comparison note (not asserted). */
export async function measureTokensPerSecond(
  generator: Generator,
  request: GenerationRequest,
): Promise<number> {
  const started = performance.now();
  const end = endOf(await collect(generator.generate(request)));
  const seconds = (performance.now() - started) / 1000;
  return end.usage.completionTokens / seconds;
}
