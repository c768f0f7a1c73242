import { describe, expect, it } from 'vitest';
import { chineseGateFeatures, chineseGateProbability } from './chinese-gate';
import { CHINESE_GATE_MODEL } from './chinese-gate-model';
import { extractAnswer } from './extractive-answerer';
import type { NumberedSource } from './types';

function source(number: number, documentId: string, text: string, score: number): NumberedSource {
  return { number, chunkId: `c${number}`, documentId, text, start: 0, end: text.length, score };
}

const LEAVE = '员工入职满一年后享有带薪年假。当年未休完的年假最多可结转5天到下一年。';
const PLANS = '新用户首次开通个人版可免费试用14天。企业版最少购买10个席位，支持对公转账。';
const TRAVEL = '出差期间每天发放伙食补助80元，当天往返的补助减半。';

const features = (question: string, answer: string, sentences: string[]) =>
  chineseGateFeatures({
    question,
    answer,
    sentences,
    slotMissing: 0,
    runnerUpGap: 0,
    sourceRank: 1,
    documentShare: 1,
    retrievalMargin: 0,
  });

describe('Chinese gate features (issue #15, Chinese gate round)', () => {
  it('weighs the question pairs the answer holds by their rarity', () => {
    const sentences = ['员工入职满一年后享有带薪年假。', '当年未休完的年假最多可结转5天到下一年。', TRAVEL];
    const held = features('没休完的年假能结转几天？', sentences[1]!, sentences);
    const other = features('没休完的年假能结转几天？', TRAVEL, sentences);
    expect(held.idfCoverage).toBeGreaterThan(0.3);
    expect(other.idfCoverage).toBe(0);
    expect(held.coverage).toBeGreaterThan(other.coverage);
  });

  it('counts the question pairs no source holds (another leave type)', () => {
    const sentences = ['当年未休完的年假最多可结转5天到下一年。'];
    const f = features('育儿假一年有几天？', sentences[0]!, sentences);
    // 育儿 and 儿假 appear nowhere, nor do 假一 and 年有; 年假 and 一年 do.
    expect(f.unseenShare).toBeCloseTo(4 / 5);
    expect(features('年假一年有几天？', sentences[0]!, sentences).unseenShare).toBeCloseTo(2 / 4);
  });

  it('marks a collection term the question names and the answer lacks (another plan)', () => {
    const sentences = ['新用户首次开通个人版可免费试用14天。', '企业版最少购买10个席位，支持对公转账。'];
    const other = features('企业版能免费试用吗？', sentences[0]!, sentences);
    const same = features('个人版能免费试用吗？', sentences[0]!, sentences);
    expect(other.seenMissing).toBeGreaterThan(same.seenMissing);
    expect(same.seenMissing).toBe(0);
  });

  it('notes a Latin word of the question the answer lacks', () => {
    expect(features('VPN能用多久？', '每次连接最长保持12小时。', []).termMissing).toBe(1);
    expect(features('VPN能用多久？', 'VPN每次连接最长保持12小时。', []).termMissing).toBe(0);
  });

  it('gives a higher probability to a clear, well-covered answer than to a scattered guess', () => {
    const clear = {
      ...features('没休完的年假能结转几天？', LEAVE, [LEAVE]),
      runnerUpGap: 0.3,
      retrievalMargin: 0.3,
    };
    const guess = {
      ...features('哺乳期每天能有几个小时的哺乳时间？', TRAVEL, [LEAVE, PLANS, TRAVEL]),
      runnerUpGap: 0,
      retrievalMargin: 0,
    };
    expect(chineseGateProbability(clear, CHINESE_GATE_MODEL)).toBeGreaterThan(CHINESE_GATE_MODEL.threshold);
    expect(chineseGateProbability(guess, CHINESE_GATE_MODEL)).toBeLessThan(CHINESE_GATE_MODEL.threshold);
  });
});

describe('the Chinese gate in extractAnswer', () => {
  // Retrieval scattered over three documents, as an on-topic question whose fact no document
  // states retrieves: the best sentence shares a few characters with the question, not its terms.
  const scattered = [
    source(1, 'handbook', LEAVE, 0.0325),
    source(2, 'travel', TRAVEL, 0.032),
    source(3, 'plans', PLANS, 0.0318),
  ];

  it('abstains on an on-topic question whose fact is absent, and answers with the gate off', async () => {
    const question = '哺乳期每天能有几个小时的哺乳时间？';
    const gated = await extractAnswer({ question, sources: scattered });
    expect(gated.abstained).toBe(true);
    expect(gated.chineseGate?.probability).toBeLessThan(CHINESE_GATE_MODEL.threshold);
    const off = await extractAnswer({ question, sources: scattered }, { chineseGate: 'off' });
    expect(off.abstained).toBe(false);
  });

  it('answers a question the best source states', async () => {
    const sources = [source(1, 'plans', PLANS, 0.0328), source(2, 'travel', TRAVEL, 0.016)];
    const answer = await extractAnswer({ question: '个人版能免费试用多少天？', sources });
    expect(answer.abstained).toBe(false);
    expect(answer.sentences[0]?.text).toContain('14天');
  });

  it('reads no English question', async () => {
    const answer = await extractAnswer({
      question: 'How many days of leave carry over?',
      sources: [source(1, 'handbook', 'Up to five days of leave carry over into the next year.', 1)],
    });
    expect(answer.chineseGate).toBeUndefined();
    // Nor an English question naming a Chinese product (review of the round).
    const named = await extractAnswer({
      question: 'How much is 云笔记 Pro per month?',
      sources: [source(1, 'plans', '云笔记 Pro costs $8 per month.', 1)],
    });
    expect(named.chineseGate).toBeUndefined();
  });

  it('keeps a number for its probability when a source score is not finite', async () => {
    const sources = [source(1, 'plans', PLANS, Number.POSITIVE_INFINITY), source(2, 'travel', TRAVEL, 0.016)];
    const answer = await extractAnswer({ question: '个人版能免费试用多少天？', sources });
    expect(Number.isFinite(answer.chineseGate?.probability)).toBe(true);
  });
});
