import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

function gauge(text: string, stat: string): number {
  const match = new RegExp(`^eventloop_delay_ms\\{stat="${stat}"\\} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`no eventloop_delay_ms{stat="${stat}"} in:\n${text}`);
  return Number(match[1]);
}

describe('event-loop delay metric (issue #16)', () => {
  it('reports p50, p99 and max in ms, sees a blocked loop, and resets at each scrape', async () => {
    const metrics = createMetrics();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await metrics.registry.metrics(); // starts a fresh window
      // Node drops the first sample after a reset, so the stall starts after the next one.
      await new Promise((resolve) => setTimeout(resolve, 40));
      // Block the thread for 250 ms: the sampler's next tick is that late.
      const until = performance.now() + 250;
      while (performance.now() < until) {
        /* busy */
      }
      await new Promise((resolve) => setTimeout(resolve, 60));
      const text = await metrics.registry.metrics();
      const p50 = gauge(text, 'p50');
      const p99 = gauge(text, 'p99');
      const max = gauge(text, 'max');
      expect(max).toBeGreaterThanOrEqual(200);
      expect(max).toBeLessThan(5000);
      expect(p99).toBeLessThanOrEqual(max);
      expect(p50).toBeLessThanOrEqual(p99);
      expect(p50).toBeGreaterThanOrEqual(0);
      // The next window starts after that scrape and no longer holds the 250 ms stall.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(gauge(await metrics.registry.metrics(), 'max')).toBeLessThan(200);
    } finally {
      metrics.close();
    }
  });
});
