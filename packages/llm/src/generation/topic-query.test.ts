import { describe, expect, it } from 'vitest';
import { topicQuery } from './topic-query';

describe('topicQuery (issue #15, topic-query round)', () => {
  it('reads keywords, "what is the X policy", "how does X work" and "tell me about X" as topic queries', () => {
    for (const q of [
      'refund policy',
      'exchanges?',
      '13th salary?',
      'equipment for new hires',
      'What is the refund policy?',
      "what's the overtime policy",
      'What are your shipping rules',
      "What's the policy on pets?",
      'how do refunds work',
      'How does the bonus work?',
      'tell me about parental leave',
      'Info on expense claims',
    ])
      expect(topicQuery(q), q).toBeDefined();
  });

  it('leaves fact questions, clauses and complaints alone', () => {
    for (const q of [
      'How long is the free trial?',
      'When is payday',
      'What is the price of the Team plan?',
      'what is the refund',
      'I was charged twice',
      "can't log in",
      'Do you ship to Canada?',
      'why was my refund refused',
      'Which countries do you ship to and how much does it cost',
      '退款政策',
    ])
      expect(topicQuery(q), q).toBeUndefined();
  });

  it('names the words that say what kind of text is asked for, not its subject', () => {
    expect(topicQuery('What is the remote work policy?')?.textKindWords).toEqual(['policy']);
    expect(topicQuery('overtime rules and procedures')?.textKindWords).toEqual(['rules', 'procedures']);
    expect(topicQuery('exchanges?')?.textKindWords).toEqual([]);
  });
});
