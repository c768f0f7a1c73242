import { describe, expect, it } from 'vitest';
import { isMostlyChinese } from './dominant-script';

describe('isMostlyChinese', () => {
  it('reads the dominant script, not the presence of Han', () => {
    expect(isMostlyChinese('What does 专业版 cost?')).toBe(false);
    expect(isMostlyChinese('VPN客户端叫什么？')).toBe(true);
    expect(isMostlyChinese('专业版多少钱')).toBe(true);
    expect(isMostlyChinese('How much is the Pro plan?')).toBe(false);
    // Latin product names in a Chinese question (second review).
    expect(isMostlyChinese('iPhone 15 Pro Max 多少钱')).toBe(true);
    expect(isMostlyChinese('如何配置 Microsoft Outlook Exchange Online 邮箱')).toBe(true);
  });
});
