import { describe, expect, it } from 'vitest';
import { trueCase } from './true-case';

describe('trueCase (issue #15: lower-case questions read like the question as written)', () => {
  const sources = [
    'The Team plan costs $20 per user per month.',
    'Connect to the VPN before you open the intranet.',
    'Returns are free. We accept returns within 30 days.',
    'Plan: Basic; Price: $5',
  ];

  it('writes a word as the sources write it inside a clause', () => {
    expect(trueCase('how much is the team plan', sources)).toBe('How much is the Team plan');
    expect(trueCase('how do i connect to the vpn?', sources)).toBe('How do I connect to the VPN?');
  });

  it('leaves a word the sources also write in lower case', () => {
    // "Returns" opens a sentence but "returns" is written inside one.
    expect(trueCase('can i make returns', sources)).toBe('Can I make returns');
  });

  it('does not read a clause-initial capital as a name', () => {
    // "Basic" only ever follows "Plan: ", a table cell's start.
    expect(trueCase('is there a basic plan', sources)).toBe('Is there a basic plan');
  });

  it('leaves function words and words the question already capitalises', () => {
    // "Plan" is how these sources name it; "a" stays a function word beside "Plan A".
    expect(trueCase('is there a plan', ['Choose Plan A or Plan B.'])).toBe('Is there a Plan');
    expect(trueCase('Is the Vpn required', sources)).toBe('Is the Vpn required');
  });

  it('takes the most frequent casing', () => {
    expect(
      trueCase('what is the ipad price', ['Buy the iPad here.', 'The iPad and the IPAD.', 'An iPad.']),
    ).toBe('What is the iPad price');
  });
});

describe('trueCase: English orthography', () => {
  it('capitalises the first word, "i", weekdays and months', () => {
    expect(trueCase('can i call on saturday or in june?', [])).toBe('Can I call on Saturday or in June?');
    expect(trueCase('¿ok', [])).toBe('¿Ok');
  });

  it('keeps a source casing for the first word and leaves may/march alone', () => {
    expect(trueCase('iphone prices in may', ['Buy the iPhone now.'])).toBe('iPhone prices in may');
  });
});
