import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { HeldOutput } from './held-output';

describe('HeldOutput (issue #17: nothing printed into the progress bar)', () => {
  it('holds log lines and console warnings while the bar is drawn and writes them after, in order', () => {
    let written = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    const output = new HeldOutput(out);
    const logger = createLogger('warn', 'grounded-cli', output.stream, 'json');
    logger.warn('before the bar');
    output.hold();
    logger.warn({ code: 'pdf_no_text' }, 'job failed');
    console.warn('Warning: a library speaks');
    expect(written).toContain('before the bar');
    expect(written).not.toContain('job failed');
    expect(written).not.toContain('a library speaks');
    output.release();
    expect(written.indexOf('job failed')).toBeLessThan(written.indexOf('a library speaks'));
    // console.warn is itself again.
    expect(console.warn.name).toBe('warn');
  });
});
