import { AppError } from '@grounded/core';
import { findGroupMentions } from '../text/groups';
import { isCjk, mapSpan, normalizeWithMap } from '../text/normalize';
import type { SafetyClassifier, SafetyResult } from '../toxicity/safety-classifier';
import { hashedFeatures, type SparseFeatures } from './hashed-features';
import { explainLinear, type LinearModel, loadLinearModel, margin, sigmoid } from './linear-model';

/**
 * Implicit hate and biased generalisation about a group in Chinese ("河南人都爱骗人"): logistic
 * regression over hashed character 1–3-grams (no word segmentation needed) plus a few dense cues
 * that carry over from one group to the next: a group is named, the sentence generalises ("都",
 * "天生", "没一个"), judges ("懒", "骗子", "素质差") or excludes ("就该", "不配", "赶走"), and the
 * products of those with the group flag; from 2.0 also what a customer's message looks like (service
 * words, "你们", a question, a group the writer belongs to), so that an angry complaint, which judges
 * and generalises too, is told from hate. USE-lite is English, so this is the learned path for
 * Chinese text (issue #19); it costs well under a millisecond, no embedding.
 */

export const HATE_ZH_MODEL_URL = new URL('./models/hate-zh-char-lr.json', import.meta.url);
export const HATE_ZH_FEATURE_OPTIONS = { buckets: 1 << 14, minN: 1, maxN: 3 };

const GENERALISE = /都|全都|全是|没一个|没有一个|个个|天生|就是|肯定|总是|一律|从来|永远|本来就|注定|所有/g;
const JUDGE =
  /懒|脏|臭|骗|蠢|笨|傻|坏|恶心|变态|虚伪|低|差|极端|负担|拖累|没文化|没素质|素质|小气|野蛮|危险|可怕|暴力|有病|有问题|毛病|没出息|靠不住|不行|没用|垃圾|害人|守财奴|不干净|不讲卫生|土/g;
const EXCLUDE =
  /就该|应该|不该|不配|赶走|赶出|滚|隔离|别让|不要让|不能让|不准|禁止|离.{0,3}远点|别出来|活该|治疗/g;

/**
 * Cues of a customer's complaint or question about a service (model 2.0): the target is the company,
 * its staff, an order or a product ("你们的快递", "客服", "退款"), not a group of people. Angry complaints
 * judge ("垃圾", "骗人", "极差") and generalise ("每次都", "永远") as hateful sentences do; the model
 * needs to see what they judge.
 */
const SERVICE =
  /你们|您|客服|订单|退款|退货|退钱|快递|物流|配送|售后|商家|店家|门店|公司|平台|应用|APP|app|网站|小程序|酒店|餐厅|外卖|服务|产品|质量|会员|价格|运费|账单|维修|安装|发货|下单|扣费|扣了|付款|收费|套餐|话费|银行|营业厅|投诉|保修|优惠/g;
const SECOND_PERSON = /你们|您/g;
/** A question ("请问…吗？"): neutral mentions of a group in service contexts are mostly questions. */
const QUESTION = /[？?]|吗|请问|怎么|能不能|可不可以|有没有|多久|多少|哪/g;
/** The writer names a group they belong to ("我是残疾人", "作为老年人"): a complaint, not a judgement. */
const SELF = /我是|我们是|作为|身为|我家|我爸|我妈|我奶奶|我爷爷|我朋友|我们公司|我的/;

export const HATE_ZH_DENSE_FEATURES: readonly string[] = [
  'group',
  'generalise',
  'judge',
  'exclude',
  'group*generalise',
  'group*judge',
  'group*exclude',
  'generalise*judge',
  'lexicon.hate',
  'lexicon.toxicity',
  'service',
  'second-person',
  'question',
  'self-group',
  'service*judge',
  'group*generalise*judge',
];

