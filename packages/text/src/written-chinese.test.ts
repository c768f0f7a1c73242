import { describe, expect, it } from 'vitest';
import { chineseNumeral, writtenChinese } from './written-chinese';

describe('chineseNumeral', () => {
  it('reads quantities with units, including the spoken short forms', () => {
    expect(chineseNumeral('三百')).toBe('300');
    expect(chineseNumeral('十一')).toBe('11');
    expect(chineseNumeral('一百零五')).toBe('105');
    expect(chineseNumeral('三百五')).toBe('350');
    expect(chineseNumeral('一千五')).toBe('1500');
    expect(chineseNumeral('两万五')).toBe('25000');
    expect(chineseNumeral('两万五千三百')).toBe('25300');
  });

  it('reads a run of digits digit by digit, as years are written', () => {
    expect(chineseNumeral('二〇二三')).toBe('2023');
    expect(chineseNumeral('八五')).toBe('85');
  });

  it('refuses words and malformed runs', () => {
    expect(chineseNumeral('万一')).toBeUndefined();
    expect(chineseNumeral('百')).toBeUndefined();
    expect(chineseNumeral('五十三百')).toBeUndefined();
    expect(chineseNumeral('')).toBeUndefined();
  });
});

describe('writtenChinese', () => {
  it('writes quantities before a measure word as digits', () => {
    expect(writtenChinese('三百兆的宽带一个月多少钱')).toBe('300M的宽带1个月多少钱');
    expect(writtenChinese('晚上十一点骑车')).toBe('晚上11点骑车');
    expect(writtenChinese('第二位孩子')).toBe('第2位孩子');
    expect(writtenChinese('一百零五元')).toBe('105元');
  });

  it('leaves words that hold a numeral character alone', () => {
    for (const word of ['一起报名', '统一收费', '万一下雨', '百分之五', '两边都行']) {
      expect(writtenChinese(word)).toBe(word);
    }
  });

  it('writes spoken forms as documents write them', () => {
    expect(writtenChinese('过了一个钟头以后')).toBe('过了1小时以后');
    expect(writtenChinese('五块钱')).toBe('5元');
    expect(writtenChinese('每月20号前')).toBe('每月20日前');
    expect(writtenChinese('年满16周岁')).toBe('年满16岁');
    expect(writtenChinese('一个星期')).toBe('1周');
  });

  it('says a weekday one way, without reading its digit as a count', () => {
    expect(writtenChinese('礼拜一带孩子过去')).toBe('周一带孩子过去');
    expect(writtenChinese('星期天')).toBe('周日');
    expect(writtenChinese('周六日营业')).toBe('周六日营业');
  });

  it('returns text without Han characters unchanged', () => {
    expect(writtenChinese('Pro plan: 300M, 5 days')).toBe('Pro plan: 300M, 5 days');
  });
});
