import { describe, expect, it } from 'vitest';
import { CitationStreamFilter } from './answer-stream';
import { historyAudit } from './chat-service';

function run(pieces: string[], valid: number[]): { shown: string[]; filter: CitationStreamFilter } {
  const filter = new CitationStreamFilter(new Set(valid));
  const shown = pieces.map((piece) => filter.push(piece));
  shown.push(filter.flush());
  return { shown, filter };
}

describe('CitationStreamFilter', () => {
  it('streams exactly the cleaned answer, whatever the delta boundaries', () => {
    const answer = 'Trials last 30 days [1]. Forever free [4]. Cards optional [2, 9]. Bye [ 3 ]';
    const expected = 'Trials last 30 days [1]. Forever free. Cards optional [2]. Bye [ 3 ]';
    for (let size = 1; size <= answer.length; size += 3) {
      const pieces = answer.match(new RegExp(`[\\s\\S]{1,${size}}`, 'gu'))!;
      const { shown, filter } = run(pieces, [1, 2, 3]);
      expect(shown.join('')).toBe(expected);
      expect(filter.answer).toBe(expected);
      expect(filter.invalid).toEqual([4, 9]);
    }
  });

  it('holds back an unfinished marker and releases bracketed text that is not one', () => {
    const filter = new CitationStreamFilter(new Set([1]));
    expect(filter.push('See [')).toBe('See');
    expect(filter.push('note] here')).toBe(' [note] here');
    expect(filter.push(' [1')).toBe('');
    expect(filter.push(']')).toBe(' [1]');
    expect(filter.flush()).toBe('');
  });
});

describe('historyAudit (review item 6)', () => {
  it('records a left-out earlier turn under subject history with its index, not as an input block', () => {
    const verdict = {
      check: 'injection' as const,
      version: 'v',
      action: 'block' as const,
      score: 1,
      reason: 'earlier turn left out: override',
      spans: [],
    };
    const records = historyAudit({ tenantId: 't', collectionId: 'c', message: 'Go on.', requestId: 'r' }, [
      { ...verdict, turn: 2 },
    ]);
    expect(records).toEqual([
      { verdict, context: { tenantId: 't', requestId: 'r', subject: 'history', subjectId: '2' } },
    ]);
  });
});
