import { describe, expect, it } from 'vitest';
import { dropRunningLines } from './running-lines';
import type { PageBlock, PageLayout } from './types';

const line = (text: string, top: number): PageBlock => ({
  kind: 'line',
  text,
  top,
  bottom: top + 10,
  x0: 40,
  x1: 400,
});

// A browser's print of a web page: the date at the top, the URL and "n/2" at the bottom.
const printed = (n: number, body: string[]): PageLayout => ({
  width: 595,
  height: 842,
  blocks: [
    line('12/6/26, 7:32 AM', 12),
    ...body.map((text, i) => line(text, 100 + i * 20)),
    line(`file:///tmp/pricelist.html ${n}/2`, 820),
  ],
});

const texts = (page: PageLayout) => page.blocks.map((b) => (b.kind === 'line' ? b.text : ''));

describe('dropRunningLines', () => {
  it('drops the margin lines both pages of a two-page print share, digits aside', () => {
    const [one, two] = dropRunningLines([
      printed(1, ['Trade Price List', 'The minimum order value is £500.']),
      printed(2, ['4. Contacts', 'Discontinued products cannot be reordered.']),
    ]);
    expect(texts(one!)).toEqual(['Trade Price List', 'The minimum order value is £500.']);
    expect(texts(two!)).toEqual(['4. Contacts', 'Discontinued products cannot be reordered.']);
  });

  it('keeps a line repeated on two pages outside the margins (a heading opening each page)', () => {
    const [one, two] = dropRunningLines([
      printed(1, ['Product table', 'Row one']),
      printed(2, ['Product table', 'Row two']),
    ]);
    expect(texts(one!)).toContain('Product table');
    expect(texts(two!)).toContain('Product table');
  });

  it('keeps a one-page document whole', () => {
    const [one] = dropRunningLines([printed(1, ['Body'])]);
    expect(texts(one!)).toHaveLength(3);
  });
});
