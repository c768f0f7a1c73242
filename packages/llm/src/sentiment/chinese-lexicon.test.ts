import { describe, expect, it } from 'vitest';
import { scoreChineseLexicon, splitAtChineseContrast, squashLexiconSum } from './chinese-lexicon';

const raw = (t: string) => scoreChineseLexicon(t).raw;

describe('Chinese lexicon scorer', () => {
  it('gives praise a positive and complaints a negative sum', () => {
    expect(raw('东西很满意')).toBeGreaterThan(0);
    expect(raw('物流太慢了，很失望')).toBeLessThan(0);
    expect(raw('请问几点发货？')).toBe(0);
    expect(scoreChineseLexicon('请问几点发货？').hits).toBe(0);
  });

  it('lets a degree adverb strengthen and a diminisher weaken the word after it', () => {
    expect(raw('很差')).toBeLessThan(raw('差'));
    expect(raw('太慢')).toBeLessThan(raw('慢'));
    expect(raw('有点慢')).toBeGreaterThan(raw('慢'));
    expect(raw('有点慢')).toBeLessThan(0);
  });

  it('flips a negated positive to a weaker negative, and softens a hedge', () => {
    expect(raw('不满意')).toBeLessThan(0);
    expect(raw('不推荐')).toBeLessThan(0);
    expect(raw('不推荐')).toBeGreaterThan(-raw('推荐'));
    // 不太好 hedges: still negative, but milder than 不好.
    expect(raw('不太好')).toBeLessThan(0);
    expect(raw('不太好')).toBeGreaterThan(raw('不好'));
    // 不是很好: the negator reaches over 是很.
    expect(raw('不是很好')).toBeLessThan(0);
  });

  it('turns a negated complaint mildly positive, and reads set phrases whole', () => {
    expect(raw('从来没失望过')).toBeGreaterThan(0);
    expect(raw('没有问题')).toBeGreaterThan(0);
    expect(raw('不错')).toBeGreaterThan(0);
    expect(raw('再也不卡了')).toBeGreaterThan(0);
  });

  it('counts a dangling "never again" as the complaint itself', () => {
    expect(raw('再也不会来了')).toBeLessThan(-1);
    // The clause ends at the comma, so a polar word after it is not in the negator's scope.
    expect(raw('再也不会来了，好')).toBeCloseTo(raw('再也不会来了') + raw('好'), 6);
  });

  it('does not read polar characters inside neutral words', () => {
    expect(raw('快递到了')).toBe(0);
    expect(raw('信用卡账单')).toBe(0);
    expect(raw('和别家差不多')).toBe(0);
    expect(raw('不知道')).toBe(0);
  });

  it('reads 好 before a polar word as "so", not as praise', () => {
    expect(raw('好慢')).toBeLessThan(raw('慢'));
    expect(raw('好贴心')).toBeGreaterThan(raw('贴心'));
  });

  it('reads rhetorical complaints and emoji', () => {
    expect(raw('难道你们就是这样做生意的？')).toBeLessThan(0);
    expect(raw('还不如去楼下买')).toBeLessThan(0);
    expect(raw('收到了👍')).toBeGreaterThan(0);
    expect(raw('收到了👎')).toBeLessThan(0);
  });

  it('counts lukewarm verdicts as an opinion of about zero', () => {
    const s = scoreChineseLexicon('一般般吧');
    expect(s.hits).toBe(1);
    expect(Math.abs(s.raw)).toBeLessThan(0.3);
  });

  it('squashes sums into (-1, 1), monotonically', () => {
    expect(squashLexiconSum(0)).toBe(0);
    expect(squashLexiconSum(1)).toBeGreaterThan(0.5);
    expect(squashLexiconSum(100)).toBeLessThan(1);
    expect(squashLexiconSum(2)).toBeGreaterThan(squashLexiconSum(1));
    expect(squashLexiconSum(-2)).toBeCloseTo(-squashLexiconSum(2), 12);
  });
});

describe('splitAtChineseContrast', () => {
  it('splits at the last contrastive conjunction', () => {
    expect(splitAtChineseContrast('质量好但是物流慢')).toEqual({ before: '质量好', after: '物流慢' });
    expect(splitAtChineseContrast('东西不错，不过客服太慢')).toEqual({
      before: '东西不错，',
      after: '客服太慢',
    });
  });

  it('keeps 可惜 in the later clause, since it is itself a complaint', () => {
    expect(splitAtChineseContrast('位置很好，可惜早餐一般')?.after).toBe('可惜早餐一般');
  });

  it('takes 就是 as a contrast only after a comma', () => {
    expect(splitAtChineseContrast('好是好，就是太贵了')).toEqual({ before: '好是好，', after: '太贵了' });
    expect(splitAtChineseContrast('这就是你们说的正品？')).toBeNull();
  });

  it('ignores 不但 ("not only") and long texts', () => {
    expect(splitAtChineseContrast('不但便宜而且好用')).toBeNull();
    expect(splitAtChineseContrast(`${'房间很大'.repeat(15)}但是有点吵`)).toBeNull();
  });
});
