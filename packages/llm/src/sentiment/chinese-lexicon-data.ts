/**
 * A small Chinese sentiment lexicon written for this project from general knowledge of the language
 * (no list or data set was copied): closed lists of the polarity words and set phrases customers use
 * about shops, delivery, service, apps, banks and travel, with the modifiers that change them.
 *
 * Values are in "one plain word" units: 1 is an ordinary polar word (满意, 失望), 1.5 a strong or
 * explicit verdict (好评, 垃圾), below 1 a mild or context-dependent one (便宜, 贵). Entries with value 0
 * are there to BLOCK a shorter polar match inside a neutral word (信用卡 is not 卡 "laggy", 快递 is not
 * 快 "fast", 差不多 is not 差 "bad") or to mark lukewarm verdicts (一般般, 还行) that should pull a
 * score towards neutral. Matching is longest-first, so a phrase always wins over its parts.
 */
export const POSITIVE_WORDS: Readonly<Record<string, number>> = {
  // --- positive: verdicts and praise
  好: 1,
  不错: 1,
  满意: 1.2,
  喜欢: 1.2,
  爱了: 1.3,
  爱: 0.8,
  可爱: 0.8,
  棒: 1.3,
  赞: 1.2,
  点赞: 1.3,
  超赞: 1.5,
  优秀: 1.3,
  出色: 1.3,
  一流: 1.3,
  完美: 1.5,
  满分: 1.5,
  好评: 1.5,
  五星: 1.2,
  推荐: 1,
  回购: 1.2,
  惊喜: 1.2,
  开心: 1.2,
  高兴: 1.2,
  愉快: 1.2,
  满足: 0.8,
  感谢: 1,
  谢谢: 0.8,
  辛苦了: 0.8,
  绝了: 1.3,
  绝佳: 1.5,
  牛: 1,
  厉害: 1,
  给力: 1.3,
  靠谱: 1.2,
  值得: 1,
  值: 0.7,
  超值: 1.5,
  物超所值: 1.5,
  物美价廉: 1.5,
  性价比高: 1.3,
  实惠: 1,
  划算: 1.2,
  便宜: 0.5,
  放心: 1,
  安心: 1,
  省心: 1,
  舒心: 1,
  信赖: 1,
  爽: 0.8,
  // --- positive: qualities of goods, places and service
  好用: 1.2,
  好看: 1,
  好吃: 1.2,
  美味: 1.2,
  可口: 1.2,
  正宗: 1,
  地道: 1,
  新鲜: 1,
  香: 0.7,
  甜: 0.6,
  漂亮: 1,
  精致: 1,
  精美: 1,
  优美: 1.2,
  优质: 1.2,
  正品: 0.8,
  结实: 1,
  耐用: 1,
  完好: 0.8,
  合身: 0.8,
  显瘦: 0.8,
  清爽: 1,
  顺手: 1,
  流畅: 1,
  稳定: 0.8,
  清晰: 0.8,
  清楚: 0.6,
  安全: 0.7,
  干净: 1,
  整洁: 1,
  舒服: 1,
  舒适: 1,
  宽敞: 1,
  安静: 0.8,
  温馨: 1,
  丰富: 0.8,
  方便: 1,
  便捷: 1,
  快捷: 1,
  快: 0.7,
  迅速: 1,
  秒到: 1,
  麻利: 1,
  及时: 1,
  准时: 1,
  准点: 1,
  准: 0.6,
  高效: 1,
  顺利: 1,
  到位: 1,
  合理: 0.6,
  热情: 1.2,
  热心: 1.2,
  热乎: 0.8,
  周到: 1.2,
  耐心: 1.2,
  细心: 1,
  贴心: 1.2,
  用心: 1,
  认真: 1,
  负责: 0.8,
  专业: 1,
  友好: 1,
  客气: 0.8,
  礼貌: 0.8,
  主动: 0.6,
  良好: 1,
  好处: 0.5,
  哈哈: 0.5,
  // --- positive set phrases built from negated words (matched whole, before the negator rule)
  没问题: 0.6,
  没有问题: 0.6,
  没有任何问题: 1,
  没毛病: 1,
  挑不出: 1,
  解决: 0.7,
};

