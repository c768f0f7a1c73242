import { describe, expect, it } from 'vitest';
import { findSentenceEnd } from './find-sentence-end';
import { splitSentences } from './split-sentences';

function expectExactSpans(text: string, language?: string) {
  const sentences = splitSentences(text, language === undefined ? {} : { language });
  for (const s of sentences) {
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(s.text).toBe(s.text.trim());
    expect(s.text.length).toBeGreaterThan(0);
  }
  return sentences.map((s) => s.text);
}

describe('splitSentences', () => {
  it('splits Chinese at 。！？ and ；', () => {
    const text = '大语言模型是一种人工智能模型。它能回答问题吗？当然能！但它也会出错；所以需要引用来源。';
    expect(expectExactSpans(text, 'zh')).toEqual([
      '大语言模型是一种人工智能模型。',
      '它能回答问题吗？',
      '当然能！',
      '但它也会出错；',
      '所以需要引用来源。',
    ]);
  });

  it('keeps closing quotes with the Chinese sentence they end', () => {
    const text = '他说：“我们明天出发。”然后离开了。';
    expect(expectExactSpans(text, 'zh')).toEqual(['他说：“我们明天出发。”', '然后离开了。']);
  });

  it('splits English without breaking after common abbreviations and initials', () => {
    const text =
      '  Dr. Smith met J. Doe at 9 a.m. on Monday. They discussed e.g. budgets!  Was it useful? Yes.';
    expect(expectExactSpans(text, 'en')).toEqual([
      'Dr. Smith met J. Doe at 9 a.m. on Monday.',
      'They discussed e.g. budgets!',
      'Was it useful?',
      'Yes.',
    ]);
  });

  it('reads "No." as "number" only before a number; as an answer it ends the sentence', () => {
    expect(
      expectExactSpans('Is there a fee for returns? No. Returns are free within 30 days.', 'en'),
    ).toEqual(['Is there a fee for returns?', 'No.', 'Returns are free within 30 days.']);
    expect(expectExactSpans('See invoice No. 5 for the total.', 'en')).toEqual([
      'See invoice No. 5 for the total.',
    ]);
    expect(findSentenceEnd('No. Returns are free.', 0, true)).toBe(3);
    expect(findSentenceEnd('No. Of course we can help.', 0, true)).toBe(3);
    expect(findSentenceEnd('Thanks! Inca trails are open.', 0, true)).toBe(7);
    // A quoted table row ends at its marker when a footnote follows it; emphasis does not end it.
    const row = 'No. Of: 90; Closure Permanent [1] ** Lay-offs were cancelled. [2]';
    expect(findSentenceEnd(row, 0, true)).toBe(33);
    expect(findSentenceEnd('Refunds are free [1] **only** for members [1].', 0, true)).toBe(46);
    expect(findSentenceEnd('Great news! LLC members can vote now.', 0, true)).toBe(11);
    // Chinese claims follow a marker without a space: a quoted table row ends at its marker.
    const zhRow = '卡种: 年卡; 价格: 3280元 [3]办理年卡可另赠1节私教体验课。 [1]';
    expect(findSentenceEnd(zhRow, 0, true)).toBe(zhRow.indexOf('[3]') + 3);
    const zhList = '方案: 家庭版; 月付价格: 30元/月 [2] - 从个人版升级到家庭版时，无需重新支付全款。 [1]';
    expect(findSentenceEnd(zhList, 0, true)).toBe(zhList.indexOf('[2]') + 3);
    expect(findSentenceEnd('It costs $5 [1] - and less for members [2].', 0, true)).toBe(43);
    // A marker inside a Chinese sentence, written without spaces, cuts nothing.
    for (const zhSentence of [
      '价格为3280元[1]，学生八五折。',
      '根据规定[1]员工每年享有5天年假。',
      '年卡[1]和月卡[2]都可以退款。',
    ]) {
      expect(findSentenceEnd(zhSentence, 0, true), zhSentence).toBe(zhSentence.length);
    }
    // An English sentence and a Chinese one, joined by the answerer without a space.
    expect(findSentenceEnd('Refunds take 5 days. [1]退款需要五个工作日。 [2]', 0, true)).toBe(24);
    // While the stream is open, a word that may still become "Of:" or "Inc." is waited for.
    for (const open of ['Burbank; No. Of', 'Company: Yahoo! In', 'Permanent [1] **']) {
      expect(findSentenceEnd(open, 0, false), open).toBe(-1);
    }
    expect(findSentenceEnd('Company: Yahoo! Inc.; City: Burbank', 0, false)).toBe(-1);
    expect(findSentenceEnd('Is it free? No. Returns cost $5.', 12, false)).toBe(15);
    expect(findSentenceEnd('Invoice No. 5 is paid.', 0, true)).toBe(22);
    // Numbers as forms write them (third review): letters before digits, brackets, quotes, far spaces.
    for (const text of [
      'Order No. A-1234 was shipped today.',
      'Invoice No. (5) is paid.',
      'Item No.         12345 is back.',
      // Title-case headers, as tables write them (a WARN report row broke at "No." in chat).
      'City: Burbank; No. Of: 90; Layoff/Closure: Closure Permanent.',
      'The No. Of Employees column is new.',
      'Company: Yahoo! Inc.; City: Burbank; No. Of: 90.',
    ]) {
      expect(expectExactSpans(text, 'en'), text).toEqual([text]);
      expect(findSentenceEnd(text, 0, true), text).toBe(text.length);
    }
  });

  it('in an answer, a citation marker closes a claim without punctuation when the next claim starts', () => {
    const answer =
      'Repair: Battery replacement; Headphones: $49 [1] Repair: Charging port; Headphones: $35 [1] A battery that holds less than 70% of its capacity is covered. [3]';
    expect(splitSentences(answer, { mode: 'stream' }).map((s) => s.text)).toEqual([
      'Repair: Battery replacement; Headphones: $49 [1]',
      'Repair: Charging port; Headphones: $35 [1]',
      'A battery that holds less than 70% of its capacity is covered. [3]',
    ]);
    // A lower-case word after the marker continues the claim; an open marker waits for more text.
    expect(findSentenceEnd('It is fast [1] and cheap [2].', 0, true)).toBe(29);
    expect(findSentenceEnd('Repairs cost a fixed price: [1] Register within 60 days. [3]', 0, true)).toBe(31);
    expect(findSentenceEnd('Headphones: $49 [1]', 0, false)).toBe(-1);
    expect(findSentenceEnd('Headphones: $49 [1]', 0, true)).toBe(19);
  });

  it('ends a sentence at a line break and handles mixed scripts', () => {
    const text = 'Row one: value\nRow two: value\n\n中文句子。English sentence.';
    expect(expectExactSpans(text)).toEqual([
      'Row one: value',
      'Row two: value',
      '中文句子。',
      'English sentence.',
    ]);
  });

  it('never joins across a line break, even after an abbreviation', () => {
    expect(expectExactSpans('Ask Dr.\nSmith knows.')).toEqual(['Ask Dr.', 'Smith knows.']);
  });

  it('splits a very long single line the same way as short pieces, quickly', () => {
    const sentences = Array.from({ length: 3000 }, (_, i) => `Sentence number ${i} is here.`);
    const text = sentences.join(' ');
    const started = performance.now();
    expect(expectExactSpans(text)).toEqual(sentences);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  // Cases from the splitters this one replaced (llm generation and llm summarize).
  it.each([
    [
      'Dr. Smith went home.  He was tired!\n大语言模型是一种人工智能。它可以生成文本！最后',
      ['Dr. Smith went home.', 'He was tired!', '大语言模型是一种人工智能。', '它可以生成文本！', '最后'],
    ],
    [
      'Mr. Smith arrived.  He left at 3.30 p.m. today!\n我爱北京。你好吗？',
      ['Mr. Smith arrived.', 'He left at 3.30 p.m. today!', '我爱北京。', '你好吗？'],
    ],
  ])('keeps abbreviations, decimals and unterminated endings in %j', (text, expected) => {
    expect(expectExactSpans(text)).toEqual(expected);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});
