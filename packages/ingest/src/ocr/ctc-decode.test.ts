import { describe, expect, it } from 'vitest';
import { breakAtBlankRuns, ctcAlphabet, ctcGreedyDecode, wordsOf } from './ctc-decode';

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

describe('word breaks from blank columns', () => {
  const chars = [
    { char: 'e', confidence: 0.9, firstStep: 1, lastStep: 1 },
    { char: 'c', confidence: 0.9, firstStep: 8, lastStep: 8 },
    { char: 'a', confidence: 0.9, firstStep: 9, lastStep: 9 },
  ];
  it('splits two characters with a wide blank run between them, and only those', () => {
    // 8 pixels a step; columns 20-49 are blank: 30 pixels between 'e' (x 12) and 'c' (x 68).
    const blank = new Uint8Array(100);
    blank.fill(1, 20, 50);
    const out = breakAtBlankRuns(chars, blank, 8, 24);
    expect(out.map((c) => c.char).join('')).toBe('e ca');
    expect(
      breakAtBlankRuns(chars, blank, 8, 31)
        .map((c) => c.char)
        .join(''),
    ).toBe('eca');
  });
});
