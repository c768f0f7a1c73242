/**
 * Lets batch work step aside for interactive requests in the same process. The HTTP layer counts
 * interactive requests in flight (`begin`/`end`); a batch chunk calls `wait()` between slices and
 * pauses while any is in flight, for at most `maxWaitMs` at a time so batches never starve.
 */
export class InteractiveGate {
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly maxWaitMs = 250) {}

  get inFlight(): number {
    return this.active;
  }

  begin(): void {
    this.active++;
  }

  end(): void {
    this.active = Math.max(0, this.active - 1);
    if (this.active === 0) {
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    }
  }

  /** Resolves at once when nothing interactive runs; else when it is done or after maxWaitMs. */
  async wait(): Promise<void> {
    if (this.active === 0) {
      // Still give queued I/O callbacks (a request that just arrived) their turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      }, this.maxWaitMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }
}
