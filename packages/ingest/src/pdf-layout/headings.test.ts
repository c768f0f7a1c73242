import { describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder';
import { headingLevels } from './headings';
import { writePages } from './index';
import type { PageBlock, PageLayout } from './types';

let y = 0;
const line = (text: string, size: number): PageBlock => {
  y += size * 1.5;
  return { kind: 'line', text, top: y - size, bottom: y, x0: 40, x1: 500, size };
};
const page = (blocks: PageBlock[]): PageLayout => ({ width: 595, height: 842, blocks });
const body = (text: string) => line(text, 11);

describe('PDF headings from font size', () => {
  const layout = () => [
    page([
      line('Trade Price List and Product', 22),
      line('Specification 2027', 22),
      body('Valid from 1 February 2027. Prices exclude VAT at 20%. This list is for trade customers.'),
      line('1. Ordering terms', 16.5),
      body('The minimum order value is £500 excluding VAT. Orders above £2,000 receive a discount.'),
      body('Payment is due within 30 days of the invoice date, and late payments are charged interest.'),
      line('2. Warranty', 16.5),
      body('Every product carries the warranty shown in the table below, counted from delivery.'),
      body('The warranty does not cover normal wear and tear or damage caused by misuse.'),
    ]),
  ];

  it('makes lines set clearly larger than the body headings, ranked by size; a wrapped one is one heading', () => {
    const builder = new DocumentBuilder('pdf');
    writePages(builder, [{ num: 1, layout: layout()[0]! }]);
    const doc = builder.build();
    expect(doc.title).toBe('Trade Price List and Product Specification 2027');
    const warranty = doc.sections.find((s) => s.headingPath.at(-1) === '2. Warranty');
    expect(warranty?.headingPath).toEqual(['Trade Price List and Product Specification 2027', '2. Warranty']);
    expect(doc.text.slice(warranty!.start, warranty!.end)).toContain('normal wear and tear');
  });

  it('finds none when large type is most of the text (slides) or a large line reads as a sentence', () => {
    const slides = [
      page([line('Our mission', 28), line('Grow revenue by 20% in every region', 28), body('Q3')]),
    ];
    expect(headingLevels(slides).size).toBe(0);
    const sentence = [page([line('This line is large but ends as a sentence.', 16), ...layout()[0]!.blocks])];
    expect([...headingLevels(sentence).keys()].map((b) => (b.kind === 'line' ? b.text : ''))).not.toContain(
      'This line is large but ends as a sentence.',
    );
  });
});
