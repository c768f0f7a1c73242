import { findGroupMentions } from '../text/groups';
import { isCjk, mapSpan, normalizeWithMap } from '../text/normalize';
import type { SafetyClassifier, SafetyResult } from '../toxicity/safety-classifier';
import { hashedFeatures, type SparseFeatures } from './hashed-features';
import { type LinearModel, loadLinearModel, margin, sigmoid } from './linear-model';

/**
 * Implicit hate and biased generalisation about a group in Chinese ("河南人都爱骗人"): logistic
 * regression over hashed character 1–3-grams (no word segmentation needed) plus a few dense cues
 * that carry over from one group to the next: a group is named, the sentence generalises ("都",
 * "天生", "没一个"), judges ("懒", "骗子", "素质差") or excludes ("就该", "不配", "赶走"), and the
 * products of those with the group flag. USE-lite is English, so this is the learned path for
 * Chinese text (issue #19); it costs well under a millisecond, no embedding.
 */

export const HATE_ZH_MODEL_URL = new URL('./models/hate-zh-char-lr.json', import.meta.url);
export const HATE_ZH_FEATURE_OPTIONS = { buckets: 1 << 14, minN: 1, maxN: 3 };

const GENERALISE = /都|全都|全是|没一个|没有一个|个个|天生|就是|肯定|总是|一律|从来|永远|本来就|注定|所有/g;
const JUDGE =
  /懒|脏|臭|骗|蠢|笨|傻|坏|恶心|变态|虚伪|低|差|极端|负担|拖累|没文化|没素质|素质|小气|野蛮|危险|可怕|暴力|有病|有问题|毛病|没出息|靠不住|不行|没用|垃圾|害人|守财奴|不干净|不讲卫生|土/g;
const EXCLUDE =
  /就该|应该|不该|不配|赶走|赶出|滚|隔离|别让|不要让|不能让|不准|禁止|离.{0,3}远点|别出来|活该|治疗/g;

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

export function hateZhFeatures(
  text: string,
  base: SafetyResult,
): { sparse: SparseFeatures; dense: number[] } {
  const norm = normalizeWithMap(text);
  const sparse = hashedFeatures([{ name: 'plain', ...norm }], HATE_ZH_FEATURE_OPTIONS);
  const group = findGroupMentions(norm.text).length > 0 ? 1 : 0;
  const g = count(GENERALISE, norm.text);
  const j = count(JUDGE, norm.text);
  const x = count(EXCLUDE, norm.text);
  return {
    sparse,
    dense: [group, g, j, x, group * g, group * j, group * x, g * j, base.scores.hate, base.scores.toxicity],
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
  const p = hateZhProbability(model, hateZhFeatures(text, base));
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
        return score > r.scores.hate
          ? { ...r, scores: { ...r.scores, hate: score }, spans: [...r.spans, ...groupSpans(text)] }
          : r;
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
