import { describe, expect, it } from 'vitest';
import { parseCitations } from './parse-citations';

describe('parseCitations', () => {
  const valid = new Set([1, 2, 3]);

  it('finds single, grouped and adjacent citations with their positions', () => {
    const answer = 'A [1]. B [1, 2]. C [2][3].';
    const out = parseCitations(answer, valid);
    expect(out.citations.map((c) => c.number)).toEqual([1, 1, 2, 2, 3]);
    for (const c of out.citations) expect(answer[c.index]).toBe('[');
    expect(out.invalid).toEqual([]);
    expect(out.cleaned).toBe(answer);
  });

  it('removes and flags citations to sources that were not provided', () => {
    const answer = 'Returns take 30 days [7]. Refunds are fast [2, 9]. Exchanges too [4][3].';
    const out = parseCitations(answer, valid);
    expect(out.invalid.map((c) => c.number)).toEqual([7, 9, 4]);
    expect(out.citations.map((c) => c.number)).toEqual([2, 3]);
    expect(out.cleaned).toBe('Returns take 30 days. Refunds are fast [2]. Exchanges too [3].');
  });

  it('ignores bracketed text that is not a citation', () => {
    const out = parseCitations('See [note] and [a, 1] and [ 2 ].', valid);
    expect(out.citations.map((c) => c.number)).toEqual([2]);
    expect(out.cleaned).toBe('See [note] and [a, 1] and [ 2 ].');
  });
});
