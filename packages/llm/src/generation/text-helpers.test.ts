import { describe, expect, it } from 'vitest';
import { lexicalTerms } from './lexical-terms';
import { splitSentenceSpans } from './sentence-spans';
import { sseData } from './sse-lines';
import { StopSequenceFilter } from './stop-sequences';

describe('splitSentenceSpans', () => {
  it('splits English and Chinese with exact offsets, keeping abbreviations together', () => {
    const text = 'Dr. Smith went home.  He was tired!\n大语言模型是一种人工智能。它可以生成文本！最后';
    const spans = splitSentenceSpans(text);
    expect(spans.map((s) => s.text)).toEqual([
      'Dr. Smith went home.',
      'He was tired!',
      '大语言模型是一种人工智能。',
      '它可以生成文本！',
      '最后',
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('lexicalTerms', () => {
  it('stems English, drops stop words, and makes Chinese bigrams', () => {
    expect(lexicalTerms('What are the running costs?')).toEqual(['run', 'cost']);
    expect(lexicalTerms('语言模型')).toEqual(['语言', '言模', '模型']);
  });
});

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