/** Share of CJK characters among the letters: the Chinese path takes texts where it is ≥ 0.3. */
export function cjkShare(text: string): number {
  let cjk = 0;
  let letters = 0;
  for (const ch of text) {
    if (isCjk(ch)) cjk++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  return letters === 0 ? 0 : cjk / letters;
}

const count = (re: RegExp, t: string) => {
  re.lastIndex = 0;
  return Math.log1p(t.match(re)?.length ?? 0);
};

/** Every dense cue by name; a model reads the ones its file lists, in its order. */
function denseCues(text: string, base: SafetyResult): Record<string, number> {
  const groups = findGroupMentions(text);
  const group = groups.length > 0 ? 1 : 0;
  const g = count(GENERALISE, text);
  const j = count(JUDGE, text);
  const x = count(EXCLUDE, text);
  const service = count(SERVICE, text);
  const selfGroup = groups.some((m) => SELF.test(text.slice(Math.max(0, m.start - 6), m.start))) ? 1 : 0;
  return {
    group,
    generalise: g,
    judge: j,
    exclude: x,
    'group*generalise': group * g,
    'group*judge': group * j,
    'group*exclude': group * x,
    'generalise*judge': g * j,
    'lexicon.hate': base.scores.hate,
    'lexicon.toxicity': base.scores.toxicity,
    service,
    'second-person': count(SECOND_PERSON, text),
    question: count(QUESTION, text),
    'self-group': selfGroup,
    'service*judge': service * j,
    'group*generalise*judge': group * g * j,
  };
}

export function hateZhFeatures(
  text: string,
  base: SafetyResult,
  dense: readonly string[] = HATE_ZH_DENSE_FEATURES,
): { sparse: SparseFeatures; dense: number[] } {
  const norm = normalizeWithMap(text);
  const sparse = hashedFeatures([{ name: 'plain', ...norm }], HATE_ZH_FEATURE_OPTIONS);
  const cues = denseCues(norm.text, base);
  return {
    sparse,
    dense: dense.map((name) => {
      const v = cues[name];
      if (v === undefined)
        throw new AppError('model_load_failed', `hate-zh model: unknown dense feature ${name}`);
      return v;
    }),
  };
}

let shipped: LinearModel | undefined;
export function hateZhModel(): LinearModel {
  shipped ??= loadLinearModel(HATE_ZH_MODEL_URL);
  return shipped;
}

export function hateZhProbability(
  model: LinearModel,
  f: { sparse: SparseFeatures; dense: number[] },
): number {
  return sigmoid(margin(model, f.sparse.indices, f.sparse.values, f.dense));
}

/** The Chinese model's hate score for one text, shifted so its dev threshold lands on 0.5. */
export function chineseHateScore(model: LinearModel, text: string, base: SafetyResult): number {
  const p = hateZhProbability(model, hateZhFeatures(text, base, model.dense));
  const clamp = (x: number) => Math.min(1 - 1e-9, Math.max(1e-9, x));
  const logit = (x: number) => Math.log(clamp(x) / (1 - clamp(x)));
  return sigmoid(logit(p) - logit(model.threshold));
}

/** Whether a text goes to the Chinese path (mostly CJK letters). */
export const isChineseText = (text: string): boolean => cjkShare(text) >= 0.3;

/**
 * Adds the Chinese model to any SafetyClassifier: for Chinese texts the hate score becomes the
 * larger of the base's and the model's (so the default lexicon classifier covers implicit Chinese
 * hate too, at well under a millisecond a text); other texts pass through unchanged.
 */
export function withChineseHateModel(
  base: SafetyClassifier,
  model: LinearModel = hateZhModel(),
): SafetyClassifier {
  return {
    id: `${base.id}+${model.id}@${model.version}`,
    async classify(texts, options) {
      const results = await base.classify(texts, options);
      return results.map((r, i) => {
        const text = texts[i] as string;
        if (!isChineseText(text)) return r;
        const score = chineseHateScore(model, text, r);
        if (score <= r.scores.hate) return r;
        // The explanation: the groups named and, when it flags, the character n-grams that pushed
        // the score up most (without them an angry sentence that names no group showed no span).
        const evidence =
          score >= 0.5
            ? explainLinear(model, hateZhFeatures(text, r, model.dense).sparse, 8)
                // A lone character or a comma explains nothing to the reader of the audit.
                .filter((e) => e.gram.replace(/[\p{P}\s]/gu, '').length >= 2)
                .slice(0, 3)
                .map((e) => ({ start: e.start, end: e.end, label: `hate-zh-model:ngram:${e.gram.trim()}` }))
            : [];
        return {
          ...r,
          scores: { ...r.scores, hate: score },
          spans: [...r.spans, ...groupSpans(text), ...evidence],
        };
      });
    },
    async close() {
      await base.close?.();
    },
  };
}

function groupSpans(text: string) {
  const norm = normalizeWithMap(text);
  return findGroupMentions(norm.text).map((g) => ({
    ...mapSpan(norm, g.start, g.end),
    label: `hate-zh-model:group:${g.attribute}`,
  }));
}
