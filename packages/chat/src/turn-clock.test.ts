import { describe, expect, it } from 'vitest';
import { TurnClock } from './answer-stream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TurnClock', () => {
  it('issue #17: takes guardrail time out of the stage it was spent in, so no stage is negative', async () => {
    const clock = new TurnClock();
    // Input checks (slow) before retrieval, then an instant extractive generation.
    await clock.guarding(() => sleep(60));
    clock.mark('rewritten');
    await sleep(20);
    clock.mark('retrieved');
    clock.mark('composed');
    await clock.guarding(() => sleep(30));
    clock.mark('finished');
    const timing = clock.timing();
    expect(timing.generationMs).toBeGreaterThanOrEqual(0);
    expect(timing.generationMs).toBeLessThan(25);
    expect(timing.rewriteMs).toBeLessThan(25);
    expect(timing.retrievalMs).toBeGreaterThanOrEqual(15);
    expect(timing.guardrailsMs).toBeGreaterThanOrEqual(85);
    expect(timing.totalMs).toBeGreaterThanOrEqual(timing.guardrailsMs + timing.retrievalMs);
  });
});
