import { describe, expect, it } from 'vitest';
import { scoredHighlightSpan } from './answer-slot';
import { chineseGapSpan } from './chinese-gap';

const gap = (q: string, s: string) => chineseGapSpan(q, s)?.text ?? null;

describe('chineseGapSpan', () => {
  it('reads the asked thing after the context when the question asks at its end', () => {
    expect(gap('发票抬头写什么', '增值税发票抬头须为“星川科技有限公司”，税号为91310115MA1K4XXXXX。')).toBe(
      '星川科技有限公司',
    );
    expect(gap('退货运费谁出', '无理由退货的寄回运费由顾客自行承担，大件家具的上门取件费为每件80元。')).toBe(
      '顾客自行承担',
    );
  });

  it('reads it before the context when the question asks first, without a farther question word', () => {
    expect(gap('谁负责解释这个制度', '第十一条 本制度由财务部负责解释，自2025年1月1日起施行。')).toBe(
      '财务部',
    );
    expect(gap('单次招待超过5000要谁批', '超过5000元的单次招待须经总经理批准。')).toBe('总经理');
  });

  it('keeps a farther question word that is part of the answer', () => {
    expect(gap('锣鼓经常用的节奏型称为什么？', '常用的节奏型称为「锣鼓点」。')).toBe('锣鼓点');
  });

  it('matches Traditional sentences and keeps offsets', () => {
    const s = '刪除的筆記由系統管理員恢復。';
    const span = chineseGapSpan('删除的笔记由谁恢复', s);
    expect(span?.text).toBe('系統管理員');
    expect(s.slice(span!.start, span!.end)).toBe('系統管理員');
  });

  it('takes the Latin name or address at the context side of a long run', () => {
    expect(gap('用什么VPN客户端', '在公司软件中心下载并安装 FortiClient 7.2 客户端。')).toBe(
      'FortiClient 7.2',
    );
    expect(
      gap('在哪下载新版', '舊版用戶請前往 https://cloudnote.guangyun.tw/download 下載最新安裝程式。'),
    ).toBe('https://cloudnote.guangyun.tw/download');
  });

  it('keeps the noun of the asked kind that the sentence names after the answer (哪个大学, 什么学位)', () => {
    expect(gap('楼曾瑞毕业于哪个大学？', '并在1981年毕业于香港中文大学数学系。')).toBe('香港中文大学');
    expect(gap('交银金融大厦是哪个银行的总部？', '交银金融大厦是交通银行的总部。')).toBe('交通银行');
    // A common character beside the wh-word marks nothing alone when its side has a pair.
    expect(gap('陈荣捷在哈佛大学获得什么学位？', '1929年在哈佛大学获得哲学博士学位。')).toBe('哲学博士学位');
  });

  it('gives nothing for a question without a wh-word or a sentence without its context', () => {
    expect(gap('能开发票吗', '本商城所有订单均可开具增值税电子普通发票。')).toBeNull();
    expect(gap('谁负责解释这个制度', '客服热线：400-820-3366。')).toBeNull();
  });

  it('is the highlight of a Chinese wh-question', () => {
    const s = '第十一条 本制度由财务部负责解释。';
    expect(scoredHighlightSpan('谁负责解释这个制度', s, new Set())?.span.text).toBe('财务部');
  });
});

describe('a figure after a condition word', () => {
  it('is not the asked amount when another figure is as near the question', () => {
    const s = '订单实付金额满299元免运费，不满299元收取运费15元。';
    expect(scoredHighlightSpan('运费多少钱啊', s, new Set(['运费', '费多', '多少', '少钱']))?.span.text).toBe(
      '15元',
    );
  });
});

describe('a Chinese count question', () => {
  it('highlights the figure of the counted noun, not a price per person', () => {
    const row = '套餐: 标准版; 月付价格: ¥39/人/月; 年付价格: ¥390/人/年; 人数上限: 200人; 存储空间: 1TB';
    const q = '标准版最多能有多少人';
    expect(scoredHighlightSpan(q, row, new Set(['标准', '准版', '多少']))?.span.text).toMatch(/^200/);
    expect(scoredHighlightSpan('最多几个人', '每人39元，最多可容纳12人。', new Set())?.span.text).toBe(
      '12人',
    );
    // The counted noun joins the figure.
    expect(
      scoredHighlightSpan('一共收录了多少首诗？', '《全唐诗》收录其诗98首。', new Set())?.span.text,
    ).toBe('98首');
  });
});

