import type { StreamingOutputGuard } from '@grounded/guardrails';
import { abstainMessage } from '@grounded/llm';
import { describe, expect, it } from 'vitest';
import { AnswerStream, TurnClock, unsupportedAnswer } from './answer-stream';

// An output guard that withholds every sentence, as when no sentence passes the checks.
const withholdAll = {
  push: async () => [],
  flush: async () => [],
  verdicts: () => [],
  stats: () => ({}),
} as unknown as StreamingOutputGuard;

async function finalText(message: string): Promise<string> {
  const sources = [{ number: 1, text: '省会城市：450元/晚。' }] as never;
  const stream = new AnswerStream(
    sources,
    withholdAll,
    new TurnClock(),
    (t) => t,
    unsupportedAnswer(message),
  );
  let text = '';
  for await (const event of stream.push('省会城市：450元/晚。 [1]')) {
    if (event.type === 'answer-delta') text += event.text;
  }
  const finish = stream.finish('stop');
  for (let r = await finish.next(); !r.done; r = await finish.next()) {
    if (r.value.type === 'answer-delta') text += r.value.text;
  }
  return text;
}

describe('the answer when the output checks withhold every sentence', () => {
  it('is in the language of the question', async () => {
    expect(await finalText('省会城市经理住宿标准')).toBe(unsupportedAnswer('住宿标准'));
    expect(await finalText('省会城市经理住宿标准')).toMatch(/\p{Script=Han}/u);
    expect(await finalText('What is the hotel limit?')).toMatch(/^The documents do not contain/);
  });

  it('follows the dominant script, as the abstention of the answerer does', () => {
    expect(unsupportedAnswer('What does 专业版 cost?')).toMatch(/^The documents do not contain/);
    expect(abstainMessage('What does 专业版 cost?')).toMatch(/^The provided documents/);
    expect(unsupportedAnswer('VPN客户端叫什么？')).not.toContain('以来源支持');
    expect(unsupportedAnswer('VPN客户端叫什么？')).toMatch(/\p{Script=Han}/u);
  });
});
