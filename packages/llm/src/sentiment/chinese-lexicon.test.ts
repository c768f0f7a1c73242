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

describe('Chinese lexicon: review fixes', () => {
  it('B1: damps a yes/no question towards 0, since asking about a quality asserts nothing', () => {
    const pairs: [string, string][] = [
      ['好吗', '好'],
      ['你们的服务好吗？', '你们的服务好'],
      ['好用吗？', '好用'],
      ['质量好吗', '质量好'],
      ['这款耳机音质好吗?', '这款耳机音质好'],
      ['物流快吗？', '物流快'],
      ['质量差吗？', '质量差'],
      ['那家店的菜好吃呢？', '那家店的菜好吃'],
    ];
    for (const [question, statement] of pairs) {
      expect(raw(statement), statement).not.toBe(0);
      expect(Math.abs(raw(question)), question).toBeLessThanOrEqual(0.3 * Math.abs(raw(statement)));
    }
  });

  it('B1: keeps rhetorical questions and exclamations as complaints, and other clauses whole', () => {
    expect(raw('难道不好吗')).toBeLessThan(-0.5);
    expect(raw('怎么这么慢？')).toBeCloseTo(raw('怎么这么慢'), 6);
    expect(raw('怎么这么慢？')).toBeLessThan(0);
    expect(raw('质量很好，你们还有别的颜色吗？')).toBeCloseTo(raw('质量很好'), 6);
  });

  it('B2: lets 没有/不如 + a standard of comparison negate to the end of the clause', () => {
    for (const t of [
      '没有想象中好',
      '没有我想象的好',
      '不如预期的好',
      '没有宣传的那么好用',
      '远没有图片上的漂亮',
    ]) {
      expect(raw(t), t).toBeLessThan(0);
    }
    // 不如 ("inferior to") with nothing polar after it is itself the complaint.
    expect(raw('效果不如以前')).toBeLessThan(0);
  });

  it('B2: leaves 没 without a comparison at its short reach', () => {
    expect(raw('没用几天就坏了')).toBeLessThan(0);
    expect(raw('没有问题，很好')).toBeGreaterThan(0);
  });

  it('B3: folds Traditional characters to Simplified before the lookup', () => {
    const pairs: [string, string][] = [
      ['很滿意', '很满意'],
      ['太貴了', '太贵了'],
      ['不推薦', '不推荐'],
      ['讚', '赞'],
      ['不錯', '不错'],
      ['非常滿意，下次還會再來', '非常满意，下次还会再来'],
      ['服務態度很差', '服务态度很差'],
      ['沒有想像中好', '没有想像中好'],
    ];
    for (const [traditional, simplified] of pairs) {
      expect(raw(simplified), simplified).not.toBe(0);
      expect(raw(traditional), traditional).toBeCloseTo(raw(simplified), 6);
    }
    expect(splitAtChineseContrast('東西不錯，不過客服太慢')).not.toBeNull();
  });

  it('B4: reads a long wait ("等了一个月", "三天才到") as a complaint, and a quick one not', () => {
    expect(raw('等了一个月才到')).toBeLessThan(0);
    expect(raw('三天才发货')).toBeLessThan(0);
    expect(raw('排队排了两个小时')).toBeLessThan(0);
    expect(raw('半个月才回复')).toBeLessThan(0);
    expect(raw('十分钟就办完了')).toBeGreaterThanOrEqual(0);
    expect(raw('排队排了十分钟就办好了')).toBeGreaterThanOrEqual(0);
  });

  it('B4: reads a bare exclamation of praise before a complaint as irony', () => {
    expect(raw('真是太好了，等了一个月才到')).toBeLessThan(0);
    expect(raw('太棒了，三天才发货')).toBeLessThan(0);
    // With no complaint after it, or with a subject, praise stays praise.
    expect(raw('太好了，终于到了')).toBeGreaterThan(0);
    expect(raw('款式很好，物流有点慢')).toBeGreaterThan(raw('物流有点慢'));
  });

  it('B5: does not read 差一点 ("almost") as 差 ("bad")', () => {
    expect(raw('差一点就买了')).toBe(0);
    expect(raw('差点儿忘了')).toBe(0);
    expect(raw('质量差')).toBeLessThan(0);
  });

  it('B8: reads 😀 and 🙂 as positive (🙂 weakly), and does not negate an emoji', () => {
    expect(raw('😀')).toBeGreaterThan(0);
    expect(raw('😃')).toBeGreaterThan(0);
    expect(raw('🙂')).toBeGreaterThan(0);
    expect(raw('🙂')).toBeLessThan(raw('😀'));
    expect(raw('🙁')).toBeLessThan(0);
    // The emoji is the writer's reaction, not a predicate a negator scopes over.
    expect(raw('再也不会来了👎')).toBeLessThan(raw('再也不会来了'));
  });
});

describe('Chinese lexicon scorer (second review)', () => {
  it('reads a problem gone as good news, so praise before it is no irony', () => {
    expect(scoreChineseLexicon('太好了，之前的问题没了').raw).toBeGreaterThan(0);
    expect(scoreChineseLexicon('问题都解决了').raw).toBeGreaterThanOrEqual(0);
    expect(scoreChineseLexicon('真是太好了，等了一个月才到').raw).toBeLessThan(0);
  });

  it('scores a long text of many clauses in linear time', () => {
    const began = performance.now();
    scoreChineseLexicon('太好了，'.repeat(25_000));
    expect(performance.now() - began).toBeLessThan(1_000);
  });
});