/** Complaints, faults and rhetorical complaint phrases (magnitudes; the scorer makes them negative). */
export const NEGATIVE_WORDS: Readonly<Record<string, number>> = {
  // --- negative: verdicts and complaints
  差: 1.2,
  差劲: 1.5,
  差评: 1.5,
  失望: 1.5,
  垃圾: 1.5,
  烂: 1.2,
  坑: 1.2,
  坑人: 1.5,
  骗: 1.5,
  欺骗: 1.5,
  忽悠: 1.3,
  假货: 1.5,
  假的: 1.2,
  后悔: 1.3,
  生气: 1.2,
  气死: 1.5,
  郁闷: 1,
  无语: 1.2,
  醉了: 1,
  心累: 1,
  闹心: 1.2,
  崩溃: 1.3,
  烦: 1,
  受不了: 1.5,
  恶心: 1.5,
  恶劣: 1.5,
  糟糕: 1.5,
  糟: 1,
  投诉: 1,
  不行: 1.2,
  不值: 1.2,
  不满: 1.2,
  不满意: 1.2,
  差距: 0.5,
  呵呵: 0.5,
  唉: 0.7,
  吐槽: 0.7,
  要死: 1,
  死人: 1,
  // --- negative: faults of goods, places, apps and service
  坏: 1,
  破: 0.7,
  破损: 1,
  漏: 0.8,
  洒: 0.8,
  旧: 0.6,
  脏: 1.2,
  乱: 0.8,
  乱收费: 1.5,
  吵: 1,
  噪音: 1,
  挤: 0.8,
  臭: 1.2,
  霉: 1,
  异味: 1.2,
  烟味: 0.8,
  蚊子: 0.8,
  蟑螂: 1.5,
  难吃: 1.5,
  难用: 1.5,
  难看: 1.2,
  难受: 1.2,
  难: 0.5,
  贵: 0.7,
  昂贵: 1,
  慢: 1,
  卡: 0.7,
  卡顿: 1,
  闪退: 1.3,
  打不开: 1.2,
  连不上: 1.2,
  登不上: 1.2,
  登录不上: 1.2,
  用不了: 1.5,
  不能用: 1.5,
  没法用: 1.5,
  没法住: 1.5,
  没法: 0.7,
  延误: 1,
  晚点: 1,
  迟到: 1,
  超时: 0.7,
  色差: 1,
  起球: 1,
  掉色: 1,
  缩水: 1,
  发热: 0.6,
  耗电: 0.7,
  广告: 0.5,
  过期: 1.2,
  拉肚子: 1.5,
  疼: 1,
  痛: 0.8,
  冷: 0.3,
  冷淡: 1,
  冷漠: 1.2,
  冷冰冰: 1.2,
  敷衍: 1.3,
  推卸: 1.2,
  推诿: 1.2,
  推销: 0.5,
  不耐烦: 1.3,
  爱答不理: 1.3,
  绕路: 1.2,
  折腾: 1,
  麻烦: 0.7,
  多扣: 1,
  扣费: 0.5,
  拒绝: 0.8,
  效率低: 1,
  莫名其妙: 1,
  莫名: 0.8,
  老是: 0.3,
  等了: 0.6,
  到底: 0.5,
  有问题: 0.7,
  问题: 0.3,
  毛病: 0.7,
  没人: 1,
  没解决: 1,
  解决不了: 1.5,
  不处理: 1,
  没处理: 1,
  不回复: 1,
  没回复: 1,
  没反应: 1,
  没收到: 1,
  没退: 1,
  不给: 0.7,
  一般: 0.3,
  // --- rhetorical and warning phrases: the words are neutral, the speech act is a complaint
  难道: 1,
  还不如: 1.5,
  还好意思: 1.5,
  凭什么: 1,
  什么破: 1.5,
  就这: 1,
  这也叫: 1.5,
  这叫什么: 1.5,
  说好的: 1,
  别买: 1.5,
  不要买: 1.5,
  千万别: 1.5,
  越来越差: 1.5,
  越改越差: 1.5,
};

/** Neutral words that contain a polar one; value 0 so the longer match wins and counts nothing. */
export const BLOCKED_WORDS: readonly string[] = [
  '快递',
  '快点',
  '尽快',
  '赶快',
  '信用卡',
  '银行卡',
  '会员卡',
  '卡片',
  '卡号',
  '刷卡',
  '差不多',
  '出差',
  '相差',
  '差价',
  '差点',
  // "almost": 差一点就买了 is about a purchase nearly made, not about anything bad.
  '差一点',
  '差点儿',
  '差一点儿',
  '价值',
  '值班',
  '充值',
  '好多',
  '好几',
  '好像',
  '只好',
  '好友',
  '爱好',
  '好奇',
  '好不好',
  '不好意思',
  '好的',
  '正好',
  '刚好',
  '贵宾',
  '宝贵',
  '慢慢',
  '灿烂',
  '突破',
  '不知道',
  '不一定',
  '有没有',
  '无理由',
  '麻烦你',
  '麻烦帮',
  '请问',
  '占便宜',
  '不得不说',
  '难道说',
];

