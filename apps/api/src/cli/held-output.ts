/**
 * Log lines and library warnings that arrive while the progress bar is drawn are held and written
 * after it, so none lands in the middle of the bar (issue #17: a JSON warning with a stack trace
 * was printed into it). Nothing is dropped.
 */
export class HeldOutput {
  private held: string[] | null = null;
  private restore: (() => void) | null = null;

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  /** The log destination: pass it to createLogger. */
  readonly stream = {
    write: (line: string) => {
      if (this.held) this.held.push(line);
      else this.out.write(line);
    },
  };

  /** From now until `release()`, hold log lines and console warnings. */
  hold(): void {
    if (this.held) return;
    this.held = [];
    const { warn, error } = console;
    const keep = (...args: unknown[]) => void this.held?.push(`${args.map(String).join(' ')}\n`);
    console.warn = keep;
    console.error = keep;
    this.restore = () => {
      console.warn = warn;
      console.error = error;
    };
  }

  /** Writes what was held, and writes through again. */
  release(): void {
    const lines = this.held ?? [];
    this.held = null;
    this.restore?.();
    this.restore = null;
    for (const line of lines) this.out.write(line);
  }
}
