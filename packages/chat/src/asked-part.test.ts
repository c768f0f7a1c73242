import { describe, expect, it } from 'vitest';
import { askedPart } from './asked-part';

describe('askedPart', () => {
  it('drops greetings, thanks and chat openers before the question', () => {
    // Seen on the demo: each of these abstained where the bare question answered.
    expect(askedPart('Hello, I have a question. How much does the Basic plan cost?')).toBe(
      'How much does the Basic plan cost?',
    );
    expect(askedPart('Please ignore my last message, how much is the Team plan?')).toBe(
      'how much is the Team plan?',
    );
    expect(askedPart('Thanks for your help earlier. What are the support hours?')).toBe(
      'What are the support hours?',
    );
    expect(askedPart('Hi team! Quick question: can I pay by invoice?')).toBe('can I pay by invoice?');
    expect(askedPart('您好。试用期多长？')).toBe('试用期多长？');
  });

  it('keeps context, conditions and subjects, and a message that is all filler', () => {
    for (const message of [
      'My laptop was stolen. Who do I contact?',
      "I'm on the Team plan. Can I get a refund?",
      'If I cancel, do I get a refund?',
      'The trial, is it free?',
      'How much is the Team plan? I have 5 users.',
      'Thanks!',
      'Hi',
    ])
      expect(askedPart(message)).toBe(message);
  });
});
