import { describe, expect, it } from 'vitest';
import { findSentenceEnd } from './find-sentence-end';
import { splitSentences } from './split-sentences';

describe('findSentenceEnd', () => {
  it('waits while the sentence may still continue and closes it when the text is final', () => {
    expect(findSentenceEnd('The trial lasts 30 days.')).toBe(-1);
    expect(findSentenceEnd('The trial lasts 30 days.', 0, true)).toBe(24);
    expect(findSentenceEnd('The trial lasts 30 days. It')).toBe(24);
  });

  it('does not end at abbreviations, initials or decimals', () => {
    expect(findSentenceEnd('Ask Dr. Smith or J. Doe about the 3.5 rate. Then')).toBe(43);
    // Both documents and streamed answers keep these together (HaluEval knowledge has many).
    expect(findSentenceEnd('Take U.S. Highway 70 to Paul v. Clinton. Then')).toBe(40);
    const text = 'Take U.S. Highway 70 to Paul v. Clinton. Then';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Take U.S. Highway 70 to Paul v. Clinton.',
      'Then',
    ]);
  });

  it('keeps a trailing citation with its sentence, in English and Chinese', () => {
    expect(findSentenceEnd('It is 30 days. [1] More')).toBe(18);
    expect(findSentenceEnd('试用期为三十天。[2]然后')).toBe(11);
  });
});

describe('splitSentences, stream mode', () => {
  it('gives the sentences the scanner releases, with exact spans', () => {
    const text = 'Plans start at $10. [1] A single\nline break does not end one.\n\n它支持中文；也支持英文。';
    const sentences = splitSentences(text, { mode: 'stream' });
    expect(sentences.map((s) => s.text)).toEqual([
      'Plans start at $10. [1]',
      'A single\nline break does not end one.',
      '它支持中文；',
      '也支持英文。',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