/**
 * Lukewarm verdicts: matched as words with value 0 (or nearly), so "一般般" or "还行吧" count as the
 * lexicon having an opinion, and it is "neither".
 */
export const LUKEWARM_WORDS: Readonly<Record<string, number>> = {
  一般般: 0,
  还行: 0.2,
  还可以: 0.3,
  尚可: 0.2,
  凑合: 0,
  中规中矩: 0,
  马马虎虎: 0,
  普普通通: 0,
  普通: 0,
  不好不坏: 0,
  正常: 0,
  没什么特别: 0,
  没什么感觉: 0,
  还好: 0.3,
};

/**
 * Negators. `flip` is how a negated word's value is scaled: a negated positive becomes a weaker
 * negative (不满意 is a complaint, but softer than 差), a negated complaint a still weaker positive
 * (不难吃 is not praise). "Soft" negators (不太, 不怎么) hedge and scale less. These factors follow
 * VADER's negation scalar (about -0.74) in spirit; they were not fitted on any data.
 */
export interface Negator {
  /** Scale of a negated positive word (negative result). */
  positive: number;
  /** Scale of a negated negative word (positive result). */
  negative: number;
  /** Value when nothing polar follows in the clause ("再也不会来了"); 0 for most. */
  alone: number;
  /**
   * 'clause': the negator scopes over every polar word to the end of its clause, not only the next
   * few characters. 不如 ("inferior to") is a comparison, and the quality compared comes last:
   * 不如预期的好 is "not as good as expected".
   */
  reach?: 'clause';
}

const STRONG: Negator = { positive: -0.75, negative: -0.5, alone: 0 };
const SOFT: Negator = { positive: -0.5, negative: -0.25, alone: 0 };
const NEVER_AGAIN: Negator = { positive: -0.75, negative: -0.5, alone: -1.5 };
/** 不如: a comparison that is itself a mild complaint when no quality is named (效果不如以前). */
const INFERIOR_TO: Negator = { positive: -0.75, negative: -0.5, alone: -1, reach: 'clause' };

export const NEGATORS: Readonly<Record<string, Negator>> = {
  不: STRONG,
  没: STRONG,
  没有: STRONG,
  别: STRONG,
  无: STRONG,
  未: STRONG,
  非: STRONG,
  并不: STRONG,
  从不: STRONG,
  从来不: STRONG,
  从来没: STRONG,
  毫不: STRONG,
  一点都不: STRONG,
  一点也不: STRONG,
  一点都没: STRONG,
  完全不: STRONG,
  根本不: STRONG,
  根本没: STRONG,
  不太: SOFT,
  不怎么: SOFT,
  不是很: SOFT,
  不够: SOFT,
  不大: SOFT,
  再也不: NEVER_AGAIN,
  再也不会: NEVER_AGAIN,
  不会再: NEVER_AGAIN,
  不如: INFERIOR_TO,
};

/**
 * Standards of comparison. After a negator (没有想象中好, 没有我想象的好, 不像宣传的那么好用) the quality
 * compared comes at the end of the clause, past the negator's usual reach, so meeting one of these
 * within that reach stretches the negator's scope to the end of the clause. Without one, 没 keeps its
 * short reach (没用几天就坏了: 坏 is not negated).
 */
export const COMPARISON_STANDARDS: readonly string[] = [
  '想象',
  '想像',
  '预期',
  '期望',
  '预想',
  '宣传',
  '描述',
  '介绍',
  '图片',
  '广告',
  '说的',
  '以前',
  '之前',
  '上次',
  '原来',
  '别家',
  '实体店',
];

/**
 * Yes/no questions (a clause ending in 吗/呢 or a question mark) ask about a quality rather than
 * assert it: 质量好吗 is not praise. These markers make a question rhetorical (a complaint or an
 * exclamation in question form), so its words keep their values: 难道不好吗, 怎么这么慢？, 到底发没发货？
 */
export const RHETORICAL_QUESTION_MARKERS: readonly string[] = [
  '难道',
  '还好意思',
  '凭什么',
  '什么破',
  '就这',
  '这也叫',
  '这叫什么',
  '说好的',
  '到底',
  '怎么这么',
  '怎么那么',
  '怎么还',
  '为什么这么',
  '为什么那么',
  '为什么还',
  '咋这么',
  '咋那么',
  '有没有搞错',
];

