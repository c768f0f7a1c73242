/**
 * Chinese as it is written in documents, from Chinese as customers type it. A customer asks about
 * "三百兆的宽带", "一个钟头以后", "礼拜一", "五块钱"; the price list says "300M", "1小时", "周一",
 * "5元". Matching characters, the two share nothing where they mean the same. Both sides of a
 * comparison pass through `writtenChinese`, and whether a numeral is read never hangs on text the
 * two may word differently, except a lone digit, which counts only before a measure word ("三天",
 * "两位"), where they agree. The result is for matching only: its length differs from the input's.
 */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a numeral below ten thousand ("三百五" → 350, "十一" → 11, "一百零五" → 105). */
function sectionValue(text: string): number | undefined {
  let total = 0;
  let pending: number | undefined;
  let lastUnit = 0;
  let zero = false;
  for (const ch of text) {
    const unit = UNITS[ch];
    if (unit !== undefined) {
      // Units fall: "三百五十", never "五十三百".
      if (lastUnit !== 0 && unit >= lastUnit) return undefined;
      total += (pending ?? 1) * unit;
      pending = undefined;
      lastUnit = unit;
      zero = false;
    } else if (ch === '零' || ch === '〇') {
      zero = true;
    } else {
      if (pending !== undefined) return undefined;
      pending = DIGITS[ch];
    }
  }
  if (pending === undefined) return total;
  // "一千五" is 1500 and "三百五" 350 in speech: a digit right after a unit counts in the next lower one.
  if (!zero && lastUnit >= 100) return total + (pending * lastUnit) / 10;
  return total + pending;
}

/**
 * The value of a Chinese numeral as a string of digits, or undefined when the run is no number.
 * A run of digits alone reads digit by digit ("二〇二三" → "2023"), as years and phone numbers are
 * written; a run with units reads as a quantity, up to the ten thousands ("两万五千" → "25000").
 */
export function chineseNumeral(run: string): string | undefined {
  if (run.length === 0) return undefined;
  if (![...run].some((ch) => UNITS[ch] !== undefined || ch === '万')) {
    return [...run].map((ch) => DIGITS[ch] ?? '').join('');
  }
  // "万一" (in case) and "百分之" are words, not numbers: a quantity starts with a digit or 十.
  if (!(run[0]! in DIGITS) && run[0] !== '十') return undefined;
  const [high, low, ...rest] = run.split('万');
  if (rest.length > 0) return undefined;
  const h = sectionValue(high!);
  if (h === undefined) return undefined;
  if (low === undefined) return String(h);
  // "两万五" is 25000: a lone digit after 万 counts in the thousands.
  const l = low.length === 1 && low in DIGITS ? DIGITS[low]! * 1000 : sectionValue(low);
  return l === undefined ? undefined : String(h * 10000 + l);
}

const NUMERAL_RUN = /[零〇一二两三四五六七八九十百千万]+/gu;

// What a count is counted in: a lone digit before one of these is a quantity ("两个月", "三天"),
// while "一起", "一定", "统一" stay words.
const MEASURE =
  /^(?:个|天|日|号|月|年|岁|周|点|分|秒|元|块|角|毛|次|节|张|位|人|名|台|件|份|小时|钟|公里|公斤|米|斤|克|折|楼|层|间|套|条|本|家|辆|倍|成|晚|夜|课|期|季|届|趟|遍|项|种|笔|单|箱|瓶|杯|包|兆|(?:gb|mb|tb|kb|km|kg|cm|mm|kwh|wh|[kmgw]|%)(?![a-z]))/iu;

/**
 * The digits of a numeral run, or undefined where it stays a word. Whether a run is a number must
 * not hang on what follows it where the question and a document may differ: "十一放假" and
 * "十一期间" are the same holiday, so a run with a unit is always a number, whatever follows.
 */
function quantity(run: string, before: string | undefined, after: string): string | undefined {
  if (/[十百千万]/u.test(run)) {
    // "十分满意" is "very satisfied": 十分 counts only as 十分钟.
    if (run === '十' && after.startsWith('分') && !after.startsWith('分钟')) return undefined;
    return chineseNumeral(run);
  }
  // Digits alone: three or more, or with a zero, are a year or a number read digit by digit
  // ("二〇二三"); two together are a spoken range ("两三天", "一两个月") or a name ("五一"), no value.
  if (run.length >= 3 || /[零〇]/u.test(run)) return chineseNumeral(run);
  if (run.length === 2) return undefined;
  // "便宜一点" is "a little cheaper", not one o'clock.
  if (run === '一' && after.startsWith('点')) return undefined;
  // One digit counts before a measure word or after 第 ("两个月", "第二"); else it is part of a word.
  return before === '第' || MEASURE.test(after) ? chineseNumeral(run) : undefined;
}

// A day of the week: 星期一 and 礼拜一 are 周一 (星期天 and 礼拜日 are 周日). It is written with a space
// after it, so that its digit neither counts as a quantity nor runs into a time after it ("周六十点" is
// Saturday at ten, "礼拜一两点" Monday at two).
const WEEKDAY = /(?:星期|礼拜|周)([一二三四五六日天])/gu;

/** `day` at `at` in `whole` (after 周 or 星期/礼拜, of length `length`) names a weekday. */
function isWeekday(whole: string, at: number, length: number): boolean {
  if (whole[at] !== '周') return true;
  // "每周二十小时" (twenty hours a week), "两周一次", "每周三次": 周 is the week, and what follows counts.
  const before = whole[at - 1];
  const after = whole.slice(at + length, at + length + 4);
  const counted = before === '每' || (before !== undefined && /[\d零〇一二两三四五六七八九十]/u.test(before));
  return !(counted && (/^[零〇一二两三四五六七八九十百千万\d]/u.test(after) || MEASURE.test(after)));
}

/** Spoken or informal forms and their written ones, applied after numerals are digits. */
const WRITTEN: readonly (readonly [RegExp, string])[] = [
  [/钟头/gu, '小时'],
  // "1个小时" and "1小时" are both written; "1个月" stays, as "1月" is January.
  [/(\d)个小时/gu, '$1小时'],
  [/(\d)\s*块钱?/gu, '$1元'],
  [/块钱/gu, '元'],
  [/(\d)\s*号/gu, '$1日'],
  [/(\d)\s*兆/gu, '$1M'],
  [/周岁/gu, '岁'],
];

/** `text` with Chinese numerals of quantities as digits and spoken forms as written ones. */
export function writtenChinese(text: string): string {
  if (!/\p{Script=Han}/u.test(text)) return text;
  // Weeks first, so that "两星期" and "两周", "一个礼拜" and "一周" meet before numerals are read.
  let out = text
    .replace(WEEKDAY, (day: string, name: string, at: number, whole: string) =>
      isWeekday(whole, at, day.length) ? `周${name === '天' ? '日' : name} ` : day,
    )
    .replace(/个?(?:星期|礼拜)/gu, '周');
  out = out.replace(NUMERAL_RUN, (run: string, at: number, whole: string) => {
    // A measure word is at most a few characters: the rest of the text is not copied per numeral.
    return quantity(run, whole[at - 1], whole.slice(at + run.length, at + run.length + 4)) ?? run;
  });
  for (const [pattern, written] of WRITTEN) out = out.replace(pattern, written);
  return out;
}
