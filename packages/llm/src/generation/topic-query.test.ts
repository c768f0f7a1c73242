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
      // Negated messages ask about the negation (review of the round).
      'tell me about plans that are not refunded',
      'what is the policy on plans not refunded',
      'info on plans not refunded',
      'cannot log in',
      'nothing arrived',
      'dont get refund',
      // A clause after the frame is a question of its own.
      'how do I get to work',
      'explain why my refund was refused',
      'tell me about why I was charged twice',
      // Other scripts are other languages.
      '환불 정책',
      'правила возврата',
      `refund policy${' '.repeat(300)}`,
    ])
      expect(topicQuery(q), q).toBeUndefined();
  });

  it('names the words that frame the request or the kind of text asked for, not its subject', () => {
    expect(topicQuery('What is the remote work policy?')?.framingWords).toEqual(['policy']);
    expect(topicQuery('overtime rules and procedures')?.framingWords).toEqual(['rules', 'procedures']);
    expect(topicQuery('exchanges?')?.framingWords).toEqual([]);
    expect(topicQuery('Tell me about the security policy')?.framingWords).toEqual([
      'tell',
      'me',
      'about',
      'policy',
    ]);
    expect(topicQuery('how do refunds work?')?.framingWords).toEqual(['work']);
    // "information", "options", "terms" are often the subject itself.
    expect(topicQuery('personal information')?.framingWords).toEqual([]);
    expect(topicQuery('stock options')?.framingWords).toEqual([]);
  });
});