/**
 * A long wait is a complaint even with no polar word: 等了一个月才到, 三天才发货, 排队排了两个小时. In
 * Chinese 才 after a time span means "not until" (late) and 就 means "already" (quick), so a span + 才,
 * or a wait (排了, 等待了; 等了 is a complaint word of its own) of a span not followed by 就, counts as
 * one complaint of this value.
 */
export const LONG_WAIT_VALUE = 1;
const TIME_SPAN =
  '(?:[0-9０-９]+|[一二两三四五六七八九十几半百]+)\\s*个?多?(?:分钟|小时|钟头|天|日|周|星期|礼拜|月|年)多?';
export const LONG_WAIT_PATTERNS: readonly RegExp[] = [
  new RegExp(`${TIME_SPAN}(?:之?后|以后)?才`, 'u'),
  new RegExp(`(?:等待|(?<![安编彩])排队?)了?(?:整整|足足|快|将近|近)?${TIME_SPAN}(?!就)`, 'u'),
];

/** Degree adverbs: multiply the next polar word's value (很差 > 差 > 有点差). */
export const DEGREE_WORDS: Readonly<Record<string, number>> = {
  很: 1.3,
  真: 1.3,
  真的: 1.3,
  挺: 1.1,
  蛮: 1.1,
  非常: 1.5,
  太: 1.5,
  特别: 1.5,
  超: 1.5,
  超级: 1.6,
  十分: 1.5,
  相当: 1.4,
  格外: 1.4,
  实在: 1.4,
  极: 1.7,
  极其: 1.7,
  最: 1.6,
  巨: 1.5,
  贼: 1.4,
  强烈: 1.4,
  更: 1.2,
  越来越: 1.3,
  完全: 1.3,
  比较: 0.9,
  有点: 0.7,
  有些: 0.7,
  稍微: 0.6,
  略: 0.6,
};

/**
 * "好" before a polar word is a degree adverb (好慢 "so slow", 好贴心 "so thoughtful"), not praise;
 * these are the polar words it can also modify as an adverb.
 */
export const ADVERB_WHEN_BEFORE_POLAR: Readonly<Record<string, number>> = { 好: 1.3 };

/**
 * Positive and negative emoji, read as one polar word each. 🙂 is often ironic in Chinese chat, so it
 * counts weakly: alone it tips the lexicon but not past the neutral band once averaged with the NB.
 * An emoji is the writer's reaction, never the predicate of a negator (再也不会来了👎).
 */
export const EMOJI: Readonly<Record<string, number>> = {
  '👍': 1.2,
  '😀': 1,
  '😃': 1,
  '😆': 1,
  '🙂': 0.4,
  '🙁': -1,
  '☹': -1,
  '😊': 1.2,
  '😍': 1.2,
  '❤': 1.2,
  '🥰': 1.2,
  '👏': 1.2,
  '💯': 1.2,
  '🎉': 1,
  '😄': 1,
  '😁': 1,
  '🙏': 0.8,
  '🌟': 1,
  '✨': 0.8,
  '🤩': 1.2,
  '💪': 0.8,
  '👎': -1.2,
  '😡': -1.2,
  '😠': -1.2,
  '😭': -1,
  '😤': -1,
  '💩': -1.5,
  '🙄': -1,
  '😞': -1,
  '😢': -1,
  '😒': -1,
  '🤮': -1.5,
  '😩': -1,
  '😫': -1,
  '💔': -1,
};

/**
 * Contrastive conjunctions: the clause after them carries the speaker's point (质量好但是物流慢 is a
 * complaint about delivery). `keep` leaves the marker in the later clause when it is itself polar
 * (可惜 "pity" is negative). 就是 only counts after a comma, since 这就是 means "this is".
 */
export const CONTRAST_MARKERS: readonly { marker: string; keep: boolean }[] = [
  { marker: '但是', keep: false },
  { marker: '可是', keep: false },
  { marker: '不过', keep: false },
  { marker: '然而', keep: false },
  { marker: '只是', keep: false },
  { marker: '可惜', keep: true },
  { marker: '但', keep: false },
  { marker: '却', keep: false },
];

/** Commas and the like after which 就是 starts a contrastive clause (好是好，就是太贵了). */
export const CONTRAST_AFTER_COMMA = '就是';
