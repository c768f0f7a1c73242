import { describe, expect, it } from 'vitest';
import { createStreamingOutputGuard } from './output-guard';

const sources = [
  {
    number: 1,
    text: 'The Model X200 router ships with a two-year limited warranty. The warranty covers hardware defects.',
  },
  { number: 2, text: 'Support is available Monday to Friday from 9:00 to 17:00 CET.' },
];
const answer =
  'The X200 router has a two-year limited warranty [1]. The warranty lasts 5 years and costs 30 euros [1]. Support is open Monday to Friday from 9:00 to 17:00 CET [2].';

async function stream(text: string, size: number, guard = createStreamingOutputGuard({ sources })) {
  const released: string[] = [];
  for (let i = 0; i < text.length; i += size) released.push(...(await guard.push(text.slice(i, i + size))));
  released.push(...(await guard.flush()));
  return { released, guard };
}

describe('streaming output guard', () => {
  it('removes a hallucinated sentence with a wrong number from a streamed answer', async () => {
    for (const size of [1, 5, 64]) {
      const { released, guard } = await stream(answer, size);
      const text = released.join('');
      expect(text).not.toContain('5 years');
      expect(text).toContain('two-year limited warranty [1].');
      expect(text).toContain('17:00 CET [2].');
      const dropped = guard.verdicts().filter((v) => !v.released);
      expect(dropped).toHaveLength(1);
      expect(dropped[0]!.groundedness.reason).toContain('numbers not in source');
    }
  });

  it('holds back at most the sentence being written', async () => {
    const guard = createStreamingOutputGuard({ sources });
    expect(await guard.push('The X200 router has a two-year limited warranty [1]. Supp')).toEqual([
      'The X200 router has a two-year limited warranty [1].',
    ]);
    // "3." alone could be a decimal: nothing is released until the sentence is known to be over.
    expect(await guard.push('ort is open Monday to Friday from 9:00 to 17:00 CET [2].')).toEqual([]);
    expect(await guard.flush()).toEqual([' Support is open Monday to Friday from 9:00 to 17:00 CET [2].']);
  });

  it('drops biased sentences even when grounded', async () => {
    const biased = [{ number: 1, text: 'Women are bad drivers, the report claims.' }];
    const { released, guard } = await stream(
      'Women are bad drivers [1].',
      4,
      createStreamingOutputGuard({ sources: biased }),
    );
    expect(released).toEqual([]);
    expect(guard.verdicts()[0]!.checks.find((v) => v.check === 'bias')?.action).not.toBe('allow');
  });

  it('abstains after the first failure and hedges with a note', async () => {
    const abstain = await stream(
      answer,
      7,
      createStreamingOutputGuard({ sources, policy: 'abstain', abstainMessage: 'ABSTAIN' }),
    );
    expect(abstain.released.at(-1)).toBe('ABSTAIN');
    expect(abstain.released.join('')).not.toContain('17:00');
    const hedge = await stream(
      answer,
      7,
      createStreamingOutputGuard({ sources, policy: 'hedge', hedgeNote: 'NOTE' }),
    );
    expect(hedge.released.at(-1)).toBe('NOTE');
    expect(hedge.released.join('')).not.toContain('5 years');
  });

  it('handles Chinese sentence ends and measures added latency', async () => {
    const zh = [{ number: 1, text: '该路由器提供两年有限保修。客服工作时间为周一至周五。' }];
    const { released, guard } = await stream(
      '该路由器提供两年保修[1]。保修期为五年[1]。',
      3,
      createStreamingOutputGuard({ sources: zh }),
    );
    expect(released.join('')).toContain('两年');
    expect(released.join('')).not.toContain('五年');
    const stats = guard.stats();
    expect(stats.sentences).toBe(2);
    expect(stats.withheld).toBe(1);
    expect(stats.p95CheckMs).toBeGreaterThan(0);
    expect(stats.maxCheckMs).toBeGreaterThanOrEqual(stats.p50CheckMs);
  });
});
