import { describe, expect, it } from 'vitest';
import { foldHan } from './fold-han';
import { lexicalTerms } from './lexical-terms';

describe('foldHan', () => {
  it('folds Traditional characters to Simplified, keeping the length', () => {
    const t = '方案與價格：學生憑有效學生證可享五折優惠。';
    const f = foldHan(t);
    expect(f).toBe('方案与价格：学生凭有效学生证可享五折优惠。');
    expect(f.length).toBe(t.length);
  });

  it('leaves Simplified, Latin text and punctuation as they are', () => {
    expect(foldHan('订单满299元免运费，“包邮”')).toBe('订单满299元免运费，“包邮”');
    expect(foldHan('Pro plan: ¥199/月 「說明」')).toBe('Pro plan: ¥199/月 「说明」');
  });

  it('lets a Simplified question and a Traditional sentence share lexical terms', () => {
    const q = new Set(lexicalTerms('删除的笔记能恢复吗'));
    const s = lexicalTerms('刪除的筆記會在回收站保留30天');
    expect(s.filter((t) => q.has(t))).toEqual(expect.arrayContaining(['删除', '笔记']));
  });
});
