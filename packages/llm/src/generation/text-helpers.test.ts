import { describe, expect, it } from 'vitest';
import { sseData } from './sse-lines';
import { StopSequenceFilter } from './stop-sequences';

describe('sseData', () => {
  async function* bytes(parts: string[]) {
    for (const p of parts) yield new TextEncoder().encode(p);
  }
  it('reassembles events split across chunks and CRLF line endings', async () => {
    const out: string[] = [];
    for await (const d of sseData(
      bytes(['data: {"a"', ':1}\r', '\n\r\n: comment\n\ndata: x\ndata: y\n\nda', 'ta: [DONE]\n\n']),
    ))
      out.push(d);
    expect(out).toEqual(['{"a":1}', 'x\ny', '[DONE]']);
  });
});

describe('StopSequenceFilter', () => {
  it('holds back possible stop prefixes and cuts at the first stop', () => {
    const f = new StopSequenceFilter(['END']);
    expect(f.push('hello E')).toBe('hello ');
    expect(f.push('N')).toBe('');
    expect(f.push('D more')).toBe('');
    expect(f.stopped).toBe(true);
    const g = new StopSequenceFilter(['END']);
    expect(g.push('hello E')).toBe('hello ');
    expect(g.push('ast')).toBe('East');
    expect(g.flush()).toBe('');
  });
});
