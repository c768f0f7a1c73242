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

describe('reflow of numbered clauses', () => {
  it("starts a paragraph at each clause number, as a contract's clauses are separate items", () => {
    const lines = [
      '2.1 You must be at least 18 years old to create an account with us or use the Service.',
      '2.2 You are responsible for keeping your password confidential and for all activity under',
      'your account, including activity by anyone you share it with or who uses your device.',
      '2.3 You must notify us within 72 hours of becoming aware of any unauthorised use of it.',
      '4.1.2. The Supplier shall deliver the goods to the address stated in the order form.',
    ];
    const blocks = reflowLines(lines, { dehyphenate: false }).map((b) => b.text);
    expect(blocks).toEqual([lines[0], `${lines[1]} ${lines[2]}`, lines[3], lines[4]]);
  });

  it('still joins wrapped prose whose next line starts with a decimal', () => {
    const lines = [
      'The board reported that revenue for the year reached a record high of roughly',
      '3.5 million euros, which it attributes to the new product line launched in spring.',
    ];
    expect(reflowLines(lines, { dehyphenate: false }).map((b) => b.text)).toEqual([lines.join(' ')]);
  });
});

describe('reflow of a figure that wraps onto the next line (probe2 review)', () => {
  it.each([
    [
      'Every user on the Business plan gets storage in the shared company drive of up to',
      '1.5 TB of storage, and the Enterprise plan gets unlimited storage for all its users.',
    ],
    [
      'The monthly fee for each additional seat beyond the first ten seats is exactly',
      '12.50 EUR per month, billed in advance together with the subscription fee itself.',
    ],
    [
      'All customers must upgrade their on-premise installations of the product to',
      '2.3 Before the end of March, the older releases stop receiving security patches.',
    ],
    [
      'The Supplier shall remedy any defect notified to it under the terms of clause',
      '4.2 The remedy period is thirty days from the date of the written notice sent.',
    ],
    [
      'The office closes early on the last working day of each month, at exactly',
      '16.30 CET, and staff are asked to log off all systems before leaving the building.',
    ],
  ])('keeps one sentence: %s', (first, second) => {
    expect(reflowLines([first, second], { dehyphenate: false }).map((b) => b.text)).toEqual([
      `${first} ${second}`,
    ]);
  });
});
