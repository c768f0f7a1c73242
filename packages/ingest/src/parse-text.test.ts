import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { chineseHeadingLevel, parseText } from './parse-text';

describe('parseText', () => {
  it('reads numbered Chinese heading lines as headings that start sections', () => {
    const doc = parseText(
      'IT 帮助指南\n\n一、如何修改邮箱密码\n1. 打开浏览器。\n2. 点击保存。\n\n二、连接VPN\n下载客户端。',
    );
    const paths = doc.sections.map((s) => s.headingPath.at(-1));
    expect(paths).toContain('一、如何修改邮箱密码');
    expect(paths).toContain('二、连接VPN');
    const vpn = doc.sections.find((s) => s.headingPath.at(-1) === '二、连接VPN')!;
    expect(doc.text.slice(vpn.start, vpn.end)).toContain('下载客户端。');
  });

  it('takes no numbered clause or sentence for a heading', () => {
    expect(chineseHeadingLevel('第一章 总则')).toBe(1);
    expect(chineseHeadingLevel('（三）报销流程')).toBe(3);
    expect(chineseHeadingLevel('一、员工不得在工作时间内从事与工作无关的活动，违者处罚。')).toBeNull();
    expect(chineseHeadingLevel('第三条 员工出差须事先申请')).toBeNull();
    expect(chineseHeadingLevel('1. Open the browser')).toBeNull();
  });

  it('keeps every character of list-like Chinese text in some chunk', () => {
    const inputs = [
      '员工守则\n员工须遵守以下规定：\n一、遵守考勤制度\n二、按时提交周报\n三、保守公司机密\n',
      '报价单\n（一）标准版 99元/月\n（二）专业版 199元/月\n（三）企业版 面议\n',
      '第一章 总则\n一、目的\n为规范管理，制定本制度。\n二、范围\n',
      '销售报告\n\n一、二月份销售额下降\n十、一月\n第一部门\n第一部手机\n',
      // An invisible line after a heading is no body (second review).
      '一、目的\n\u200b\n二、范围\n全体员工。',
      'Intro\n\n一、目的\n \u200b ',
    ];
    for (const input of inputs) {
      const doc = parseText(input);
      const chunks = chunkDocument(doc, { documentKey: 'k' })
        .chunks.map((c) => c.text)
        .join('\n');
      const visible = input.replace(/[\s\u200b]/gu, '');
      for (const ch of visible) expect(chunks).toContain(ch);
      for (const line of input.split('\n').filter((l) => l.replace(/[\s\u200b]/gu, '')))
        expect(chunks).toContain(line.replace(/\u200b/gu, '').trim());
    }
  });

  it('takes no numbered heading for the document title', () => {
    expect(parseText('一、遵守考勤制度\n员工须按时打卡。').title).toBeNull();
  });

  it('takes no word, date or labelled line for a numbered heading', () => {
    for (const line of ['第一部门', '第一部手机', '一、二月份销售额下降', '十、一月', '一、费用：按实报销']) {
      expect(chineseHeadingLevel(line)).toBeNull();
    }
    expect(chineseHeadingLevel('第二章差旅费')).toBe(1);
    expect(chineseHeadingLevel('二、 2024年计划')).toBe(2);
  });
});
