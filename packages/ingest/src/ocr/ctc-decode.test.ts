import { describe, expect, it } from 'vitest';
import { ctcAlphabet, ctcGreedyDecode, wordsOf } from './ctc-decode';

const alphabet = ctcAlphabet(['a', 'b', '中']);

/** One row per step: the probabilities of blank, a, b, 中, space. */
function probs(rows: number[][]): Float32Array {
  return new Float32Array(rows.flat());
}

describe('CTC greedy decoding', () => {
  it('puts the blank first and the space last, as PaddleOCR does', () => {
    expect(alphabet).toEqual(['', 'a', 'b', '中', ' ']);
  });

  it('merges repeats, keeps a letter twice across a blank, and records the steps it spans', () => {
    const p = probs([
      [0.1, 0.8, 0.1, 0, 0],
      [0.1, 0.9, 0, 0, 0],
      [0.9, 0.1, 0, 0, 0],
      [0.2, 0.7, 0.1, 0, 0],
      [0.1, 0, 0, 0, 0.9],
      [0, 0, 0.6, 0.4, 0],
    ]);
    const chars = ctcGreedyDecode(p, 0, 6, alphabet);
    expect(chars.map((c) => c.char).join('')).toBe('aa b');
    expect(chars[0]).toMatchObject({ firstStep: 0, lastStep: 1 });
    expect(chars[0]?.confidence).toBeCloseTo(0.9);
    const words = wordsOf(chars);
    expect(words.map((w) => w.text)).toEqual(['aa', 'b']);
    expect(words[0]).toMatchObject({ firstStep: 0, lastStep: 3 });
    expect(words[1]?.confidence).toBeCloseTo(0.6);
  });

  it('chooses only allowed classes where a mask is given', () => {
    const p = probs([[0.1, 0.2, 0.1, 0.6, 0]]);
    expect(ctcGreedyDecode(p, 0, 1, alphabet).map((c) => c.char)).toEqual(['中']);
    const latin = new Uint8Array([1, 1, 1, 0, 1]);
    expect(ctcGreedyDecode(p, 0, 1, alphabet, latin).map((c) => c.char)).toEqual(['a']);
  });

  it('reads a sequence at an offset (the second of a batch)', () => {
    const p = probs([
      [1, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
    ]);
    expect(ctcGreedyDecode(p, 5, 1, alphabet).map((c) => c.char)).toEqual(['b']);
  });
});
