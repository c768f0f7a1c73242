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

  it('keeps the margin lines of two one-page invoices, which differ in more than a page counter', () => {
    const invoice = (no: string, day: string): PageLayout => ({
      width: 595,
      height: 842,
      blocks: [
        line(`Invoice ${no}`, 40),
        line('Bill to: Jane Doe, 1 High St', 120),
        line('Thank you for your business', 400),
        line(`Payment due within 30 days of ${day}/03/2027`, 790),
      ],
    });
    const [one, two] = dropRunningLines([invoice('1001', '01'), invoice('1002', '02')]);
    expect(texts(one!)).toEqual(
      expect.arrayContaining(['Invoice 1001', 'Payment due within 30 days of 01/03/2027']),
    );
    expect(texts(two!)).toEqual(
      expect.arrayContaining(['Invoice 1002', 'Payment due within 30 days of 02/03/2027']),
    );
  });

  it('drops a two-page print whose date stamp differs between the pages and whose footer says "Page n of 2"', () => {
    const page = (n: number, time: string, body: string): PageLayout => ({
      width: 595,
      height: 842,
      blocks: [line(`12/6/26, ${time}`, 12), line(body, 100), line(`Price list – Page ${n} of 2`, 820)],
    });
    const [one, two] = dropRunningLines([
      page(1, '7:32 AM', 'Trade Price List'),
      page(2, '7:33 AM', '4. Contacts'),
    ]);
    expect(texts(one!)).toEqual(['Trade Price List']);
    expect(texts(two!)).toEqual(['4. Contacts']);
  });

  it('keeps the dates of two one-page letters, which are two dates (review)', () => {
    const letter = (date: string, body: string): PageLayout => ({
      width: 595,
      height: 842,
      blocks: [line(date, 12), line(body, 100)],
    });
    const [one, two] = dropRunningLines([
      letter('05/12/2026', 'Dear Ms Doe, your order has shipped.'),
      letter('19/01/2027', 'Dear Mr Roe, your refund is on its way.'),
    ]);
    expect(texts(one!)).toContain('05/12/2026');
    expect(texts(two!)).toContain('19/01/2027');
  });
});
