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
    for (const source of ['1) Refunds take a week.', 'a) Refunds take a week.', '3.2 Refunds take a week.']) {
      expect(trueCase('how long do refunds take', [source]), source).toBe('How long do refunds take');
    }
    expect(trueCase('how long do refunds take', ['Wait… Refunds take a week.'])).toBe(
      'How long do refunds take',
    );
    expect(trueCase('how long do refunds take', ["See 'Refunds' below."])).toBe('How long do refunds take');
  });

  it('does not take a heading’s capitals as the word’s', () => {
    expect(trueCase('what is the refund policy', ['REFUND POLICY'])).toBe('What is the refund policy');
    expect(trueCase('where are my invoices', ['Billing & Invoices'])).toBe('Where are my invoices');
    expect(trueCase('when is payment due', ['3. FEES AND PAYMENT'])).toBe('When is payment due');
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
  it('capitalises a function word opening the question, "i" and its contractions, weekdays and months', () => {
    expect(trueCase('can i call on saturday or in june?', [])).toBe('Can I call on Saturday or in June?');
    expect(trueCase("what if i'm late, i’ve paid", [])).toBe("What if I'm late, I’ve paid");
  });

  it('leaves "i.e.", may/march, and a first word that is no function word', () => {
    expect(trueCase('plans, i.e. team ones', [])).toBe('plans, i.e. team ones');
    expect(trueCase('iphone prices in may', ['Buy the iPhone now.'])).toBe('iPhone prices in may');
    expect(trueCase('npm install fails', [])).toBe('npm install fails');
    expect(trueCase('2fa setup', [])).toBe('2fa setup');
    expect(trueCase('$20 plan?', [])).toBe('$20 plan?');
  });
});

describe('trueCase: capitals (issue #15, capitals round)', () => {
  const sources = ['The Team plan costs $20 per user per month.', 'Connect to the VPN first.'];

  it('reads a shouted question as a lower-case one', () => {
    expect(trueCase('HOW MUCH IS THE TEAM PLAN', sources)).toBe('How much is the Team plan');
    expect(trueCase('DO I NEED THE VPN?', sources)).toBe('Do I need the VPN?');
  });

  it('lowers the words of a Title-Case question that the sources write in lower case', () => {
    const withCost = [...sources, 'The cost per user is billed monthly.'];
    expect(trueCase('How Much Does The Team Plan Cost Per User', withCost)).toBe(
      'How Much Does The Team plan cost per user',
    );
    // Two content words are no title: "Team Plan" may be how the customer names it.
    expect(trueCase('Is It The Team Plan?', withCost)).toBe('Is It The Team Plan?');
  });
});

describe('trueCase: review of the capitals round', () => {
  it('keeps a shouted acronym or code the sources never write in lower case', () => {
    expect(trueCase('IS SSO IN THE PRO PLAN', ['SSO: yes', 'The Pro plan has it.'])).toBe(
      'Is SSO in the Pro plan',
    );
    expect(trueCase('WHAT IS MY ORDER ABC123 STATUS', [])).toBe('What is my order ABC123 status');
    expect(trueCase('VPN?', [])).toBe('VPN?');
    // A script without case is no shouting.
    expect(trueCase('VPN 연결 방법', [])).toBe('VPN 연결 방법');
  });

  it('keeps a Title-Case name the sources capitalise inside a sentence in any way', () => {
    const sources = ['Invite your team.', 'The **Team** plan includes priority support.'];
    expect(trueCase('Does The Team Plan Include Priority Support', sources)).toBe(
      'Does The Team plan Include priority support',
    );
  });

  it('reads no casing from links or addresses', () => {
    const sources = ['Stripe handles payments. See https://stripe.com/docs for billing.'];
    expect(trueCase('How Do I Connect Stripe To Billing', sources)).toBe(
      'How Do I Connect Stripe To billing',
    );
  });
});
