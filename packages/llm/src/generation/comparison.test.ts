import { describe, expect, it } from 'vitest';
import { comparisonAnswer, comparisonOptions } from './comparison';

const texts = (question: string, claims: string[]) =>
  comparisonOptions(question, claims)?.map((o) => o.text) ?? null;

describe('comparison questions (#15)', () => {
  it('reads the two options a question ends on, as the claims write them', () => {
    const claims = ['Northwind Traders was founded in 1998.', 'Contoso Ltd was founded in 2004.'];
    expect(texts('Which company was founded first, Northwind Traders or Contoso Ltd?', claims)).toEqual([
      'Northwind Traders',
      'Contoso Ltd',
    ]);
    // No comma before the options.
    expect(texts('Which was founded first Northwind Traders or Contoso Ltd?', claims)).toEqual([
      'Northwind Traders',
      'Contoso Ltd',
    ]);
    // An aside after the first option: the option is the earlier comma segment.
    expect(
      texts('Which was founded first, Northwind Traders, the food importer, or Contoso Ltd?', claims),
    ).toEqual(['Northwind Traders', 'Contoso Ltd']);
  });

  it('needs a choosing question and both options in the claims', () => {
    const claims = ['Northwind Traders was founded in 1998.', 'Contoso Ltd was founded in 2004.'];
    expect(texts('Is Northwind Traders or Contoso Ltd a supplier?', claims)).toBeNull();
    expect(texts('Which was founded first, Northwind Traders or Fabrikam?', claims)).toBeNull();
    // Whole words only: "Fir" is no option inside "First".
    expect(texts('Which genus has more species, Fir or Abies?', ['First, Abies has 50 species.'])).toBeNull();
  });

  it('chooses by the years the claims state for first/later, else by the best-ranked claim', () => {
    const claims = ['Contoso Ltd was founded in 2004.', 'Northwind Traders was founded in 1998.'];
    expect(comparisonAnswer('Which was founded first, Contoso Ltd or Northwind Traders?', claims)?.text).toBe(
      'Northwind Traders',
    );
    expect(comparisonAnswer('Which was founded later, Contoso Ltd or Northwind Traders?', claims)?.text).toBe(
      'Contoso Ltd',
    );
    expect(
      comparisonAnswer('Which has more staff, Contoso Ltd or Northwind Traders?', claims, [1, 0])?.text,
    ).toBe('Northwind Traders');
  });

  it('reads a yes/no form with a comparative as a choice, a colon as a separator, and no bare article', () => {
    const claims = ['Northwind Traders was founded in 1998.', 'Contoso Ltd was founded in 2004.'];
    expect(texts('Was Northwind Traders or Contoso Ltd founded first?', claims)).toEqual([
      'Northwind Traders',
      'Contoso Ltd',
    ]);
    expect(comparisonAnswer('Was Contoso Ltd or Northwind Traders founded first?', claims)?.text).toBe(
      'Northwind Traders',
    );
    expect(texts('Which of these imports food: Northwind Traders or Contoso Ltd?', claims)).toEqual([
      'Northwind Traders',
      'Contoso Ltd',
    ]);
    // "The" alone is no option: "The Harbour Group" is not stated.
    expect(
      texts('Which was founded first, Contoso Ltd or The Harbour Group?', [
        'Contoso Ltd was founded in the 2000s.',
      ]),
    ).toBeNull();
  });
});