describe('a Chinese "when" question', () => {
  it('takes a duration from an event when the sentence states no date', () => {
    const s = '电子发票在订单确认收货后3个工作日内发送至下单时填写的邮箱。';
    expect(scoredHighlightSpan('发票什么时候发给我', s, new Set(['发票']))?.span.text).toMatch(/^3个工作日/);
    // A date, when stated, is still the answer.
    expect(
      scoredHighlightSpan('什么时候施行', '本制度自2025年1月1日起施行，有效期3年。', new Set())?.span.text,
    ).toBe('2025年1月1日');
  });
});

describe('a recurring day of the month', () => {
  it('is a date ("每月15日和30日")', () => {
    const s = '第九条 报销单经财务部审核后，财务部在每月15日和30日统一打款至员工工资卡。';
    expect(scoredHighlightSpan('报销的钱什么时候打给我', s, new Set(['报销']))?.span.text).toBe(
      '每月15日和30日',
    );
  });
});

describe('Chinese probe review fixes', () => {
  const hl = (q: string, s: string, terms: string[] = []) =>
    scoredHighlightSpan(q, s, new Set(terms))?.span.text ?? null;

  it('anchors a Traditional question in a Traditional sentence', () => {
    const s = '專業版價格為199元，標準版價格為99元。';
    expect(hl('標準版價格是多少？', s, ['标准', '准版', '价格'])).toBe('99元');
  });

  it('joins the whole counted noun to the figure', () => {
    expect(hl('公司有多少名员工？', '公司现有300名员工。')).toBe('300名员工');
    expect(hl('有多少家门店？', '公司在全国有120家门店。')).toBe('120家门店');
    expect(hl('覆盖多少个城市？', '服务覆盖25个城市。')).toBe('25个城市');
    expect(hl('每人配几台电脑？', '每人配发3台电脑。')).toBe('3台电脑');
    expect(hl('先后共计移民了多少次？', '先后共计移民18次。')).toBe('18次');
    expect(hl('有几位是南大校友？', '其中2位是南大校友。')).toBe('2位');
  });

  it('keeps a count in its clause', () => {
    expect(hl('专业版支持多少人？', '专业版支持200人，标准版支持50人。', ['专业', '业版', '支持'])).toBe(
      '200人',
    );
  });

  it('gives no condition for a why-question, and no gap for a how-question', () => {
    expect(gap('为什么不能登录？', '如果无法登录，请联系管理员。')).toBeNull();
    expect(gap('李思摩被册封为什么官职？', '李思摩被册封为右武候大将军。')).toBe('右武候大将军');
    expect(gap('怎么修改密码', '登录后在设置页面修改密码。')).toBeNull();
  });

  it('strips leads (请写, 设在, a question word before 为) and prefers a Latin name when a name is asked', () => {
    expect(gap('VPN客户端叫什么？', '请下载并安装 FortiClient 7.2 客户端后登录。')).toBe('FortiClient 7.2');
    expect(gap('发票抬头写什么？', '发票抬头请写“上海某某科技有限公司”。')).toBe('上海某某科技有限公司');
    expect(gap('谁是公司的CEO？', '公司CEO为张伟，CTO为李娜。')).toBe('张伟');
    expect(gap('公司总部在哪里？', '公司成立于2010年，总部设在深圳。')).toBe('深圳');
  });

  it('keeps offsets when a letter lower-cases longer', () => {
    const s = 'İstanbul办事处由王芳负责。';
    const span = chineseGapSpan('办事处由谁负责', s);
    expect(span?.text).toBe('王芳');
    expect(s.slice(span!.start, span!.end)).toBe('王芳');
  });
});

describe('definition questions (the demo)', () => {
  it('give no run of the sentence for a definition', () => {
    const sentence = '检索增强生成（RAG）先从企业自己的文档中检索相关段落，再让模型根据这些段落回答问题。';
    expect(chineseGapSpan('什么是检索增强生成？', sentence)).toBeNull();
    expect(chineseGapSpan('RAG是什么意思', sentence)).toBeNull();
  });
});
