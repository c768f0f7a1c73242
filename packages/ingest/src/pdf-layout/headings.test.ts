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

  const longBody = (n: number, size = 10) =>
    Array.from({ length: n }, (_, i) =>
      line(
        `Employees must agree a schedule with their manager before working remotely, rule ${i}, and`,
        size,
      ),
    );

  it('keeps a large-type lead paragraph as body text: its run of lines goes on into a sentence', () => {
    const builder = new DocumentBuilder('pdf');
    const lead = [
      line('Remote Work Policy', 20),
      line('This policy applies to every employee who works away from', 12),
      line('the office for more than two days a week, and replaces the', 12),
      line('2024 guidance in full.', 12),
    ];
    writePages(builder, [{ num: 1, layout: page([...lead, ...longBody(9)]) }]);
    const doc = builder.build();
    expect(doc.title).toBe('Remote Work Policy');
    expect(new Set(doc.sections.map((s) => JSON.stringify(s.headingPath)))).toEqual(
      new Set([JSON.stringify(['Remote Work Policy'])]),
    );
    // One paragraph, not split where the larger type's shorter lines wrap.
    expect(doc.text).toContain(
      'This policy applies to every employee who works away from the office for more than two days a week, and replaces the 2024 guidance in full.',
    );
    // Two lines of large type ending as a sentence are no heading either.
    const two = [
      line('Welcome to the handbook, which every new employee', 12),
      line('reads in the first week.', 12),
    ];
    expect(headingLevels([page([...two, ...longBody(9)])]).size).toBe(0);
  });

  it('reads Chinese sentence punctuation as a sentence end', () => {
    const zh = [line('第一章 总则', 14), ...longBody(5), line('本政策适用于所有员工。', 14), ...longBody(5)];
    const texts = [...headingLevels([page(zh)]).keys()].map((b) => (b.kind === 'line' ? b.text : ''));
    expect(texts).toEqual(['第一章 总则']);
  });

  it('takes the body size from paragraph text, not from fine print that holds more characters', () => {
    const terms = [
      line('Terms of Service', 16),
      ...longBody(6, 10),
      line('Section 2 Payment', 12),
      ...longBody(6, 10),
      ...longBody(30, 7),
    ];
    const texts = [...headingLevels([page(terms)]).keys()].map((b) => (b.kind === 'line' ? b.text : ''));
    expect(texts).toEqual(['Terms of Service', 'Section 2 Payment']);
  });
});
