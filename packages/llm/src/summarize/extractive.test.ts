import { readFileSync } from 'node:fs';
import { hasShared, sharedPath } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { countWords } from './count-words';
import { leadSentences, summarizeExtractive } from './extractive';
import { tfidfSimilarity } from './tfidf';

const doc = [
  'The city council approved a new budget for public transport on Monday.',
  'The budget adds forty electric buses and extends night services on six routes.',
  'Council members said the electric buses will cut emissions from public transport.',
  'The weather on Monday was sunny and mild.',
  'Opponents argued that the transport budget raises fares for students.',
  'A spokesperson said fares for students will stay frozen until next year.',
  'The first electric buses are expected to run in the spring.',
].join(' ');

// XSum lives in ../shared, which a fresh clone may lack: its test skips without it.
const XSUM = ['eval', 'xsum', 'xsum_test_tiny_50.jsonl'];
const noXsum = !hasShared(...XSUM);
const xsum = () =>
  readFileSync(sharedPath(...XSUM), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 5)
    .map((l) => JSON.parse(l) as { document: string; summary: string });

describe('countWords', () => {
  it('counts CJK characters as words', () => {
    expect(countWords('hello world 我爱北京')).toBe(6);
  });
});

describe('summarizeExtractive', () => {
  it('keeps to a sentence count, in document order, with spans into the input', async () => {
    const out = await summarizeExtractive({ text: doc, length: { unit: 'sentences', value: 3 } });
    expect(out.sentences).toHaveLength(3);
    expect(out.length).toEqual({ unit: 'sentences', value: 3 });
    const starts = out.sentences.map((s) => s.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    for (const s of out.sentences) expect(doc.slice(s.start, s.end)).toBe(s.text);
    expect(out.text).toBe(out.sentences.map((s) => s.text).join(' '));
    // The off-topic weather sentence is the least central one.
    expect(out.text).not.toContain('weather');
  });

  it('never exceeds a word budget, and truncates when no sentence fits', async () => {
    for (const value of [12, 25, 40]) {
      const out = await summarizeExtractive({ text: doc, length: { unit: 'words', value } });
      expect(countWords(out.text)).toBeLessThanOrEqual(value);
      expect(out.sentences.length).toBeGreaterThan(0);
    }
    const tiny = await summarizeExtractive({ text: doc, length: { unit: 'words', value: 4 } });
    expect(countWords(tiny.text)).toBe(4);
    expect(tiny.sentences[0]?.truncated).toBe(true);
    const s = tiny.sentences[0];
    expect(doc.slice(s?.start, s?.end)).toBe(s?.text);
  });

  it('avoids redundant sentences (MMR) compared with pure centrality', async () => {
    const repeated = `${doc} The council approved the new budget for public transport on Monday.`;
    const pairSim = (texts: string[]) => tfidfSimilarity(texts, texts)[0]?.[1] ?? 0;
    const central = await summarizeExtractive({
      text: repeated,
      length: { unit: 'sentences', value: 2 },
      lambda: 1,
    });
    const mmr = await summarizeExtractive({ text: repeated, length: { unit: 'sentences', value: 2 } });
    // Pure centrality takes the near-duplicate pair; MMR takes something new instead.
    expect(pairSim(central.sentences.map((s) => s.text))).toBeGreaterThan(0.7);
    expect(pairSim(mmr.sentences.map((s) => s.text))).toBeLessThan(0.5);
  });

  it('biases selection towards a focus query', async () => {
    const plain = await summarizeExtractive({ text: doc, length: { unit: 'sentences', value: 1 } });
    const focused = await summarizeExtractive({
      text: doc,
      length: { unit: 'sentences', value: 1 },
      focus: 'student fares',
    });
    expect(focused.text).toMatch(/students/);
    expect(focused.text).not.toBe(plain.text);
  });

  it('renders bullets and key points', async () => {
    const b = await summarizeExtractive({ text: doc, length: { unit: 'bullets', value: 2 } });
    expect(b.format).toBe('bullets');
    expect(b.text.split('\n').every((l) => l.startsWith('- '))).toBe(true);
    const k = await summarizeExtractive({
      text: doc,
      length: { unit: 'sentences', value: 2 },
      format: 'key-points',
    });
    expect(k.text.split('\n').map((l) => l.slice(0, 3))).toEqual(['1. ', '2. ']);
  });

  it('uses a supplied similarity function (e.g. embeddings)', async () => {
    let calls = 0;
    const out = await summarizeExtractive({
      text: doc,
      length: { unit: 'sentences', value: 1 },
      similarity: async (a, b) => {
        calls++;
        // A similarity that makes the last sentence the most central.
        return a.map((_, i) => b.map((__, j) => (i === a.length - 1 || j === b.length - 1 ? 1 : 0)));
      },
    });
    expect(calls).toBe(1);
    expect(out.text).toBe('The first electric buses are expected to run in the spring.');
  });

  it.skipIf(noXsum)('works on real XSum articles (needs ../shared/eval/xsum)', async () => {
    for (const item of xsum()) {
      const out = await summarizeExtractive({ text: item.document, length: { unit: 'sentences', value: 2 } });
      expect(out.sentences.length).toBeLessThanOrEqual(2);
      for (const s of out.sentences) expect(item.document.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('works on Chinese text', async () => {
    const zh =
      '公司今年的收入增长了百分之十。收入增长主要来自海外市场。天气很好。海外市场的收入占总收入的一半。';
    const out = await summarizeExtractive({
      text: zh,
      length: { unit: 'sentences', value: 2 },
      locale: 'zh',
    });
    expect(out.text).not.toContain('天气');
    expect(leadSentences(zh, 2, 'zh').map((s) => s.text)).toEqual([
      '公司今年的收入增长了百分之十。',
      '收入增长主要来自海外市场。',
    ]);
  });

  it('summarizes with sentences, not the headings above them', async () => {
    // Seen on the demo: every Chinese heading shares characters with its section, and TF-IDF
    // centrality ranked two headings among the three bullets of a summary.
    const zh = [
      '# 大语言模型简介',
      '## 什么是大语言模型',
      '大语言模型是一种在海量文本上训练的神经网络。它通过预测下一个词来学习语言的规律。',
      '## 检索增强生成',
      '检索增强生成先从企业自己的文档中检索相关段落，再让模型根据这些段落回答问题。',
      '## 部署方式',
      '企业可以把大语言模型部署在自己的服务器上。较小的模型可以在普通 CPU 上运行。',
    ]
      .map((l) => l.replace(/^#+ /, ''))
      .join('\n\n');
    const out = await summarizeExtractive({ text: zh, length: { unit: 'bullets', value: 3 }, locale: 'zh' });
    expect(out.sentences).toHaveLength(3);
    for (const s of out.sentences) {
      expect(s.text).toMatch(/。$/);
      expect(zh.slice(s.start, s.end)).toBe(s.text);
    }

    const en =
      'Refunds\nAnnual plans are refunded pro rata within 60 days.\n\nSupport\nSupport answers within one day.';
    const joined = await summarizeExtractive({ text: en, length: { unit: 'sentences', value: 2 } });
    expect(joined.sentences.map((s) => s.text)).toEqual([
      'Annual plans are refunded pro rata within 60 days.',
      'Support answers within one day.',
    ]);
    for (const s of joined.sentences) expect(en.slice(s.start, s.end)).toBe(s.text);

    // Nothing but labels (a list of names): those are what there is to summarize.
    const labels = await summarizeExtractive({
      text: 'Alpha\nBeta\nGamma',
      length: { unit: 'sentences', value: 2 },
    });
    expect(labels.sentences).toHaveLength(2);
  });

  it('keeps hard-wrapped sentences whole and list items as content (review)', async () => {
    const mail = [
      'Hello all, a reminder about the warranty. The warranty',
      'covers all parts and labour for two years from delivery. Customers',
      'who bought before April keep the old terms. Returns',
      'are accepted within 30 days of delivery.',
    ].join('\n');
    const out = await summarizeExtractive({ text: mail, length: { unit: 'sentences', value: 4 } });
    for (const s of out.sentences) {
      expect(s.text).toMatch(/^[A-Z]/);
      expect(mail.slice(s.start, s.end)).toBe(s.text);
    }
    expect(out.text).toContain('The warranty covers all parts');
    expect(out.sentences.some((s) => s.text.startsWith('The warranty\ncovers'))).toBe(true);

    const bullets = [
      '员工福利',
      '• 员工每年享有15天带薪年假',
      '• 公司提供免费午餐和班车',
      '以上福利自2027年1月起生效。',
    ].join('\n');
    const zh = await summarizeExtractive({
      text: bullets,
      length: { unit: 'sentences', value: 3 },
      locale: 'zh',
    });
    expect(zh.text).toContain('带薪年假');
    expect(zh.text).not.toMatch(/^- 员工福利$/mu);
  });

  it('rejects empty text and bad lengths with invalid_summary_request', async () => {
    await expect(
      summarizeExtractive({ text: '   ', length: { unit: 'sentences', value: 2 } }),
    ).rejects.toMatchObject({
      code: 'invalid_summary_request',
    });
    await expect(
      summarizeExtractive({ text: doc, length: { unit: 'sentences', value: 0 } }),
    ).rejects.toMatchObject({
      code: 'invalid_summary_request',
    });
  });
});
