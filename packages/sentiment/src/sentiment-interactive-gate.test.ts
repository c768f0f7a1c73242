import { describe, expect, it } from 'vitest';
import { InteractiveGate } from './sentiment-interactive-gate';

describe('InteractiveGate', () => {
  it('lets batch work through at once when nothing interactive runs', async () => {
    const gate = new InteractiveGate(1000);
    const t = performance.now();
    await gate.wait();
    expect(performance.now() - t).toBeLessThan(50);
  });

  it('holds batch work until the interactive request ends', async () => {
    const gate = new InteractiveGate(5000);
    gate.begin();
    let released = false;
    const waiting = gate.wait().then(() => {
      released = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(released).toBe(false);
    gate.end();
    await waiting;
    expect(released).toBe(true);
    expect(gate.inFlight).toBe(0);
  });

  it('never holds it longer than maxWaitMs, so batches cannot starve', async () => {
    const gate = new InteractiveGate(40);
    gate.begin();
    const t = performance.now();
    await gate.wait();
    const waited = performance.now() - t;
    expect(waited).toBeGreaterThanOrEqual(35);
    expect(waited).toBeLessThan(1000);
  });
});
