import { describe, expect, it } from 'vitest';
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
});
