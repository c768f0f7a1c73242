import { describe, expect, it } from 'vitest';
import { reflowLines } from './reflow';

describe('reflow around rows', () => {
  it('keeps a row ending in a figure whole before a line in lowercase (an index subentry)', () => {
    const lines = [
      'The index lists each term with the pages on which it is defined or used in the text.',
      'Abbildung einfach zusammenhängend, 49',
      'affine, 107 Einheitsnormalenfeld, 90',
      'differenzierbare, 29 Euler-Charakteristik, 36',
      'homotope, 50 Eulersche Polyederformel, 38',
    ];
    const blocks = reflowLines(lines, { dehyphenate: true, rows: new Set([1, 2, 3, 4]) });
    expect(blocks.map((b) => b.text)).toEqual(lines);
  });

  it('joins a row to the line after it that goes on in lowercase', () => {
    const lines = [
      'Results: the yield advantage of the treated plots over the untreated check was',
      'Notes: consistent across all the locations tested here and in both of the years',
      'so the treatment is recommended for the whole region from the next season onwards.',
    ];
    const blocks = reflowLines(lines, { dehyphenate: true, rows: new Set([0, 1]) });
    expect(blocks.map((b) => b.text)).toEqual([lines[0], `${lines[1]} ${lines[2]}`]);
  });
});
