import { foldHan } from '@grounded/text';
import type { SlotSpan } from './answer-slot';

/**
 * The gap a Chinese wh-question leaves in its answer sentence (谁, 什么, 哪个, 哪里, …): the English
 * gap picker (gap-span.ts) reads words, and Chinese has none, so "谁负责解释这个制度？" against
 * "本制度由财务部负责解释" highlighted nothing. Here the sentence's characters that the question's
 * character pairs match are the context; the asked thing is a run of unmatched characters beside
 * that context, within one clause, on the side where the question puts its wh-word: after the
 * context when the question asks at its end ("发票抬头写什么"), before it when it asks first
 * ("谁负责解释"). Rules, not a model.
 */
const WH = /什么样|什么|哪些|哪个|哪位|哪家|哪一|哪里|哪儿|哪|谁|何处|何地|何人|何/u;
// Words around the wh-word that ask but name nothing.
const ASKING = /请问|是否|能否|吗|呢|啊|吧|呀|[?？!！。,，\s]/gu;
// A clause ends at these; quotes and brackets stay inside (the answer is often quoted).
// A Latin colon inside an address or a time ("https://…", "9:30") ends nothing.
const CLAUSE = /[，。；：！？,;!?\n]|:(?![/\d])/gu;
// Linking words before or after the asked thing, and quotes or brackets around it: never part of it.
// (Not 系, 经, 在, 至: they open nouns too, 系统, 经理, 在线.)
// (请写, 请填写, 设在: "发票抬头请写“…”", "总部设在深圳".)
const LEAD =
  /^(?:[“”"'‘’「」『』《》〈〉（）()【】\s]|请填写|请写|请填|须为|须经|应为|即为|称为|叫做|位于|设在|设于|坐落于|坐落在|就是|是|为|由|于|叫|即|乃|被)/u;
const TRAIL = /(?:[“”"'‘’「」『』《》〈〉（）()【】\s]|的|了|等|之一|所)$/u;
const MAX_CHARS = 24;
// Pairs this near the wh-word (within three characters) mark context.
const MARK_NEAR = 0.25;

/**
 * The question's character pairs on one side of the wh-word, each with its nearness to it (1 for
 * the pair touching it, falling with distance): the context that touches the wh-word touches the
 * answer in the sentence. A side of one character counts alone ("谁批" against "…须经总经理批准").
 */
function sidePairs(side: string, towardsEnd: boolean): Map<string, number> {
  const out = new Map<string, number>();
  const parts = side.split(ASKING).filter((p) => p.length > 0);
  const part = towardsEnd ? parts.at(-1) : parts[0];
  for (const piece of parts) {
    const cs = [...piece];
    for (let i = 0; i + 1 < cs.length; i++) {
      const gap = towardsEnd ? cs.length - (i + 2) : i;
      const near = piece === part ? 1 / (1 + gap) : 0.1;
      const pair = cs[i]! + cs[i + 1]!;
      out.set(pair, Math.max(out.get(pair) ?? 0, near));
    }
  }
  // Alone only when it has no pair (a one-character side): a common character ("学" of "学位")
  // would mark too much.
  const touching = part && [...part].length === 1 ? part : undefined;
  if (touching && /\p{Script=Han}/u.test(touching)) out.set(touching, Math.max(out.get(touching) ?? 0, 1));
  return out;
}

// A Latin or digit token ("vpn.example.cn", "AES-256"): matched whole or not at all.
const LATIN_TOKEN = /[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}._@:/+-]*/gu;

/** The asked thing's span in `sentence`, or null when the question is no Chinese wh-question. */
const DEFINITION = /^\s*(?:请问)?\s*(?:什么是|何为|何谓)|是什么意思|什么意思|指的是什么|是指什么|的定义/u;

export function chineseGapSpan(question: string, sentence: string): SlotSpan | null {
  const q = sameLengthLower(foldHan(question));
  // "怎么登录" asks for steps: no run of the sentence is the thing asked.
  if (HOW.test(q)) return null;
  // "什么是检索增强生成？", "RAG是什么意思": a definition is the whole sentence, no run of it (the
  // demo's own question got "RAG）先从企业自己的文档中").
  if (DEFINITION.test(q)) return null;
  // "为什么不能登录" asks for a reason, which the gap beside the context often is (CMRC: "因为连吃败
  // 仗"), but a condition ("如果无法登录…") states none. (为什么 is also "as what": "册封为什么官职".)
  const why = WHY.test(q);
  const wh = WH.exec(q);
  if (!wh) return null;
  const asksName = ASKS_NAME.test(q);
  const left = sidePairs(q.slice(0, wh.index), true);
  const right = sidePairs(q.slice(wh.index + wh[0].length), false);
  // Same length as `sentence` (foldHan keeps UTF-16 offsets), so indexes carry over.
  const s = sameLengthLower(foldHan(sentence));
  // 2: context near the wh-word, which bounds the answer; 1: a question word farther off, which
  // may be part of the answer ("锣鼓" in "称为「锣鼓点」" for "锣鼓经常用的节奏型称为什么？"); 0: other.
  const level = new Array<number>(s.length).fill(0);
  for (const [pair, w] of [...left, ...right]) {
    const mark = w >= MARK_NEAR ? 2 : 1;
    for (let at = s.indexOf(pair); at >= 0; at = s.indexOf(pair, at + 1)) {
      for (let k = 0; k < pair.length; k++) level[at + k] = Math.max(level[at + k]!, mark);
    }
  }
  // A pair of letters inside a longer Latin token ("vpn" of "vpn.example.cn") is no context.
  for (const m of s.matchAll(LATIN_TOKEN)) {
    const end = m.index + m[0].length;
    if (level.slice(m.index, end).some((x) => x === 0)) level.fill(0, m.index, end);
  }
  const nearness = (pairs: Map<string, number>, text: string) =>
    Math.max(pairs.get(text.slice(-2)) ?? 0, pairs.get(text.slice(-1)) ?? 0);
  const nearnessAfter = (pairs: Map<string, number>, text: string) =>
    Math.max(pairs.get(text.slice(0, 2)) ?? 0, pairs.get(text.slice(0, 1)) ?? 0);
  const breaks = new Set([...s.matchAll(CLAUSE)].map((m) => m.index));
  const bounds = (k: number) => level[k] === 2 || breaks.has(k);

  let best: { span: SlotSpan; score: number } | null = null;
  for (let i = 0; i < s.length; ) {
    if (bounds(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !bounds(j)) j++;
    const leftMarked = i > 0 && level[i - 1] === 2;
    const rightMarked = j < s.length && level[j] === 2;
    // Context on its own side counts fully; on the other side (the sentence orders the words
    // otherwise: "于乐出身于北京国安" for "于乐在哪里出身") by half.
    const before = s.slice(Math.max(0, i - 2), i);
    const after = s.slice(j, j + 2);
    const fromLeft = leftMarked ? Math.max(nearness(left, before), nearness(right, before) / 2) : 0;
    const fromRight = rightMarked ? Math.max(nearnessAfter(right, after), nearnessAfter(left, after) / 2) : 0;
    const score = fromLeft + fromRight;
    if (score > 0 && (!best || score > best.score || asksName)) {
      const [cutA, b] = cut(s, level, i, j, fromLeft >= fromRight);
      const a = fromLeft >= fromRight ? pastAskedWords(s, level, cutA, b) : cutA;
      // "VPN客户端叫什么" asks a name: a Latin name on either side of the context is it, before the
      // Han words on the side the question points to ("…安装 FortiClient 7.2 客户端后登录").
      const name = asksName && a < b ? latinEdge(sentence, a, b, fromLeft >= fromRight) : null;
      const span =
        a < b ? (name ?? trimmed(sentence, a, b) ?? latinEdge(sentence, a, b, fromLeft >= fromRight)) : null;
      const total = name ? score + 1 : score;
      const condition = why && span !== null && CONDITION.test(span.text);
      if (span && !condition && (!best || total > best.score)) best = { span, score: total };
    }
    i = j;
  }
  return best ? withAskedNoun(sentence, s, best.span, q.slice(wh.index)) : null;
}

// "哪个大学", "什么学位", "哪家银行": a wh-word that picks a kind of thing, the kind's noun after it.
const WHICH_NOUN =
  /^(?:什么|哪个|哪些|哪家|哪所|哪座|哪支|哪种|哪一个|哪一家|哪一种)(\p{Script=Han}{1,4}?)(?=的|是|在|有|$|[^\p{Script=Han}])/u;

/**
 * The asked kind's noun, when the sentence names it right after the answer, belongs to the
 * answer: "香港中文大学" for "毕业于哪个大学", "交通银行" for "是哪个银行的总部".
 */
function withAskedNoun(sentence: string, folded: string, span: SlotSpan, fromWh: string): SlotSpan {
  const noun = WHICH_NOUN.exec(fromWh)?.[1];
  if (!noun) return span;
  for (let n = noun.length; n > 0; n--) {
    if (folded.startsWith(noun.slice(0, n), span.end)) {
      const end = span.end + n;
      return { start: span.start, end, text: sentence.slice(span.start, end) };
    }
  }
  return span;
}

const CONTENT = /[\p{L}\p{N}]/u;
const HOW = /怎么/u;
// ("称为什么", "改为什么": 为 is the verb there, 什么 the thing asked.)
const WHY = /(?<![称成作视认改名定封划误])为(?:什么|何)/u;
const CONDITION = /^(?:如果|假如|若|要是|一旦|倘若)/u;
const ASKS_NAME = /叫什么|叫啥|什么名|名称|名字/u;

/**
 * Lower case that keeps the string's length, so offsets carry over: a letter whose lower case is
 * longer ("İ" → "i̇") stays as it is.
 */
function sameLengthLower(text: string): string {
  return text.replace(/\p{Lu}/gu, (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length ? lower : c;
  });
}

/**
 * A run that opens with more of the question's words and then a linking word ("CEO为张伟" after
 * "公司" for "谁是公司的CEO") starts after that word: the question's words are context, not answer.
 * A run of them with no linking word after ("「锣鼓点」") keeps them.
 */
function pastAskedWords(s: string, level: readonly number[], a: number, b: number): number {
  let k = a;
  while (k < b && (level[k] === 1 || /\s/u.test(s[k]!))) k++;
  if (k === a || k >= b) return a;
  const link = /^(?:为|是|叫|即|设在|位于)/u.exec(s.slice(k, b));
  return link && k + link[0].length < b ? k + link[0].length : a;
}

const LATIN = '[\\p{Script=Latin}\\p{N}][\\p{Script=Latin}\\p{N}._@:/+-]*';
const LATIN_HEAD = new RegExp(`^\\s*(${LATIN}(?:\\s+${LATIN})*)`, 'u');
const LATIN_TAIL = new RegExp(`(${LATIN}(?:\\s+${LATIN})*)\\s*$`, 'u');

/**
 * A run too long to be the answer may still end, on its context's side, in a Latin name, a
 * version or an address ("…下载并安装 FortiClient 7.2 客户端", "前往 https://… 下载"): that is it.
 */
function latinEdge(sentence: string, a: number, b: number, fromLeft: boolean): SlotSpan | null {
  const run = sentence.slice(a, b);
  const m = (fromLeft ? LATIN_HEAD : LATIN_TAIL).exec(run);
  if (!m?.[1] || [...m[1]].length > 2 * MAX_CHARS) return null;
  const start = a + m.index + m[0].indexOf(m[1]);
  return { start, end: start + m[1].length, text: m[1] };
}

/**
 * The part of a run that answers, read from its context's side: it stops at a farther question
 * word once it holds two characters of its own ("本制度由财务部" → "由财务部" before "负责解释"),
 * and holds at least one character that is no question word.
 */
function cut(s: string, level: readonly number[], i: number, j: number, fromLeft: boolean): [number, number] {
  let own = 0;
  if (fromLeft) {
    let k = i;
    for (; k < j; k++) {
      if (level[k] === 1 && own >= 2) break;
      if (level[k] === 0 && CONTENT.test(s[k]!)) own++;
    }
    return own > 0 ? [i, k] : [i, i];
  }
  let k = j;
  for (; k > i; k--) {
    if (level[k - 1] === 1 && own >= 2) break;
    if (level[k - 1] === 0 && CONTENT.test(s[k - 1]!)) own++;
  }
  return own > 0 ? [k, j] : [j, j];
}

/** `sentence[start, end)` without linking words and quotes, or null when nothing is left. */
function trimmed(sentence: string, start: number, end: number): SlotSpan | null {
  let a = start;
  let b = end;
  for (let m = LEAD.exec(sentence.slice(a, b)); m && a < b; m = LEAD.exec(sentence.slice(a, b)))
    a += m[0].length;
  for (let m = TRAIL.exec(sentence.slice(a, b)); m && a < b; m = TRAIL.exec(sentence.slice(a, b)))
    b -= m[0].length;
  const text = sentence.slice(a, b);
  if (!/[\p{L}\p{N}]/u.test(text) || [...text].length > MAX_CHARS) return null;
  return { start: a, end: b, text };
}
