/**
 * What kind of fact a question asks for (its "slot"), and where a sentence states one. The
 * extractive answerer uses this to mark the asked fact in its answer (`highlights`) and to prefer,
 * among sentences that match the question equally well, one that holds such a fact at all.
 * Patterns, not a model: they cover the question words customers use, in English and Chinese.
 */
import { foldHan, lexicalTerms, writtenChinese } from '@grounded/text';
import { withoutAccents } from './answerability';
import { chineseGapSpan } from './chinese-gap';
import { bestGapSpan, type GapOptions, gapSpan } from './gap-span';
import { polarityPhrase } from './polarity-phrase';

export type AnswerSlot =
  | 'duration'
  | 'frequency'
  | 'amount'
  | 'percent'
  | 'count'
  | 'date'
  | 'person'
  | 'place'
  | 'contact'
  | 'yesno';

const NUMBER_WORD =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|a few|several';
const NUMBER = `(?:\\d[\\d,]*(?:\\.\\d+)?|${NUMBER_WORD})`;
const ZH_NUMBER = '[\\d零一二两三四五六七八九十百千万半]+';
const TIME_UNIT =
  '(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|business days?|working days?|weeks?|months?|years?|yrs?)';
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?';

/**
 * A clock time, never a piece of a longer one: a transcript's "00:12:45" holds no "12:45". A
 * one-digit hour ("9:30") is a time only with a cue (at, from, until, before, by, after, 上午, …,
 * 点) or as the start of a range ("9:00-17:00"): bare, it is as often a ratio ("mix 1:10") or a
 * verse or version ("3:16", "2:05").
 */
// "24:00" closes a day ("00:00–24:00"); it is no start time (review).
const CLOCK_RANGE = '(?:\\s*(?:-|–|to|until|至|到)\\s*(?:(?:[01]?\\d|2[0-3]):[0-5]\\d|24:00))';
const CLOCK_CUE =
  '(?:\\b(?:at|from|until|till|before|by|after)\\s+|(?:上午|下午|早上|晚上|凌晨|中午|于|在|从)\\s*)';
const CLOCK_TIME = new RegExp(
  [
    `(?<![\\p{Script=Latin}\\p{N}_:.])(?:[01]\\d|2[0-3]):[0-5]\\d${CLOCK_RANGE}?`,
    `(?<=${CLOCK_CUE})\\d:[0-5]\\d${CLOCK_RANGE}?`,
    `(?<![\\p{Script=Latin}\\p{N}_:.])\\d:[0-5]\\d(?:${CLOCK_RANGE}|(?=\\s*点))`,
  ]
    .map((alternative) => `(?:${alternative})(?![:\\d])`)
    .join('|'),
  'giu',
);

// ISO codes that documents write before or after an amount ("NOK 40,000", "429 EUR"): probe3's
// Norwegian policy stated every limit so, and none was read as money. Upper case only, as written.
const CURRENCY_CODE =
  '(?:USD|EUR|GBP|RMB|CNY|NOK|SEK|DKK|ISK|CHF|PLN|CZK|HUF|JPY|INR|AUD|CAD|NZD|SGD|HKD|ZAR|BRL|MXN)';
// An amount with an ISO code, matched case-sensitively and only after the amounts with a symbol or
// a currency word: "cad 2024" is a product, and in "The CAD 101 course costs 300 dollars." the
// course is no price (probe3 review).
const CODE_AMOUNTS = [
  new RegExp(`\\b${CURRENCY_CODE}\\s?\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?(?:\\s?(?:k|m|million|billion))?`, 'gu'),
  new RegExp(`\\b\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?\\s?${CURRENCY_CODE}\\b`, 'gu'),
];

// The word after a code amount, when it is a noun the amount names ("CAD 101 course"), not a
// word that goes on the sentence ("EUR 20 and…", "NOK 5,000 is due", "GBP 450 per night").
const NAMES_A_THING =
  /^[ \t]+(?!(?:and|or|but|plus|minus|per|a|an|each|every|is|are|was|were|be|been|will|would|must|may|can|for|to|in|on|at|by|if|until|unless|when|which|that|with|without|from|of|the|including|excluding|incl|excl|net|gross|total|only|monthly|yearly|annually|weekly|daily|upfront|extra|more|less|off|back|max|min|maximum|minimum|deposit|fee|fees)\b)[a-z]{3,}\b/u;

/** Where a sentence states each kind of fact; the first pattern that matches wins for a span. */
const SLOT_PATTERNS: Record<Exclude<AnswerSlot, 'yesno'>, RegExp[]> = {
  // "every four years", "twice a month", "3 times per week", "daily", "每周一次", "每隔两周".
  frequency: [
    new RegExp(
      `\\bevery\\s+(?:other\\s+|single\\s+)?(?:${NUMBER}\\s+)?(?:${TIME_UNIT}|quarters?|night|morning|evening|weekday|weekend|${WEEKDAY})\\b`,
      'giu',
    ),
    new RegExp(
      `\\b(?:once|twice|thrice|${NUMBER}\\s+times)\\s+(?:a|an|per|each|every)\\s+(?:${TIME_UNIT}|quarter|night)\\b`,
      'giu',
    ),
    new RegExp(`\\beach\\s+(?:${TIME_UNIT}|quarter|night|${WEEKDAY})\\b`, 'giu'),
    /\b(?:hourly|daily|nightly|weekly|bi-?weekly|fortnightly|monthly|bi-?monthly|quarterly|annually|yearly|semi-?annually)\b/giu,
    new RegExp(
      `每隔?(?:${ZH_NUMBER})?\\s*(?:个)?(?:秒|分钟|小时|工作日|天|日|周|星期|个月|月|季度|年)(?:${ZH_NUMBER}次)?`,
      'gu',
    ),
  ],
  duration: [
    new RegExp(`\\b(?:${NUMBER}(?:\\s*(?:-|to|–)\\s*${NUMBER})?|an?)[\\s-]+${TIME_UNIT}\\b`, 'giu'),
    new RegExp(`${ZH_NUMBER}\\s*(?:个)?(?:秒|分钟|小时|工作日|天|日|周|星期|个月|月|年)`, 'gu'),
    /\b(?:overnight|same[- ]day|next[- ]day|immediately|instantly)\b/giu,
  ],
  amount: [
    /[$€£¥]\s?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?(?:k|m|million|billion))?/giu,
    /\b\d(?:[\d,]*\d)?(?:\.\d+)?\s?(?:dollars?|euros?|pounds?|cents?|yuan|kroner|kronor|kronur|francs?)\b/giu,
    ...CODE_AMOUNTS,
    /\d(?:[\d,]*\d)?(?:\.\d+)?\s?(?:元|块|美元|欧元)/gu,
    /\b(?:free(?:[\s-]of[\s-]charge)?|no (?:extra |additional )?(?:charge|cost))\b|免费/giu,
  ],
  percent: [
    /\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)|(?<![\d零一二两三四五六七八九十百千万])[百千万]分之[\d零一二两三四五六七八九十]+(?:[点.][\d零一二两三四五六七八九十]+)?/giu,
  ],
  count: [
    // A measure keeps its unit: "2 TB", "1.5 kg", "100 Mbps".
    /\b\d[\d,]*(?:\.\d+)?\s?(?:[KMGTP]i?B|kg|g|lbs?|oz|km|mi|miles?|m|cm|mm|litres?|liters?|ml|kWh|kW|W|[KMG]bps)\b/gu,
    // Never ending or starting inside a figure: "0.65%" holds no count "0", "2.5 days" no "2", "2.0.1"
    // no "0.1", "12.03.2024" no "03.2024" (bound-and-decimal round and its review).
    new RegExp(`(?<!\\d[.,])\\b${NUMBER}(?![.,]?\\d)\\b(?!\\s*(?:%|${TIME_UNIT}\\b))`, 'giu'),
    new RegExp(`${ZH_NUMBER}(?:个|名|位|次|台|件|人|家)`, 'gu'),
  ],
  date: [
    // A year with its era first, so "since 7500" does not take the span: "22,000 years ago", "9000 BP".
    /(?<![\d,.])\d{1,3}(?:,\d{3})+\s*(?:AD|BC|BCE|CE|BP|yrs? ago|years ago)\b|(?<![\d,.])\d{3,5}\s*(?:AD|BC|BCE|CE|BP|yrs? ago|years ago)\b/gu,
    new RegExp(`\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'giu'),
    new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\.?(?:,?\\s+\\d{4})?\\b`, 'giu'),
    /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/gu,
    new RegExp(
      `\\b(?:${MONTH}\\s+\\d{4}|(?:in|since|by|until|before|after|from)\\s+\\d{4}(?:\\s+(?:AD|BC|BCE|CE|BP))?|${WEEKDAY}|\\d{1,2}(?::\\d{2})?\\s?(?:am|pm)|noon|midnight)\\b`,
      'giu',
    ),
    // The 24-hour clock of European and Chinese notices ("from 22:00 on Saturday", "before 17:00"),
    // and a time counted from an event ("Points expire 18 months after they are earned"): both
    // answer "when" and "by what time" as a date does.
    CLOCK_TIME,
    new RegExp(`\\b${NUMBER}[\\s-]+${TIME_UNIT}(?=\\s+(?:after|before|from|prior to|following)\\b)`, 'giu'),
    // A recurring day of the month ("每月15日和30日", "次月10号") is a date as much as "3月1日".
    /\d{4}年(?:\d{1,2}月)?(?:\d{1,2}[日号])?|\d{1,2}月\d{1,2}[日号]|(?:每|次|下|本|当)月\d{1,2}[日号](?:[和、及或至到-]\d{1,2}[日号])*|(?:周|星期)[一二三四五六日天]/gu,
    // Centuries and bare years ("the 10th and 11th centuries", "in the 1050s", "founded 911").
    // Centuries and years keep their era ("the 1st century BC", "11–13th century AD", "9000 BP").
    /\b\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:[–-]|and|or|to)\s*\d{1,2}(?:st|nd|rd|th))?\s+centur(?:y|ies)(?:\s+(?:AD|BC|BCE|CE))?\b/giu,
    /\b(?:1\d{3}|20\d{2}|\d{3,4}s)\b(?:\s+(?:AD|BC|BCE|CE|BP)\b)?/gu,
  ],
  person: [
    /\b(?:(?:Mr|Mrs|Ms|Dr|Prof|Justice|Judge)\.?\s+)?\p{Lu}\p{Ll}+(?:\s+(?:(?:of|de|da|von|van|du|le)\s+)?(?:\p{Lu}\.\s*)?\p{Lu}\p{Ll}+){1,3}\b/gu,
    // Names as transcripts and forms write them: "CHARLES M. SEVILLA".
    /\b\p{Lu}{2,}(?:\s+\p{Lu}\.)?(?:\s+\p{Lu}{2,})+\b/gu,
    /\b(?:the\s+)?(?:[a-z]+\s+)?(?:team|department|desk|manager|administrator|officer|agent|representative|supervisor|counsel)\b/giu,
    // A single name inside a sentence ("…under their leader Rollo"); a sentence's first word is
    // capitalised anyway, so it does not count. Nor does a step of a menu path ("from Settings >
    // Billing"), which names a screen, not a person (eighth round of #15).
    /(?<=[\p{Ll},;]\s)\p{Lu}\p{Ll}{2,}\b(?!\s*[>›→/])/gu,
  ],
  // How to reach someone: an address, a number, a link, a channel or the desk that answers.
  contact: [
    /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu,
    /\b(?:https?:\/\/|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]/giu,
    // A phone number: digits in groups, seven or more in all, written or named as one (isContactPoint).
    /(?<![\w.,/:-])(?:\+\s?\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w/:-]|[.,]\d)/gu,
    /\b(?:extension|ext\.?)\s*\d{2,6}\b|分机(?:号)?\s*\d{2,6}/giu,
    /\bby\s+(?:live\s+)?(?:phone|telephone|e-?mail|chat|post|letter|fax)(?:\s*(?:,|and|or)\s*(?:live\s+)?(?:phone|telephone|e-?mail|chat|post|letter|fax))*\b/giu,
    // The desk that answers: a team named by its function ("the IT service desk", "the security
    // team"), never any team ("the average team size").
    /\b(?:the\s+|your\s+|our\s+)?(?:(?:IT|HR|customer|support|finance|billing|security|sales|payroll|legal|privacy|accounts|technical|tech|help|service)\s+){1,2}(?:service\s+desk|desk|team|department|office|centre|center|line)\b|\b(?:help\s?desk|service\s+desk|hotline|helpline|customer\s+(?:service|care|support))\b|\b(?:your|the)\s+(?:line\s+)?manager\b/giu,
  ],
  place: [
    /\b(?:in|at|on|from|to|via)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\b/gu,
    /\b(?:in|at|on|from|via)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:page|portal|app|settings|menu|tab|office|website|store|branch|dashboard)\b/giu,
  ],
};

// The nouns of an asked contact point ("the support e-mail", "the helpdesk number"), ending the
// noun phrase: "your e-mail policy" asks for a policy, "the number of staff" for a count.
const CONTACT_NOUN =
  '(?:e-?mail(?:\\s+address)?|(?:tele)?phone(?:\\s+number)?|(?:help\\s?desk|desk|support|hotline|helpline|emergency|office|service|contact|fax)\\s+number|contact(?:\\s+(?:details|info(?:rmation)?|address))?|hotline|helpline|extension|fax)s?';
const CONTACT_QUESTION = new RegExp(
  [
    '\\bwho\\s+(?:do|should|can|shall|would|must)\\s+(?:i|we)\\s+(?:contact|e-?mail|call|phone|ring|write\\s+to|message|text|reach|notify|inform|tell|report\\s+(?:it\\s+|this\\s+|that\\s+)?to|send\\s+(?:it\\s+|this\\s+|that\\s+)?to|speak\\s+(?:to|with)|talk\\s+(?:to|with))\\b',
    '\\bhow\\s+(?:do|can|should|would)\\s+(?:i|we)\\s+(?:contact|get\\s+in\\s+touch|get\\s+hold\\s+of)\\b',
    // "How do I reach the summit / call the API?" asks no contact: the object must be a desk.
    '\\bhow\\s+(?:do|can|should|would)\\s+(?:i|we)\\s+(?:reach|call|phone|ring|e-?mail)\\s+(?:you\\b|(?:your\\s+|the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,2}?(?:support|help\\s?desk|service\\s+desk|desk|team|office|hotline|helpline|customer\\s+(?:service|care|support)|someone|somebody|anyone|agent|staff|department|manager|hr|security|billing|sales)(?=\\s*(?:$|[?.!,]|(?:by|on|at|for|about|if|when|from|in|after|before|outside|during|to)\\b)))',
    '\\bwhere\\s+(?:do|should|can|must)\\s+(?:i|we)\\s+(?:report|send|e-?mail|write|complain)\\b',
    `\\bwhat(?:\\s+is|\\s+are|['’]s)?\\s+(?:the\\s+|your\\s+|their\\s+|its\\s+)?(?:(?!(?:on|of|for|about|with|in|to|by|at|from|and|or)\\b)[\\w-]+\\s+){0,3}${CONTACT_NOUN}(?=\\s+(?:for|to|at|in|on|if|when|i|we)\\b|\\s*[?.!,]|\\s*$)`,
    '\\b(?:which|what)\\s+(?:e-?mail(?:\\s+address)?|(?:tele)?(?:phone\\s+)?number|address|extension)\\s+(?:do|should|can|shall|must)\\s+(?:i|we)\\b',
    // Not when the question asks something else of the contact point ("客服电话的营业时间是几点",
    // "电话号码需要几位数", "哪个邮箱容量最大").
    '^(?!.*(?:几点|时间|几位|位数|容量|多久|几天|几个|什么时候|营业|多大|最大|免费)).*(?:联系方式|联系电话|客服电话|电话号码|电话是多少|电话多少|什么电话|哪个电话|打哪个|邮箱地址|邮箱是|邮件地址|热线(?:电话)?(?:是|多少)|联系谁|找谁|怎么联系|如何联系|联系哪)',
  ].join('|'),
  'iu',
);

/** Question patterns in the order they are tried: the most specific first. */
const QUESTION_SLOTS: [RegExp, AnswerSlot][] = [
  [CONTACT_QUESTION, 'contact'],
  [
    /\bhow (?:often|frequently)\b|\bhow many times (?:a|an|per|each)\b|\bat what (?:frequency|interval)\b|多久一次|多长时间一次|频率|多频繁|隔多久/iu,
    'frequency',
  ],
  // Time off asked "how much leave / how many holidays do I get" is a duration (probe3), but only
  // when the time-off noun ends the asked phrase ("how much holiday pay" asks for money, "how many
  // holiday homes" for a count) and "how many holidays" asks what someone gets ("how many holidays
  // are there in 2025" counts them; probe3 review).
  [
    /\bhow long\b|\bhow much time\b|\bhow much (?:[a-z-]+ )?(?:holiday|vacation|leave|pto|time off)\b(?=\s*[?.!]?\s*$|\s+(?:do|does|did|can|could|will|would|should|may|am|is|are|have|has|per|a|each|in|for|left|remaining)\b)|\bhow many (?:[a-z-]+ )?(?:holidays|vacations|days? off)\b(?=\s+(?:do|does|did|can|could|will|would|should|may)\s+(?:i|we|you|they|employees|staff)\b|\s+(?:am|are) (?:i|we|you|they) entitled\b)|\bhow (?:far (?:ahead|in advance)|soon|quickly|fast)\b|\bhow much (?:advance |prior |written )?notice\b|\bhow many (?:[a-z-]+ )?(?:minutes|hours|days|business days|working days|weeks|months|years)\b|多久|多长时间|几天|几个月|几年|期限/iu,
    'duration',
  ],
  // "How much storage…" asks for a measure, not a price.
  [
    /\bhow much (?:storage|space|disk|data|memory|ram|bandwidth|traffic|capacity|quota|weight|luggage|baggage|power|energy)\b|\bhow (?:big|large|heavy)\b|\bwhat(?:'s| is| are)? the (?:largest|biggest|maximum|max|smallest|minimum|min|heaviest|longest|shortest)\s+(?:single\s+|allowed\s+|possible\s+)?(?:file|upload|attachment|size|file size|storage|capacity|quota|weight|length|amount|download)s?\b/iu,
    'count',
  ],
  [/\bwhat percent(?:age)?\b|\bhow many percent\b|百分之几|比例|百分比/iu, 'percent'],
  [
    // "押金要交多少", "要赔多少", "多少手续费" ask how much is paid, not a count ("扣多少积分", "收多少名
    // 学生" count; Chinese highlight round (H2) and its review).
    // "What is the cancellation fee?", "What is the Team plan price?": the money noun may end a
    // longer noun phrase (price-noun round of #15; "2 TB" was bolded for the Team plan's price).
    /\bhow much\b|\bwhat (?:is|are) the (?:price|cost|fee|charge|rate)s?\b|\bwhat (?:is|are) (?:the|your|our) (?:[\p{L}-]+ ){1,4}(?:price|cost|fee|charge)s?\b|\bhow expensive\b|\bwhat does .* cost\b|多少钱|价格|费用|收费|(?:交|付|扣|赔|罚|收|退)多少(?=\s*(?:钱|块|元|[？?。，,！!]|$))|多少(?:手续费|押金|违约金|罚款|租金|年费|月费|运费|服务费|费用?)/iu,
    'amount',
  ],
  [/\bhow many\b|多少|几[个名位次台件人家]/iu, 'count'],
  [
    /\bwhen\b|\bwhat (?:date|day|year|time)\b|\bwhat(?:'s| is| are) the (?:deadlines?|due dates?|cut-?off(?: time| date)?)\b|\bwhat are the (?:[a-z-]+ ){0,3}hours\b|\b(?:opening|office|business) hours\b|\bwhich (?:date|day|year|month)\b|\bby what time\b|什么时候|何时|哪一?年|哪一?天|几点|几号/iu,
    'date',
  ],
  [/\bwho(?:m|se)?\b|\bwhich (?:person|team|department|company|judge|lawyer|attorney)\b|谁|哪位/iu, 'person'],
  [/\bwhere\b|在哪|哪里|哪儿/iu, 'place'],
  [
    /^\s*(?:is|are|am|was|were|can|could|do|does|did|will|would|should|shall|may|might|must|has|have|had)\b|是否|能否|能不能|可不可以|有没有|吗[？?]?\s*$/iu,
    'yesno',
  ],
];

export function questionSlot(question: string): AnswerSlot | null {
  // "What's the price…" asks what "What is the price…" asks: the patterns spell the copula out.
  const spelled = question.replace(/\b(what|who|where|when|how)['’]s\b/giu, '$1 is');
  for (const [pattern, slot] of QUESTION_SLOTS) if (pattern.test(spelled)) return slot;
  return null;
}

export interface SlotSpan {
  start: number;
  end: number;
  text: string;
}

// For a yes/no question the fact is the polarity: the negation, or else the modal or verb that
// the question itself uses ("Can I …?" → "can").
// The 不 that opens a threshold ("不满99元", "不超过3天", "不到18岁") bounds a figure; it does not answer no
// (Chinese highlight round (H5)). Only before a figure: "不满意", "收不到" are no.
// "not only … but also", "whether or not" and 不论, 不管, 不过, 不仅, 不但 ("regardless", "but", "not
// only") say no no (review of the polarity phrase round: widened, they read as a firm answer).
const NEGATION =
  /(?<!\bwhether or )\bnot\b(?!\s+only\b)|\b(?:no|never|cannot|can't|don't|doesn't|isn't|aren't|won't)\b|(?<!\bnot )\bonly\b|不(?!(?:满|超过|足|少于|低于|高于|多于|到)\s*[\d零一二两三四五六七八九十百千万半])(?![论論管过過仅僅但久同少断斷错錯])|没有|无法|禁止/giu;

const hasNegation = (sentence: string) => sentence.search(NEGATION) >= 0;

// Words before a hyphened "free" that say nothing is paid: "cost-free", "toll-free".
const PRICE_BEFORE_FREE =
  /(?:^|[^\p{L}])(?:cost|charge|fee|toll|price|commission|surcharge|rent|penalty)-$/iu;

/**
 * "free" before a noun prices that noun: "a 30-day free trial" says nothing of what the Team plan
 * costs, while "free shipping" answers "How much is shipping?". So an attributive "free" states an
 * amount only when the noun it qualifies is one of the question's words; a predicative one ("ships
 * free", "is free for members") always does. A hyphened one says which thing is not charged:
 * "interest-free" prices no advance unless the question names interest (highlight round (B)).
 */
function pricesSomethingElse(
  sentence: string,
  span: { start: number; end: number; text: string },
  question: string,
) {
  if (!question || !/^free$/iu.test(span.text)) return false;
  const asked = new Set(lexicalTerms(question));
  const before = sentence.slice(0, span.start);
  const thing = /([\p{L}]+)-$/u.exec(before)?.[1];
  if (thing !== undefined && !PRICE_BEFORE_FREE.test(before)) {
    const [term] = lexicalTerms(thing);
    if (term === undefined || !asked.has(term)) return true;
  }
  const next = /^[\s-]+([\p{L}][\p{L}'-]*)/u.exec(sentence.slice(span.end))?.[1];
  if (next === undefined) return false;
  const [term] = lexicalTerms(next);
  return term !== undefined && !asked.has(term);
}

const MONEY_QUESTION =
  /\b(?:save|saves|saving|savings|discounts?|off|fees?|charges?|charged|rates?|interest|tax(?:es)?|commission|surcharge|costs?|prices?|refund(?:s|ed)?|deduct(?:ed|ion)?|penalty|markup|pay|paid)\b|费|价|折扣|利息|税/iu;

/** Every span of `sentence` that states a fact of kind `slot`, in text order, without overlaps. */
export function slotSpans(sentence: string, slot: AnswerSlot, question = ''): SlotSpan[] {
  const patterns = slot === 'yesno' ? [NEGATION, ...yesNoVerb(question)] : SLOT_PATTERNS[slot];
  const spans: SlotSpan[] = [];
  for (const pattern of patterns) {
    for (const match of sentence.matchAll(pattern)) {
      const text = match[0].trim();
      if (!text) continue;
      const start = match.index + match[0].indexOf(text);
      const end = start + text.length;
      if (spans.some((s) => start < s.end && s.start < end)) continue;
      if (slot === 'amount' && pricesSomethingElse(sentence, { start, end, text }, question)) continue;
      if (slot === 'contact' && !isContactPoint(text, sentence.slice(Math.max(0, start - 40), start)))
        continue;
      // An ISO-code "amount" followed by a noun names a thing: in "The CAD 101 course costs 300
      // dollars." the course is no price (probe3 review); "EUR 20 and postage €5" keeps both
      // (second review: a code amount lost to any symbol amount in its sentence).
      if (CODE_AMOUNTS.includes(pattern) && NAMES_A_THING.test(sentence.slice(end))) continue;
      spans.push({ start, end, text });
    }
    // The negation alone settles a yes/no question; the verb is the fallback.
    if (slot === 'yesno' && spans.length > 0) break;
  }
  // "How much do I save…?", "How much is the late fee?": without a money amount, a percentage
  // answers ("saves 15%", "a 2% fee").
  // Only when the question is about money: "How much annual leave do I get?" is answered by "25
  // days", not by the "up to 10% can be carried over" beside it (review).
  if (slot === 'amount' && spans.length === 0 && MONEY_QUESTION.test(question))
    return slotSpans(sentence, 'percent', question);
  // "How often must I change my password?" is answered by "…are valid for 180 days".
  if (slot === 'frequency' && spans.length === 0) return slotSpans(sentence, 'duration', question);
  // "Where do I send my return?" is answered by an address as well as by a mailbox (review).
  if (slot === 'contact' && spans.length === 0 && /\bwhere\b/iu.test(question))
    return slotSpans(sentence, 'place', question);
  return spans.sort((a, b) => a.start - b.start);
}

/** A bare digit run is a phone number only with seven or more digits and no date's shape. */
// Words that name the digits after them as a number to call (within a few words before it).
const PHONE_CUE =
  /\b(?:call|calls|calling|phone|tel|telephone|hotline|helpline|fax|mobile|cell|ring|dial|number|line|reach|contact|whatsapp|sms|text)\b[^.;\n]{0,20}$|(?:电话|热线|致电|拨打|手机|传真|联系)[^。；\n]{0,10}$/iu;

/**
 * A bare digit run is a phone number only with seven or more digits, written as one ("+44 …",
 * "(212) …") or named as one just before it ("call 0161 496 0000"): order, invoice and card
 * numbers, dates, IP addresses and coordinates are digit groups too (review).
 */
function isContactPoint(text: string, before: string): boolean {
  if (/[^\d\s().+-]/u.test(text)) return true;
  if (text.replace(/\D/gu, '').length < 7) return false;
  return /^\+|\(/u.test(text) || PHONE_CUE.test(before);
}

function yesNoVerb(question: string): RegExp[] {
  const verb = /^\s*([a-z]+)/i.exec(question)?.[1];
  return verb ? [new RegExp(`\\b${verb}\\b`, 'giu')] : [];
}

// Words that introduce a fact of each kind: anchors when the question's own words are absent.
const CUES: Partial<Record<AnswerSlot, RegExp>> = {
  amount: /\b(?:fee|fees|cost|costs|price|charge|charged|pay|rate|flat)\b|费|价/giu,
  duration: /\b(?:for|within|after|takes?|valid|expires?|lasts?|up to)\b|内|后/giu,
  date: /\b(?:on|from|until|by|since|before|after|open|opens|closed?)\b/giu,
};

// Where a sentence's clauses part: a fact answers for the words of its own clause.
const CLAUSE_BREAK = /[,;:，；：]|\b(?:while|whereas|but|otherwise|except)\b/giu;

// A list or clause number before a sentence: "3.3 If payment fails…", "2. Log in…", "(b) The…".
// A dotted number without a closing dot ("3.3") counts only before a word that opens a clause's
// sentence and can be no unit, currency or number word: "1.5 TB", "12.50 EUR", "3.5 Million" state
// a figure, and blanking them lost the answer (probe2 review).
const CLAUSE_OPENER =
  '(?:If|The|You|Your|We|Our|Any|All|Each|Every|Where|When|Unless|Subject|In|On|For|This|These|Such|No|Neither|Either|Upon|Nothing|Notwithstanding)\\b';
const ENUMERATION = new RegExp(
  `^\\s*(?:\\(?(?:\\d{1,3}(?:\\.\\d{1,3}){0,3}|[a-z]|[ivx]{1,4})[.)]|\\d{1,3}(?:\\.\\d{1,3}){1,3}(?=\\s+${CLAUSE_OPENER}))(?=\\s)`,
  'u',
);

/**
 * The sentence with its leading list or clause number blanked (same length): the number orders the
 * sentence among its neighbours, it is no fact the sentence states, yet as the sentence's only
 * figure it was highlighted as the answer ("3.3" for "What happens if my payment fails?"; the
 * probe2 round).
 */
export function withoutEnumeration(sentence: string): string {
  const marker = ENUMERATION.exec(sentence);
  return marker ? ' '.repeat(marker[0].length) + sentence.slice(marker[0].length) : sentence;
}

/**
 * The span that answers the question: of the sentence's slot spans, the one whose clause shares
 * the most words with the question, then the one nearest to those words (a fact stated next to
 * the asked-about thing, not elsewhere in the sentence). Null when the question asks for no known
 * slot or the sentence states none.
 */
export function highlightSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  weight?: GapOptions['weight'],
): SlotSpan | null {
  return scoredHighlightSpan(question, sentence, questionTerms, weight)?.span ?? null;
}

/**
 * The highlight with how well it fills the question's gap (the gap picker's score), when the gap
 * picker chose it; null score for a typed fact or a table cell, which the patterns state outright.
 */
export function scoredHighlightSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  weight?: GapOptions['weight'],
): { span: SlotSpan; score: number | null } | null {
  // Offsets stay those of the sentence as given: the number is blanked, not cut.
  sentence = withoutEnumeration(sentence);
  // A Traditional question reads as Simplified ("價格" is a price as "价格" is); the sentence is
  // folded only where it is matched, so its spans keep its own characters.
  question = foldHan(question);
  const plain = (span: SlotSpan | null) => (span ? { span, score: null } : null);
  const gapOptions = weight ? { weight } : {};
  // "Who led the troops when Cyprus was conquered?" asks who, not when: a "when" clause inside
  // a wh-question does not set the highlight's type.
  const slot = questionSlot(
    question.replace(/^(\s*(?:who|whom|whose|what|which|where|how|why)\b.*?)\s+when\b.*$/isu, '$1'),
  );
  if (ROW.test(sentence)) {
    // "What is the hotel limit in Paris?" is not answered by the Berlin row's cell (table-row round).
    if (namesAnotherRow(question, sentence, questionTerms)) return null;
    const cell =
      askedKeyCell(question, sentence) ??
      rowCellSpan(question, sentence, questionTerms) ??
      rowAmountSpan(question, sentence);
    // "When is the cheap rate?" is not answered by the "Unit rate" cell's price (between round): a
    // "when" question whose cell is a price, a percentage or a rate, and no date, takes the row's
    // date nearest its words, or none. Any other cell ("Sunday: Closed", "Pay day: the 25th",
    // "Refund time: 5-10 business days") still answers (review).
    if (cell && slot === 'date' && pricedCell(cell.text)) {
      const dates = ranges(sentence, slotSpans(sentence, 'date', question));
      return dates.length > 0
        ? plain(nearestToQuestion(question, sentence, dates, questionTerms, 'date'))
        : null;
    }
    if (cell) return plain(cell);
  }
  // "Will you charge me?", "Do I pay for my kids' check-ups?": the amount ("£25", "free of charge")
  // says the yes or the no and more (paid yes/no round of #15).
  if (asksWhatIsPaid(question)) {
    const amount = paidAmount(question, sentence);
    if (amount) return plain(withUnit(sentence, amount, 'amount', questionTerms));
  }
  if (ZH_PAID_YES_NO.test(question) && !ZH_NOT_PAID_QUESTION.test(question)) {
    const amount = paidAmountZh(question, sentence, questionTerms);
    if (amount) return plain(amount);
  }
  // "What discount can I get?", "Is a lesson cheaper at lunchtime?": the discount's figure (discount
  // round).
  const discount = discountSpan(question, sentence, questionTerms, slot);
  if (discount) return plain(discount);
  // "What is the minimum age to join?", "Am I old enough…?": the age with its bound ("at least 16
  // years old"), not a duration or a bare count (probe-leftovers round).
  if (AGE_QUESTION.test(question) && (questionSlot(question) === null || OLD_ENOUGH.test(question))) {
    const ages = [...sentence.matchAll(AGE)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
    }));
    // An age limit is a lower bound unless the question asks for the maximum: "at least 16 years
    // old", not the "under 12 years old" of the children's rule beside it. A minimum is read from an
    // explicit bound before a range ("at least 21 years old", not the surcharge band "aged 21 to
    // 24"; second review); a maximum as often ends a range ("aged 5 to 15") as it follows "under",
    // and the asked clause picks.
    const max = MAX_AGE_QUESTION.test(question);
    const ranged = ages.filter((a) => AGE_SPAN_RANGE.test(a.text));
    const bounded = ages.filter((a) => (max ? UPPER_AGE : LOWER_AGE).test(a.text));
    const among = (max ? [[...bounded, ...ranged], ages] : [bounded, ranged, ages]).find((g) => g.length > 0);
    if (among) return plain(nearestToQuestion(question, sentence, among, questionTerms, null));
  }
  // "Which month's salary includes the bonus?" is answered by "the April salary": a month name is no
  // date span, so the date slot below would pass it by (bound-and-rate round of #15). A full date
  // ("3 March 1801") is still the date slot's; among month names, the one of the asked clause wins
  // ("Unlike our January clearance, the sale is held in July"; review).
  if (
    MONTH_QUESTION.test(question) &&
    !slotSpans(sentence, 'date', question).some((d) => MONTH_IN.test(d.text))
  ) {
    // "open from May to September" is one answer, as "Monday to Friday" is (a probe of the round).
    const months = ranges(sentence, monthNames(question, sentence));
    if (months.length > 0) return plain(nearestToQuestion(question, sentence, months, questionTerms, 'date'));
  }
  // "How long must my password be?" asks for a length when the sentence states one with the
  // question's own adjective ("at least 14 characters long"), not the duration beside it ("valid
  // for 180 days"): that measure, with its adjective as SQuAD's answers give it ("300 km long"),
  // answers before any other span, typed or not (rule (c) of #15).
  const measure = MEASURE_QUESTION.exec(question)?.[1]?.toLowerCase();
  if (measure) {
    const measured = new RegExp(
      `(?<![\\p{L}\\p{N}])${NUMBER}(?:\\s*(?!(?:is|are|was|were|be|takes?|as|so|too|not|very)\\b)[\\p{L}-]+){0,2}?\\s+${measure}\\b`,
      'iu',
    ).exec(sentence);
    const text = measured?.[0];
    if (measured && text && !question.toLowerCase().includes(text.toLowerCase()))
      return plain({ start: measured.index, end: measured.index + text.length, text });
  }
  // Names and places have no pattern precise enough to pick among a sentence's capitalised words:
  // the gap the question leaves, typed as a name, finds them better.
  // "How do I connect to the VPN?" asks for steps, not a fact: no word of them is the answer.
  if (slot === null && HOW_TO_QUESTION.test(question)) return null;
  if (slot === null) {
    const measured = measureNounSpan(question, sentence, questionTerms);
    if (measured) return plain(measured);
    // "What is SKU HT-820?" names a row by its key and asks what it is: the first other cell (its
    // name), not a column name the gap picker finds among the row's words ("Product"; probe3).
    const named = namedRowCell(question, sentence);
    if (named) return plain(named);
  }
  // A Chinese wh-question (谁, 什么, 哪里…): the gap picker below reads English words only.
  if ((slot === 'person' || slot === 'place' || slot === null) && /\p{Script=Han}/u.test(question))
    return plain(chineseGapSpan(question, sentence));
  if (slot === 'person' || slot === 'place' || slot === null)
    return WH_QUESTION.test(question)
      ? bestGapSpan(question, sentence, questionTerms, undefined, gapOptions)
      : null;
  // A span that only repeats the question ("How long is the 30-day trial?") is not the answer.
  const asked = (span: SlotSpan) => !question.toLowerCase().includes(span.text.toLowerCase());
  // "Can I reach you by phone on Saturday?" is answered by Saturday's hours, or by its "closed"
  // (highlight round (E)).
  if (slot === 'yesno') {
    const hours = hoursOfAskedDay(question, sentence) ?? closedPeriod(question, sentence);
    if (hours) return plain(hours);
  }
  const typedSpans = slot ? slotSpans(sentence, slot, question).filter(asked) : [];
  // "between the 1st and the 28th": a day of the month dates the highlight, though not the gate (as a
  // slot span it cost own-dev answers; between round).
  if (slot === 'date') {
    typedSpans.push(...daysOfMonth(sentence, typedSpans).filter(asked));
    typedSpans.sort((a, b) => a.start - b.start);
  }
  // "发票什么时候发给我" is answered by a time from an event as often as by a date ("确认收货后3个工作日
  // 内发送"): a Chinese "when" question whose sentence states no date takes its duration.
  const stated =
    slot === 'date' && typedSpans.length === 0 && /\p{Script=Han}/u.test(question)
      ? slotSpans(sentence, 'duration', question).filter(asked)
      : typedSpans;
  // "What are the help desk hours?" asks for the clock times, not the weekdays beside them.
  const clock =
    slot === 'date' && asksClockTime(question, sentence) ? stated.filter((s) => CLOCK.test(s.text)) : [];
  const spans = countedSpans(question, sentence, ranges(sentence, clock.length > 0 ? clock : stated));
  // The day the question names picks, among the clock times, the one of its clause.
  const day =
    slot === 'date' && clock.length > 0
      ? DAY_ASKED.exec(question)?.[0]?.toLowerCase().replace(/s$/u, '')
      : undefined;
  const dayAt = day ? sentence.toLowerCase().indexOf(day) : -1;
  if (day && dayAt >= 0) {
    const ofDay = clockOfDay(sentence, dayAt, dayAt + day.length, spans);
    if (ofDay !== undefined) return plain(ofDay);
  }
  // No typed fact ("What does…", "Which…"): the words the sentence adds next to the asked ones.
  // A typed question whose sentence states no fact of its type gets none (the next claim may).
  // A typed question whose sentence states no fact of its pattern ("300 km long" for "How long…",
  // "in 911" for "When…") gets the gap span only when that holds a number; else none (the next
  // claim may state it: "Links expire after 24 hours.").
  if (spans.length === 0) {
    // "When must a breach be reported?" is answered by a deadline, "within 48 hours" (probe3). Only
    // for the highlight: as a date span for the gate it cost own-dev answers (probe3 round, 4a).
    // A past event ("When was the company founded?") has no deadline: "Within two years the
    // company had grown…" dates nothing (probe3 review).
    const deadline = slot === 'date' && !PAST_WHEN.test(question) ? DEADLINE.exec(sentence) : null;
    if (deadline)
      return plain({ start: deadline.index, end: deadline.index + deadline[0].length, text: deadline[0] });
    // "When is the pool closed?" is answered by "every August", "open from May to September": a
    // month after a word that dates by it, where no date span holds one (probe-leftovers round).
    const months = slot === 'date' ? datingMonths(question, sentence, questionTerms) : [];
    if (months.length > 0) return plain(nearestToQuestion(question, sentence, months, questionTerms, 'date'));
    const gap =
      slot !== 'yesno' && slot !== 'contact' && WH_QUESTION.test(question)
        ? gapSpan(question, sentence, questionTerms, slot === 'date' ? 'date' : 'number', {
            ...gapOptions,
            typedOnly: true,
          })
        : null;
    // A price asked ("How much is the cargo bike?") is no weight or length: "200 kg" answers
    // another question, and a later claim may state the price (probe3).
    if (gap && slot === 'amount' && MEASURE.test(gap.text)) return null;
    return plain(gap);
  }
  if (spans.length === 1) return plain(withUnit(sentence, spans[0]!, slot, questionTerms));
  const chosen = nearestToQuestion(question, sentence, spans, questionTerms, slot);
  return plain(withUnit(sentence, chosen, slot, questionTerms));
}

// "Which month…", "what months…", "what month's…"; not "month and year", which a full date answers,
// or "month-end".
const MONTH_QUESTION = /\b(?:which|what)\s+months?(?![\p{L}-])(?!\s+and\s+(?:year|day|date)\b)/iu;
const MONTH_IN = new RegExp(`\\b${MONTH}\\b`, 'iu');
const MONTH_NAME =
  /(?<![\p{L}\p{N}])(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![\p{L}\p{N}])/gu;
// "may" is mostly a verb, capitalised in a heading or at a sentence's start too: "May" is a month
// after a preposition or article ("in May", "the May bank holiday") or before a figure ("May 5").
const MAY_AS_MONTH_BEFORE =
  /\b(?:in|of|on|since|until|till|by|from|before|after|during|early|late|mid|the|each|every|last|next|this)\s+$/iu;

/**
 * The month names the sentence states outside a full date and the question does not (review of the
 * bound-and-rate round): "March Madness" is a name, and a month the question gives is no answer.
 */
function monthNames(question: string, sentence: string): SlotSpan[] {
  return [...sentence.matchAll(MONTH_NAME)]
    .filter((m) => {
      if (new RegExp(`(?<![\\p{L}])${m[0]}(?![\\p{L}])`, 'iu').test(question)) return false;
      if (m[0] === 'May')
        return (
          MAY_AS_MONTH_BEFORE.test(sentence.slice(0, m.index)) || /^\s+\d/u.test(sentence.slice(m.index + 3))
        );
      return !/^\s+\p{Lu}/u.test(sentence.slice(m.index + m[0].length));
    })
    .map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

const AGE_QUESTION =
  /\bhow old\b|\bwhat age\b|\bold enough\b|\bage (?:limit|requirement|restriction)s?\b|\b(?:minimum|maximum|min|max|lowest|youngest|oldest) age\b|几岁|多少岁|多大年纪|年龄/iu;
// An age as a document states it: "at least 16 years old", "aged 18 or over", "18+", "年满18周岁".
// A bare "16 years" is a duration and is not taken.
const AGE_RANGE = '(?:\\d{1,3}\\s*(?:-|–|to)\\s*)?';
const AGE = new RegExp(
  [
    `(?:\\b(?:at least|over|under|above|below|younger than|older than|from)\\s+)?\\b${AGE_RANGE}\\d{1,3}\\s*(?:-?years?[\\s-]+olds?\\b|years?\\s+of\\s+age)(?:\\s+or\\s+(?:over|older|above|under|younger))?`,
    '\\b(?:aged?|ages)\\s+\\d{1,3}(?:\\s*(?:to|-|–)\\s*\\d{1,3})?(?:\\s+or\\s+(?:over|older|above|under|younger)|\\s+and\\s+(?:over|above|under))?',
    '\\b\\d{1,3}\\s+(?:or|and)\\s+(?:over|older|up)\\b',
    // "18+" alone, not "10+ rooms" or "3+ day rentals".
    '(?<![\\d.])\\d{1,3}\\+(?!\\d)(?!\\s*(?!only\\b)\\p{L})',
    '(?:年满|不满|未满|满|超过|年龄在)?\\d{1,3}周?岁(?:以上|以下|及以上|及以下|以内)?',
  ].join('|'),
  'giu',
);

// "Am I old enough…?" is a yes/no question an age answers; "Is there an age limit?" is answered by
// its yes or no, and "How much do over-60s pay?" by a price (review of the round).
const OLD_ENOUGH = /\bold enough\b/iu;
const MAX_AGE_QUESTION = /\b(?:maximum|max|oldest) age\b|\btoo old\b|最大年龄|年龄上限/iu;
const AGE_SPAN_RANGE = /\d\s*(?:to|-|–)\s*\d/u;
const LOWER_AGE =
  /\b(?:at least|over|above|older than|from)\b|\bor (?:over|older|above)\b|\band (?:over|above)\b|\+|(?<![不未])满|以上/iu;
const UPPER_AGE = /\b(?:under|below|younger than)\b|\bor (?:under|younger)\b|以下|以内|不满|未满/iu;

// A word that dates by the month after it: "in May", "every August", "from May (to September)".
const DATING_BEFORE_MONTH =
  /\b(?:in|every|each|during|from|until|till|by|before|after|throughout|through|between|early|late|mid)(?:\s+the\s+(?:end|start|beginning|middle)\s+of)?\s+$/iu;
// The word before the dating word, when it is a participle after a noun: "orders placed in December",
// "items sold in December" date the orders, not what the question asks, unless the question uses
// that verb ("charged every January"); "the fee is billed in January" is the sentence's verb.
const PARTICIPLE_BEFORE =
  /\b(?!(?:is|are|was|were|be|been|being|gets?|got)\s)(\p{L}+)\s+(\p{L}+ed|sold|bought|made|paid|given|taken|sent|held|written|chosen|done|built|spent|kept|left|lost|found|brought|won)\s+\S+(?:\s+the\s+(?:end|start|beginning|middle)\s+of)?\s+$/iu;
// The word right before the dating word: "closes in September" dates the closing.
const WORD_BEFORE_DATING = /(\p{L}+)\s+\S+(?:\s+the\s+(?:end|start|beginning|middle)\s+of)?\s+$/iu;
// Months listed as one answer: "in June and December", "between April and October".
const MONTH_LIST = /^\s*(?:,\s*)?(?:and|or|,)\s*$/iu;
const EVERY_BEFORE = /\b(?:every|each)\s+$/iu;

/**
 * The month names that date what a "when" question asks: after a dating word, "every"/"each" kept
 * as part of the answer, ranges joined.
 */
function datingMonths(question: string, sentence: string, questionTerms: ReadonlySet<string>): SlotSpan[] {
  const spans = monthNames(question, sentence);
  // A month joined to an earlier dated one ("from May to September") dates as that one does.
  const joined: SlotSpan[] = [];
  for (const span of ranges(sentence, spans)) {
    const last = joined.at(-1);
    if (last && MONTH_LIST.test(sentence.slice(last.end, span.start)))
      joined[joined.length - 1] = {
        start: last.start,
        end: span.end,
        text: sentence.slice(last.start, span.end),
      };
    else joined.push(span);
  }
  const asks = (word: string | undefined) =>
    word !== undefined && lexicalTerms(word).some((t) => questionTerms.has(t));
  const dated = joined.filter((span) => {
    const before = sentence.slice(0, span.start);
    if (!DATING_BEFORE_MONTH.test(before)) return false;
    const participle = PARTICIPLE_BEFORE.exec(before)?.[2];
    return !participle || asks(participle);
  });
  // "…opens in late May and closes in September" for "When does the pool close?": the month of the
  // asked verb, when one is dated by it (second review).
  const ofVerb = dated.filter((span) => asks(WORD_BEFORE_DATING.exec(sentence.slice(0, span.start))?.[1]));
  return (ofVerb.length > 0 ? ofVerb : dated).map((span) => {
    const every = EVERY_BEFORE.exec(sentence.slice(0, span.start));
    if (!every) return span;
    const start = span.start - every[0].length;
    return { start, end: span.end, text: sentence.slice(start, span.end) };
  });
}

/**
 * Of several spans, the one whose clause shares the most question words, then (a figure after 满 /
 * 超过 being a condition's threshold) the one that is no threshold, then the nearest to those words.
 */
function nearestToQuestion(
  question: string,
  sentence: string,
  spans: readonly SlotSpan[],
  questionTerms: ReadonlySet<string>,
  slot: AnswerSlot | null,
): SlotSpan {
  // Folded as the question terms are, lower-cased keeping its length: offsets stay the sentence's.
  const lower = sameLengthLower(foldHan(sentence));
  let anchors: { term: string; at: number }[] = [];
  const compounds = questionCompounds(question);
  for (const term of questionTerms) {
    for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1))
      if (!otherCompound(lower, i, compounds)) anchors.push({ term, at: i });
  }
  const cue = slot ? CUES[slot] : undefined;
  if (anchors.length === 0 && cue)
    anchors = [...sentence.matchAll(cue)].map((m) => ({ term: m[0], at: m.index }));
  const breaks = clauseBreaks(sentence);
  const clauseOf = (at: number) => breaks.filter((b) => b <= at).length;
  const shared = (span: SlotSpan) =>
    new Set(anchors.filter((a) => clauseOf(a.at) === clauseOf(span.start)).map((a) => a.term)).size;
  const gap = (span: SlotSpan, a: number) =>
    a < span.start ? span.start - a : a > span.end ? a - span.end : 0;
  const distance = (span: SlotSpan) =>
    Math.min(Number.MAX_SAFE_INTEGER, ...anchors.map((a) => gap(span, a.at)));
  const threshold = (span: SlotSpan) => (THRESHOLD_BEFORE.test(sentence.slice(0, span.start)) ? 1 : 0);
  return spans.reduce((best, span) => {
    const diff = shared(span) - shared(best);
    if (diff !== 0) return diff > 0 ? span : best;
    // "满299元免运费，不满299元收取运费15元" for "运费多少钱": a figure after 满 / 超过 is the
    // condition's threshold, not the asked value, when another figure is as near the question.
    const cond = threshold(span) - threshold(best);
    if (cond !== 0) return cond < 0 ? span : best;
    return distance(span) < distance(best) ? span : best;
  });
}

// "…from 3:00 pm and check-out is by 11:00 am": an "and" before a new subject and its verb opens
// a clause of its own, so each event keeps its own time (probe-leftovers round of #15).
const AND_CLAUSE =
  /\band\s+(?=(?:(?:the|a|an|your|our|its|their)\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?\s+(?:is|are|was|were|will|must|can|may|should|opens?|closes?|starts?|ends?|begins?|runs?|takes?|costs?)\b)/giu;
// A verb in the words before such an "and": "Students and seniors are charged…" is one clause; an
// "-ed" word one or two words before it is an adjective ("Checked bags and…"; second review).
const CLAUSE_VERB =
  /\b(?:is|are|was|were|will|must|can|may|should|has|have|opens?|closes?|starts?|ends?|begins?|runs?|takes?|costs?|applies|\p{L}+ed(?!(?:\s+[\p{L}-]+){1,2}\s*$))\b/iu;

/** Where the sentence's clauses part, in order. */
function clauseBreaks(sentence: string): number[] {
  const breaks = [...sentence.matchAll(CLAUSE_BREAK)].map((m) => m.index);
  for (const m of sentence.matchAll(AND_CLAUSE)) {
    const from = Math.max(0, ...breaks.filter((b) => b < m.index));
    if (CLAUSE_VERB.test(sentence.slice(from, m.index))) breaks.push(m.index);
  }
  return breaks.sort((a, b) => a - b);
}

const COMPOUND = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;

/** The question's hyphenated words, lower case: "check-out", "drop-off". */
function questionCompounds(question: string): string[] {
  return [...question.toLowerCase().matchAll(COMPOUND)].map((m) => m[0]);
}

/**
 * Whether the word at `at` of the lower-cased sentence is another compound of a question compound's
 * part: "check-in" for a question about "check-out" shares its "check" but names the other event.
 */
function otherCompound(lower: string, at: number, compounds: readonly string[]): boolean {
  if (compounds.length === 0) return false;
  let start = at;
  let end = at;
  while (start > 0 && /[\p{L}\p{N}-]/u.test(lower[start - 1]!)) start--;
  while (end < lower.length && /[\p{L}\p{N}-]/u.test(lower[end]!)) end++;
  const word = lower.slice(start, end).replace(/^-+|-+$/gu, '');
  if (!word.includes('-') || compounds.includes(word)) return false;
  const parts = new Set(word.split('-'));
  return compounds.some((c) => c.split('-').some((p) => parts.has(p)));
}

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

// A Chinese condition's threshold word just before a figure ("满299元", "超过5000元", "不足3件").
const THRESHOLD_BEFORE = /(?:满|超过|超出|低于|高于|达到|不足|少于|多于|大于|小于)\s*$/u;

// The (up to) two words after "how many": the counted noun, maybe after an adjective.
const HOW_MANY = /\bhow many\s+([a-z-]+(?:\s+[a-z-]+)?)/iu;
// A span with the character before it and a few after: "$20", "20 dollars".
const MONEY = new RegExp(
  `^[$€£¥]|^.?${CURRENCY_CODE}\\s?\\d|^.?\\d[\\d.,]*\\s*(?:dollars?|euros?|pounds?|cents?|kroner|kronor|${CURRENCY_CODE})\\b`,
  'iu',
);

/**
 * For "how many X": a money amount counts nothing ("$20 per user" is a price), and a number that
 * X follows within two words ("a minimum of three users") answers it before the others; "per X"
 * is a rate, not a count of X. The other question types keep every span.
 */
function countedSpans(question: string, sentence: string, spans: SlotSpan[]): SlotSpan[] {
  const zh = ZH_HOW_MANY.exec(question);
  // "年费多少", "出差一天给多少饭补": when every figure is money, the answer is the amount with its
  // unit ("80元"); a bare "80" could count anything (unit round of #15).
  // Not when the question counts something else ("逾期多少天", "几次"): a fee beside it answers nothing.
  if (
    zh &&
    !zh[1] &&
    !ZH_OTHER_UNIT.test(zh[2] ?? '') &&
    spans.length > 0 &&
    spans.every((span) => isZhMoney(sentence, span))
  )
    return spans.map((span) =>
      extended(
        sentence,
        span,
        span.end + (ZH_CURRENCY.exec(foldHan(sentence.slice(span.end)))?.[0].length ?? 0),
      ),
    );
  if (zh && (zh[1] || zh[2])) return chineseCounted(zh[1] ?? '', zh[2] ?? '', sentence, spans);
  const asked = HOW_MANY.exec(question);
  if (!asked) return spans;
  const counts = spans.filter(
    (span) => !MONEY.test(sentence.slice(Math.max(0, span.start - 1), span.end + 12)),
  );
  if (counts.length === 0) return spans;
  const nouns = new Set(lexicalTerms(asked[1] as string));
  const counting = counts.filter((span) => {
    const next = /^\s+([\p{L}-]+)(?:\s+([\p{L}-]+))?/u.exec(sentence.slice(span.end));
    if (!next || /^per$/iu.test(next[1] ?? '')) return false;
    return [next[1], next[2]].some(
      (word) => word !== undefined && lexicalTerms(word).some((t) => nouns.has(t)),
    );
  });
  return counting.length > 0 ? counting : counts;
}

// "多少人", "几个人", "多少名员工", "多少次": the classifier after 多少 / 几 and the counted noun, its
// run of Han characters up to a verb or particle ("员工", "门店"; "几位是南大校友" counts 位 alone);
// chineseCounted takes as much of the noun as the sentence repeats.
const ZH_HOW_MANY =
  /(?:多少|几)(个|名|位|台|件|家|次)?([^\P{Script=Han}是有在被的了呢吗啊呀吧把给为和与及或]*)/u;
const ZH_CLASSIFIER = '(?:个|名|位|台|件|家|次)';

/**
 * For "标准版最多能有多少人": the figure followed by the counted noun ("200人"), not a price ("¥39/人/月")
 * or another column's figure; as for "how many X", money counts nothing. The unit joins the figure
 * as the answer reads it: "98首", "300名员工", "18次".
 */
// A currency written right after a figure, in Simplified characters: "80元", "5000 元", "5万元".
const ZH_CURRENCY = /^\s*[万千百亿]*(?:元|块钱?|圆|美元|欧元|港元|港币|人民币|日元|英镑|澳元|加元|新?台币)/u;
// A unit the question counts in that is no money: "多少天", "多少岁", "多少小时".
const ZH_OTHER_UNIT =
  /^(?:天|日(?!元)|周|星期|个?月|年|岁|小时|分钟|秒|次|人(?!民币)|号|点|米|公里|斤|克|个|件|位|名)/u;

/** A figure that states money: a currency before it ("¥39", "$5") or after it ("80元"). */
function isZhMoney(sentence: string, span: SlotSpan): boolean {
  return (
    MONEY.test(sentence.slice(Math.max(0, span.start - 1), span.end + 12)) ||
    ZH_CURRENCY.test(foldHan(sentence.slice(span.end)))
  );
}

function chineseCounted(classifier: string, noun: string, sentence: string, spans: SlotSpan[]): SlotSpan[] {
  const counts = spans.filter((span) => !isZhMoney(sentence, span));
  if (counts.length === 0) return spans;
  const folded = foldHan(sentence);
  // How much of the noun's start the sentence repeats at `at` (0 if none).
  const repeated = (at: number) => {
    let n = noun.length;
    while (n > 0 && !folded.startsWith(noun.slice(0, n), at)) n--;
    return n;
  };
  const counting = counts.flatMap((span) => {
    const held = foldHan(span.text);
    // The span holds a start of the noun already ("200人"): the rest of the noun, if repeated.
    for (let k = Math.min(noun.length, held.length); k > 0; k--) {
      if (!held.endsWith(noun.slice(0, k))) continue;
      let n = noun.length - k;
      while (n > 0 && !folded.startsWith(noun.slice(k, k + n), span.end)) n--;
      return [extended(sentence, span, span.end + n)];
    }
    const space = /^\s*/u.exec(folded.slice(span.end))?.[0].length ?? 0;
    const cls = new RegExp(`^${ZH_CLASSIFIER}`, 'u').exec(folded.slice(span.end + space))?.[0] ?? '';
    const afterCls = span.end + space + cls.length;
    const n = repeated(afterCls);
    if (n > 0) return [extended(sentence, span, afterCls + n)];
    // Without the classifier ("300员工"), or the classifier alone when the question counts with it
    // and names no noun ("多少次" → "18次", "排多少位" → "151位").
    const bare = cls ? repeated(span.end + space) : 0;
    if (bare > 0) return [extended(sentence, span, span.end + space + bare)];
    if (cls && noun === '' && (classifier === '' || cls === classifier))
      return [extended(sentence, span, afterCls)];
    return [];
  });
  return counting.length > 0 ? counting : counts;
}

function extended(sentence: string, span: SlotSpan, end: number): SlotSpan {
  return end === span.end ? span : { start: span.start, end, text: sentence.slice(span.start, end) };
}

// A yes/no question about what is paid: "Will you charge me?", "Do I have to pay extra…?", "Will
// there be a fee?". Not about the fee's terms ("Is the fee refundable?", "Does the price include
// VAT?"), how or when to pay ("Can I pay by card?", "Do you charge my card on the 1st?"), or whether
// something is free, whose own "free" (or "not free") answers it (review of the paid yes/no round).
const PAID_YES_NO =
  /^\s*(?:is|are|will|would|do|does|did|can|could|should|must|have|has)\b(?=.*(?:\bcharges?\s+(?:me|us|you|them|for|extra|anything|more|a|an|any)\b|\bcharged\b|\b(?:a|an|any|extra|additional|late|cancellation)\s+(?:[a-z-]+\s+)?(?:fees?|charges?|surcharges?|costs?)\b|\bpay(?:ing)?\s+(?:anything|extra|more|for|a|an|something)\b|\bcost\s+(?:anything|extra|more|money|me|us)\b))(?!.*\b(?:refund\w*|non-refundable|includ\w*|cover(?:s|ed)?|waiv\w*|deductible|reimburs\w*|negotiable|when|monthly|yearly|annually|advance|upfront)\b)(?!.*\b(?:pay|paid|paying)\s+(?:by|with|in|using|via|through|on)\b)/iu;

/** Whether the question's last sentence, the one that asks, is a yes/no question about paying. */
function asksWhatIsPaid(question: string): boolean {
  const asking =
    question
      .trim()
      .split(/(?<=[.!?])\s+/u)
      .at(-1) ?? '';
  // "Going to Spain for a week - will it cost extra?" asks after the dash, "Will you charge me - I
  // am a student?" before it (highlight round (C) and its review).
  // Each part is read first with the rest after it, so the rest's "refundable" or "pay by" still
  // rules it out ("Will I be charged a fee - is it refundable?"; second review).
  const parts = asking.split(/\s+[-–—]\s+/u);
  if (!parts.some((part, i) => PAID_YES_NO.test([part, ...parts.filter((_, j) => j !== i)].join(' '))))
    return false;
  // "Can you tell me how long the trial lasts?" asks for a duration, whatever it names.
  const slot = questionSlot(question);
  return slot === 'yesno' || slot === null;
}

// A question about a discount or a saving ("What discount…", "Is it cheaper if…", "How much do I save…").
const DISCOUNT_QUESTION =
  /\b(?:discounts?|reductions?|rebates?|concessions?|cheaper|save|saving|savings)\b|\bhow much (?:[a-z]+ )?off\b|%\s*off\b/iu;
// What follows a discount's figure: "15% off", "a 15% discount", "40% less"; or comes before it:
// "save £5", "saves you 15%", "a saving of £20", "discounted by 10%".
const DISCOUNT_AFTER = /^\s+(?:off|discount|reduction|less|cheaper|lower)\b/iu;
const SAVING_BEFORE =
  /\b(?:save[sd]?|saving|savings)\s+(?:(?:you|of|on average|an average of)\s+)?(?:up to\s+)?$|\b(?:discount|reduction|saving|savings)\s+of\s+(?:up to\s+)?$|\b(?:discounted|reduced|cut)\s+by\s+$/iu;

/**
 * The figure of a discount a question asks about ("What discount…", "How much do I save…", "Is
 * there a discount…", "Is it cheaper if…"): a percentage or an amount the sentence marks as one
 * ("15% off", "a 15% discount", "save £5"), nearest the question's words, with its bound and rate
 * and the "off" after it. An unmarked figure is no discount ("VAT at 20%", "a 50% deposit"), and a
 * question asking when, where, who, why or how to is asked something else (review). A yes/no
 * question whose sentence has a negation keeps its polarity. Null where no figure is marked.
 */
function discountSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  slot: AnswerSlot | null,
): SlotSpan | null {
  if (!DISCOUNT_QUESTION.test(question)) return null;
  if (slot !== null && slot !== 'amount' && slot !== 'percent' && slot !== 'yesno') return null;
  if (HOW_TO_QUESTION.test(question) || /\bwhy\b/iu.test(question)) return null;
  if (slot === 'yesno' && hasNegation(sentence)) return null;
  const marked = (span: SlotSpan) =>
    DISCOUNT_AFTER.test(sentence.slice(span.end)) || SAVING_BEFORE.test(sentence.slice(0, span.start));
  const percents = slotSpans(sentence, 'percent', question).filter(marked);
  const amounts = slotSpans(sentence, 'amount', question).filter(
    (a) => marked(a) && !percents.some((p) => a.start < p.end && p.start < a.end),
  );
  const figures = [...percents, ...amounts].sort((a, b) => a.start - b.start);
  if (figures.length === 0) return null;
  const nearest = nearestToQuestion(question, sentence, figures, questionTerms, 'amount');
  // With its bound and rate: "up to 20%", "£5 per fuel per month".
  const chosen = withUnit(
    sentence,
    nearest,
    percents.includes(nearest) ? 'percent' : 'amount',
    questionTerms,
  );
  const end = chosen.end + (DISCOUNT_AFTER.exec(sentence.slice(chosen.end))?.[0].length ?? 0);
  return { start: chosen.start, end, text: sentence.slice(chosen.start, end) };
}

// A figure a condition bounds ("free on orders over £50"): the threshold, not what is paid.
const THRESHOLD_BOUND = /\b(?:over|above|under|below|more than|less than|at least|exceeding)\s*$/iu;
// What states that nothing is paid: an amount as the patterns read it.
const FREE_WORD = /^(?:free(?:[\s-]of[\s-]charge)?|no (?:extra |additional )?(?:charge|cost))$/iu;
// Words that answer "no" or "included" before a figure about something else ("We don't charge for
// returns, except for oversized items (£15)", "Breakfast is included in the rate of £120").
const NOT_PAID = /\b(?:not|no|never|don't|doesn't|won't|cannot|can't|included|complimentary)\b/giu;
// A condition's clause ("If you do not attend…"): its negation says when, not whether, one pays.
const CONDITION = /\b(?:if|unless|when|where|whether)\b/iu;

/**
 * The amount a yes/no question about paying is answered by: the first figure the sentence states
 * that the question does not, bounds no condition, and follows no "no" or "included" of the
 * sentence's own (then the polarity answers, as for any yes/no question).
 */
function paidAmount(question: string, sentence: string): SlotSpan | undefined {
  const asked = question.toLowerCase();
  const amount = slotSpans(sentence, 'amount', question).find(
    (span) =>
      !asked.includes(span.text.toLowerCase()) && !THRESHOLD_BOUND.test(sentence.slice(0, span.start)),
  );
  if (!amount || FREE_WORD.test(amount.text)) return amount;
  const before = sentence.slice(0, amount.start);
  for (const m of before.matchAll(NOT_PAID)) {
    const clauseStart = Math.max(
      -1,
      ...[...before.slice(0, m.index).matchAll(CLAUSE_BREAK)].map((b) => b.index),
    );
    if (!CONDITION.test(before.slice(clauseStart + 1, m.index))) return undefined;
  }
  return amount;
}

// "要年费吗", "要收钱吗", "还要交安装费吗", "有年费吗", "停车收费吗": a Chinese yes/no question about
// paying (Chinese highlight round (H4)); not how or with what one pays ("可以用信用卡交学费吗", "能报销
// 差旅费吗": review), whether it is free ("免运费吗"), or about a refund ("能退押金吗").
const ZH_PAID_YES_NO =
  /(?:要|需要|还要|得|另外|额外|有)(?:交|付|收|加|缴|花)?[^，。？?\s]{0,4}(?:钱|费|押金)\s*(?:吗|么|嘛)\s*[？?]?\s*$|收费\s*(?:吗|么|嘛)\s*[？?]?\s*$/u;
const ZH_NOT_PAID_QUESTION =
  /免[^，。？?]{0,3}费(?:吗|么|嘛)|退[^，。？?]{0,3}(?:钱|费|押金)(?:吗|么|嘛)|报销|抵扣?/u;
// What states that nothing is paid, in Chinese: "免费", "免收", "免运费", "不收取手续费".
const ZH_FREE = /免费|免收|免交|免\p{Script=Han}{1,2}费|不(?:另|再)?收(?:取|费)?/gu;

/**
 * The amount a Chinese yes/no question about paying is answered by: among the sentence's amounts and
 * its words for "free", not one the question gives, the one nearest the question's words (a figure
 * after 满 or 超过 is a condition: nearestToQuestion); none where the sentence both prices and waives.
 */
function paidAmountZh(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
): SlotSpan | null {
  const asked = question.toLowerCase();
  const spans = [
    ...slotSpans(sentence, 'amount', question),
    ...[...sentence.matchAll(ZH_FREE)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
    })),
  ]
    .filter((span, i, all) => !all.some((o, j) => j < i && o.start < span.end && span.start < o.end))
    .filter((span) => !asked.includes(span.text.toLowerCase()));
  // "收取安装调试费100元，签约24个月及以上的免收": a price and a waiver, each under its condition; which one
  // the asker meets ("签两年合约") is not read here, so neither is bolded.
  const free = spans.filter((span) => /^(?:免|不)/u.test(span.text) || FREE_WORD.test(span.text));
  if (free.length > 0 && free.length < spans.length) return null;
  return spans.length > 0 ? nearestToQuestion(question, sentence, spans, questionTerms, 'amount') : null;
}

const MEASURE_QUESTION = /\bhow (long|wide|tall|high|deep|far|thick)\b/iu;
const CLOCK_QUESTION = /\bhours\b|\bwhat time\b/iu;
// "When is the showroom open on Saturday?" asks for the clock times of a day it names, not for the
// weekdays of another clause ("open Tuesday to Friday from 10:00 to 19:00 and on Saturday from
// 10:00 to 16:00"; probe3 highlighted "Tuesday to Friday").
// ("When is it open?" asks for the days: only a day the question names makes it a clock question.)
const DAY_ASKED = new RegExp(`\\b${WEEKDAY}\\b`, 'iu');

// A weekday that starts a name ("the Monday Club", "Good Friday Agreement").
// Not a date ("Saturday December 24", "Friday 24 May": second review).
const DAY_IN_NAME =
  /\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\s+(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))\p{Lu}/u;
// A year or a calendar date: what a question about a named thing's history is answered by.
const YEAR_OR_DATE = new RegExp(
  `\\b(?:1[5-9]\\d\\d|20\\d\\d)\\b|\\b\\d{1,2}\\s+${MONTH}\\b|\\b${MONTH}\\s+\\d{1,2}\\b`,
  'iu',
);

function asksClockTime(question: string, sentence: string): boolean {
  if (CLOCK_QUESTION.test(question)) return true;
  if (!DAY_ASKED.test(question)) return false;
  // "When was the Monday Club founded?" names a club, it asks for no clock time (probe3 review).
  return !(DAY_IN_NAME.test(question) && YEAR_OR_DATE.test(sentence));
}

// Where one clause of a sentence ends and the next begins: "…8 am on Mondays and 9 am on other days";
// not the "and" of a list of days ("on Thursday and Friday": second review).
const DAY_CLAUSE_BREAK = new RegExp(
  `[;]|\\s(?:but|while|whereas|except)\\s|(?<!\\b${WEEKDAY})\\s(?:and)\\s(?!${WEEKDAY}\\b)`,
  'giu',
);
// A clause that says the day has no hours, next to it and with no time of its own: "closed on
// Sunday", not "closed from 3 pm" or "(closed on public holidays)" (second review).
const CLOSED = /\b(?:closed|shut)\b/iu;

/**
 * The clock time of the day at [dayStart, dayEnd): the nearest one on either side within the
 * day's clause; null when that clause says the day is closed (the sentence's hours are another
 * day's); undefined when the clause states no time ("on Mondays, Wednesdays and Fridays from 9 am"
 * lists days apart from their hours): then the first time after the day, as before (probe3 review).
 */
function clockOfDay(
  sentence: string,
  dayStart: number,
  dayEnd: number,
  spans: readonly SlotSpan[],
  // Only a time of the day's own clause: a yes/no question keeps its polarity otherwise.
  sameClause = false,
): SlotSpan | null | undefined {
  let from = 0;
  let to = sentence.length;
  for (const m of sentence.matchAll(DAY_CLAUSE_BREAK)) {
    if (m.index + m[0].length <= dayStart) from = m.index + m[0].length;
    else if (m.index >= dayEnd) {
      to = m.index;
      break;
    }
  }
  const distance = (span: SlotSpan) =>
    span.end <= dayStart ? dayStart - span.end : span.start >= dayEnd ? span.start - dayEnd : 0;
  const inClause = spans
    .filter((span) => span.start >= from && span.end <= to && CLOCK.test(span.text))
    // Nearest first; at the same distance the one after the day.
    .sort((a, b) => distance(a) - distance(b) || b.start - a.start);
  const near = sentence.slice(Math.max(from, dayStart - 16), Math.min(to, dayEnd + 16));
  if (inClause.length === 0 && CLOSED.test(near)) return null;
  return (
    inClause[0] ??
    (sameClause ? undefined : spans.find((span) => span.start > dayStart && CLOCK.test(span.text)))
  );
}

const CLOCK = /\d\s?(?:am|pm)\b|\d:\d\d|noon|midnight/iu;

// A yes/no question about being open or reachable ("Are you open on Sunday?", "Can I call on
// Saturday?"); "Do you deliver on Saturday?" asks about a service, not hours (review).
const OPEN_QUESTION =
  /\b(?:open|opens|closed?|reach|call|ring|phone|contact|speak|talk|visit|staffed|come in|drop in|pop in)\b/iu;
// "closed on Saturdays and Sundays", "Sundays: closed": a "closed" the day is told with.
const DAY_LIST = `(?:${WEEKDAY}\\s*(?:,|and|or)\\s*)*`;
const CLOSED_BEFORE_DAY = new RegExp(
  `\\b(closed|shut)\\s+(?:all\\s+day\\s+)?(?:on\\s+)?(?:(?:every|each)\\s+)?${DAY_LIST}$`,
  'iu',
);
const CLOSED_AFTER_DAY = /^s?\s*:?\s*(?:(?:we|it)\s+(?:are|is)\s+|(?:is|are)\s+)?(closed|shut)\b/iu;
// Closed for part of the day: "closed on Sunday after 4pm", "Closed Saturday afternoons", "closed
// between 1pm and 2pm" (second review).
const PART_OF_DAY =
  /^s?\s*(?:after|from|between|until|till|before|for|at|during|\d|(?:morning|afternoon|evening|lunch)s?\b)/iu;
// "every day except Sunday from 9am to 5pm": those hours are not the day's (review).
const DAY_LEFT_OUT = new RegExp(
  `\\b(?:except|but not|apart from|other than|excluding)\\s+(?:on\\s+)?${DAY_LIST}$`,
  'iu',
);
// Any word of closing: where it is not the whole day's, the sentence's hours may not be the day's
// ("The branch is closed from 2pm on Saturday").
const CLOSING = /\b(?:clos(?:e|es|ed|ing)|shut)\b/iu;

/**
 * The clock times of the weekday a yes/no question names, in a sentence that names it; or the
 * "closed" beside that day when its clause states no time. Null when the sentence says neither.
 */
function hoursOfAskedDay(question: string, sentence: string): SlotSpan | null {
  if (!OPEN_QUESTION.test(question) || !asksClockTime(question, sentence) || DAY_IN_NAME.test(question))
    return null;
  const day = DAY_ASKED.exec(question)?.[0]?.toLowerCase().replace(/s$/u, '');
  const dayAt = day ? sentence.toLowerCase().indexOf(day) : -1;
  if (!day || dayAt < 0 || DAY_LEFT_OUT.test(sentence.slice(0, dayAt))) return null;
  const dayEnd = dayAt + day.length;
  // "…Monday to Saturday and is closed on Sunday": the day's own "closed" answers before any time
  // of its sentence (review).
  const rest = sentence.slice(dayEnd);
  // The "closed" is bolded with the day it is told with: "closed on Sundays" (day-and-time round (Q2)).
  const before = CLOSED_BEFORE_DAY.exec(sentence.slice(0, dayAt));
  if (before && !PART_OF_DAY.test(rest)) {
    const end = dayEnd + (/^s\b/iu.exec(rest)?.[0].length ?? 0);
    return { start: before.index, end, text: sentence.slice(before.index, end) };
  }
  const after = CLOSED_AFTER_DAY.exec(rest);
  if (after && !PART_OF_DAY.test(rest.slice(after[0].length))) {
    const end = dayEnd + after[0].length;
    return { start: dayAt, end, text: sentence.slice(dayAt, end) };
  }
  if (CLOSING.test(sentence)) return null;
  const clocks = ranges(sentence, slotSpans(sentence, 'date', question)).filter((s) => CLOCK.test(s.text));
  return clockOfDay(sentence, dayAt, dayEnd, clocks, true) ?? null;
}

// "Are you open over Christmas?", "Is the gym open at 5am?"; not "Can I open an account?", "Is the
// offer open to students?" (review), nor a status question ("Is my account closed?").
const ASKS_OPENING = /\b(?:is|are|will|do|does)\b.*\bopen\b(?!\s+(?:a|an|the|my|your|our|up|to)\b)/iu;
// The words that tie a "closed" to its period: "closed from 1 December…", "closed on 25 December".
const PERIOD_LINK = /^\s+(?:(?:on|from|between|during|in|over|until|till|through)\s+)?(?:the\s+)?$/iu;
// A closing of something else ("closed-toe", "tickets closed by agents") or under a condition
// ("closed while performances are running"): no answer about opening (review).
const CLOSED_OF_ELSE = /^(?:-|\s+(?:by|to|while|when|once|after|if|unless|for)\b)/iu;

/**
 * "Are the riverside stations open over Christmas?" answered by a sentence without a negation:
 * its "closed" with the dates it is told with, "closed from 1 December to 28 February"
 * (day-and-time round (Q3)). Only with those dates: a bare "closed" was as often another thing's
 * ("closed accounts", "the café is closed") or under a condition (review). Null where the question
 * names a weekday (hoursOfAskedDay reads that), asks about no opening, or the sentence has a
 * negation (the polarity answers) or also says it is open ("…and closed in winter").
 */
function closedPeriod(question: string, sentence: string): SlotSpan | null {
  if (!ASKS_OPENING.test(question) || DAY_ASKED.test(question)) return null;
  if (/\bopen\b/iu.test(sentence) || hasNegation(sentence)) return null;
  const closed = /\b(?:closed|shut)\b/iu.exec(sentence);
  if (!closed) return null;
  const start = closed.index;
  const end = start + closed[0].length;
  if (CLOSED_OF_ELSE.test(sentence.slice(end))) return null;
  const period = ranges(sentence, slotSpans(sentence, 'date', question)).find(
    (d) => d.start >= end && PERIOD_LINK.test(sentence.slice(end, d.start)),
  );
  return period ? { start, end: period.end, text: sentence.slice(start, period.end) } : null;
}

// The clock time a weekday is held at: ", 9am to 5pm", "from 6:00pm to 7:30pm", "at 9:30".
const TIME_OF_DAY =
  '(?:\\d{1,2}(?:[:.]\\d{2})?\\s?(?:am|pm)\\b|(?:[01]?\\d|2[0-3]):[0-5]\\d|24:00|noon|midnight)';
const TIME_AFTER_DAY = new RegExp(
  `^s?\\s*,?\\s*(?:(?:from|at|between)\\s+)?${TIME_OF_DAY}(?:\\s*(?:-|–|to|until|till|and)\\s*${TIME_OF_DAY})?`,
  'iu',
);
const DAYS_ONLY = new RegExp(`^${WEEKDAY}(?:\\s*(?:,|and|or|to|through|-|–)\\s*${WEEKDAY})*$`, 'iu');

/**
 * A "when" answer that is a weekday, with the time it is held at and its "every": "Sunday" →
 * "every Sunday from 6:00pm to 7:30pm", "every Thursday" (day-and-time round (Q1)). Any other
 * date as it was.
 */
function dayWithTime(sentence: string, span: SlotSpan): SlotSpan {
  if (!DAYS_ONLY.test(span.text)) return span;
  const time = TIME_AFTER_DAY.exec(sentence.slice(span.end));
  const every = /\b(?:every|each)\s+$/iu.exec(sentence.slice(0, span.start));
  const start = every ? every.index : span.start;
  const end = span.end + (time?.[0].length ?? 0);
  return start === span.start && end === span.end ? span : { start, end, text: sentence.slice(start, end) };
}

// A day of the month ("the 1st", "the 15th of each month"), not an ordinal before a noun ("the 3rd floor").
const DAY_ORDINAL = '(?:[12]?\\d|3[01])(?:st|nd|rd|th)';
// A list or range of days is one span ("the 2nd or 3rd", "the 1st and 28th"); after its last day, no
// noun ("the 3rd and 4th floors", "the 2nd and 4th Tuesday"; review).
const DAY_OF_MONTH = new RegExp(
  `\\bthe\\s+${DAY_ORDINAL}(?:(?:,\\s*|\\s+(?:and|or|to)\\s+)(?:the\\s+)?${DAY_ORDINAL})*\\b(?=\\s*(?:$|[.,;:!?)]|of\\s+(?:each|every|the|this|next|that)\\b|(?:until|till|through)\\b|[-–]))`,
  'giu',
);

// A day that anchors a period ("within 14 days of the 1st") leaves the deadline to answer (review).
const PERIOD_BEFORE = new RegExp(
  `\\b${NUMBER}[\\s-]+${TIME_UNIT}['’]?\\s+(?:of|after|from|before)\\s+$`,
  'iu',
);

/** The days of the month the sentence states outside the date spans it has. */
function daysOfMonth(sentence: string, dates: readonly SlotSpan[]): SlotSpan[] {
  return [...sentence.matchAll(DAY_OF_MONTH)]
    .map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }))
    .filter(
      (day) =>
        !dates.some((d) => day.start < d.end && d.start < day.end) &&
        !PERIOD_BEFORE.test(sentence.slice(0, day.start)),
    );
}

// A price, a percentage or a rate ("24.8p per kWh") that states no date or time.
const PER_UNIT =
  /\bper\s+(?:kwh|unit|hour|day|night|week|month|year|person|guest|kg|mile|km|item|page|user|seat)\b/iu;
function pricedCell(text: string): boolean {
  if (slotSpans(text, 'date').length > 0) return false;
  return slotSpans(text, 'amount').length > 0 || slotSpans(text, 'percent').length > 0 || PER_UNIT.test(text);
}

/**
 * Spans joined by "to/until/–" become one range: "Monday to Friday", "8 am to 6 pm"; so do the two
 * ends of "between X and Y" ("between the 1st and the 28th"; between round).
 */
function ranges(sentence: string, spans: readonly SlotSpan[]): SlotSpan[] {
  const out: SlotSpan[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    const gap = last ? sentence.slice(last.end, span.start) : '';
    const between =
      /^\s*and\s+(?:the\s+)?$/iu.test(gap) &&
      /\bbetween\s+(?:the\s+)?$/iu.test(sentence.slice(0, last?.start));
    if (last && (between || /^\s*(?:to|until|till|through|[-–])\s*$/iu.test(gap))) {
      out[out.length - 1] = { start: last.start, end: span.end, text: sentence.slice(last.start, span.end) };
    } else out.push(span);
  }
  return out;
}

const WITHIN = /\bwithin\s+$/iu;
const NOTICE_AFTER = /^(?:['’]s?)?\s+(?:(?:prior|advance|written)\s+)?notice\b/iu;
// A Chinese bound: "超过2天", "满6个月", "至少3人" (bound-and-decimal round). A negated bound is taken
// whole, as the regex starts at its leftmost match: "未满18周岁" must not read "满18" (review); nor is
// the 满 of 期满 / 届满 ("on expiry") a bound. Traditional forms too (超過, 滿, 不少於…).
const ZH_BOUND =
  /(?:不超[过過]|不少[于於]|不低[于於]|不高[于於]|不多[于於]|[不未][满滿]|未超[过過]|[没沒]有?超[过過]|不足|超[过過]|至少|最多|最少|低[于於]|高[于於]|少[于於]|多[于於]|(?<![期届屆])[满滿])\s*$/u;
// A figure's rate: "$0.60 per mile", "$200 per night", "€30 a month". Its noun may take one word
// before it ("per checked bag", "every other week"; review of the bound-and-rate round); a function
// word ends it ("£10 an hour or part thereof").
const RATE =
  /^\s+(?:per|a|an|each|every)\s+(?!\p{Lu})[\p{Ll}-]+(?:\s+(?!(?:and|or|but|of|for|to|in|on|at|with|from|by|if|when|unless|after|before|until|is|are|was|were|be|the|a|an|thereafter|plus|minus|up)\b)[\p{Ll}-]+(?=\s*(?:$|[.,;:!?)]|\s(?:and|or|of|for|to|in|on|at|with|from|by|if|when|unless|after|before|until|is|are|was|were|plus)\b)))?\b/u;

const SECOND_RATE = /^\s+per\s+(?!\p{Lu})[\p{Ll}-]+\b/u;

const QUANTITY_BOUND =
  /\b(?:more than|less than|fewer than|over|under|about|around|approximately|roughly|nearly|almost|up to|at least|at most)\s+$/iu;

/**
 * The fact with what it counts and its rate: "two" → "two additional days" when the question asks
 * about days, "$0.60" → "$0.60 per mile", "three days" → "three days a week"; a yes/no polarity
 * with the phrase it governs; a weekday with its time.
 */
function withUnit(
  sentence: string,
  span: SlotSpan,
  slot: AnswerSlot,
  questionTerms: ReadonlySet<string>,
): SlotSpan {
  // "not" → "are not admitted at weekends", "only" → "in the fast lane only" (polarity phrase round).
  if (slot === 'yesno') return polarityPhrase(sentence, span);
  if (slot === 'date') return dayWithTime(sentence, span);
  let end = span.end;
  if (slot === 'count') {
    // Up to three words on, ending at a question word ("two additional days of leave").
    // `at` is where the match ends in the sentence (matchAll skips what no branch matches, "，"),
    // and the clause ends the walk: "200人，标准版支持50人" stays "200人".
    const from = end;
    const after = [...sentence.slice(from).matchAll(/[\p{L}\p{N}'-]+|\s+/gu)];
    let at = from;
    let words = 0;
    for (const m of after) {
      if (from + m.index !== at) break;
      at = from + m.index + m[0].length;
      if (/^\s+$/u.test(m[0])) continue;
      if (++words > 3) break;
      if (lexicalTerms(m[0]).some((t) => questionTerms.has(t))) end = at;
    }
  }
  let start = span.start;
  if (slot === 'count' || slot === 'amount' || slot === 'duration' || slot === 'percent') {
    const rate = RATE.exec(sentence.slice(end));
    if (rate) end += rate[0].length;
    // "£80 per person per night": a second rate, only "per" and one word (highlight round (F)).
    const second = rate ? SECOND_RATE.exec(sentence.slice(end)) : null;
    if (second) end += second[0].length;
    // The bound is part of the figure: "more than 1,600", "up to $500", "about 17%" (#15); a
    // duration's deadline too: "answered within one business day" (bound-and-rate round).
    const before = sentence.slice(0, start);
    // "1 month's notice", "30 days' notice": the notice is what the duration measures (notice round).
    const notice = slot === 'duration' ? NOTICE_AFTER.exec(sentence.slice(end)) : null;
    if (notice) end += notice[0].length;
    const bound =
      QUANTITY_BOUND.exec(before) ??
      ZH_BOUND.exec(before) ??
      (slot === 'duration' ? WITHIN.exec(before) : null);
    if (bound) start -= bound[0].length;
  }
  return end === span.end && start === span.start ? span : { start, end, text: sentence.slice(start, end) };
}

// "City: London; Hotel limit per night: £240; Daily allowance: £70", a table row as ingest writes it.
// A key is a short label without brackets, so a sentence with a parenthetical list ("The Normans
// (Norman: Nourmands; French: Normands) were…") is not taken for a row; but a key may end with its
// unit in closed brackets, as spreadsheets and policy tables name columns ("Price (EUR)", "Weight
// (kg)", "Hotel cap per night (NOK)"): probe3 found such rows read as prose, their cells unasked.
const ROW_KEY = '[^:;()]{1,60}(?:\\([^:;()]{1,30}\\))?';
const ROW = new RegExp(`^${ROW_KEY}:\\s*[^;]+(?:;\\s*${ROW_KEY}:\\s*[^;]+)+$`, 'u');

/** Whether a line is a table row as ingest writes it ("City: London; Hotel limit per night: £240"). */
export function isTableRow(line: string): boolean {
  return ROW.test(line.trim());
}

/**
 * Whether the question names this table row and asks for one of its cells (issue #15): a cell
 * other than the asked one has every word in the question (its key: "Burbank", "London"), and
 * either a column header shares the question's words or the row states a fact of the asked kind.
 * Such a row answers the question whatever the sentence-level gate says.
 */
export function rowAnswersQuestion(
  question: string,
  row: string,
  questionTerms: ReadonlySet<string>,
  sharedTerms: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): boolean {
  if (!isTableRow(row)) return false;
  // A row about another thing names nothing, whichever cell would: "How much is the Dell XPS 16 with
  // 32 GB RAM?" against "Model: ThinkPad 16; RAM: 32 GB" (numbered-key round 2, (b)).
  if (namesAnotherRow(question, row, questionTerms)) return false;
  const numbered = numberedWords(figureText(question));
  const cell = rowCellSpan(question, row, questionTerms);
  const slot = questionSlot(question);
  const typed =
    slot !== null &&
    slot !== 'yesno' &&
    slotSpans(row, slot, question).some((s) => !question.toLowerCase().includes(s.text.toLowerCase()));
  if (!cell && !typed) return false;
  for (const m of row.matchAll(/([^:;]+):\s*([^;]+)/gu)) {
    const value = m[2]!.trim();
    // A cell numbering the question's word otherwise names another thing, wherever it stands: "Office:
    // Room 214" is not "Who sits in Room 215?" (third review of numbered-key round 2).
    if ((cell && value === cell.text) || numbersOtherwise(numbered, value)) continue;
    const terms = lexicalTerms(value).filter((t) => !/^\d+$/u.test(t));
    if (terms.length > 0 && terms.every((t) => questionTerms.has(t))) return true;
    // "the City" names "Lumora City" when every row of the column says "Lumora" (a brand, a
    // series): a word all the keys share names none of them (probe3: "How much does the City
    // weigh?" abstained on the row it asked about).
    const shared = sharedTerms.get(m[1]!.trim());
    if (
      shared &&
      terms.some((t) => questionTerms.has(t) && !shared.has(t)) &&
      terms.every((t) => questionTerms.has(t) || shared.has(t)) &&
      !namesOtherThing(question, terms, shared)
    )
      return true;
  }
  return false;
}

// A run of capitalised words in a question: a name ("Southern Africa", "Lumora City"), starting at
// a word's start: the "Wh" of "750 kWh" is no name (probe-leftovers round, (g)).
const NAME_RUN = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}'’-]*(?:\s+\p{Lu}[\p{L}\p{N}'’-]*)*/gu;

/**
 * Whether a name in the question holds a word of the cell and a word neither in the cell nor
 * shared by its column: "Southern Africa" names no "Southern Europe" row, though "Europe" is
 * shared by the column (probe3 review: the row answered and the gate could not abstain). The
 * question's first word ("How") is no part of a name.
 */
function namesOtherThing(
  question: string,
  cellTerms: readonly string[],
  shared: ReadonlySet<string>,
): boolean {
  const cell = new Set(cellTerms);
  for (const m of question.matchAll(NAME_RUN)) {
    const run = m.index === 0 ? m[0].replace(/^\S+\s*/u, '') : m[0];
    const words = lexicalTerms(run);
    if (words.some((t) => cell.has(t)) && words.some((t) => !cell.has(t) && !shared.has(t))) return true;
  }
  return false;
}

/**
 * Per column of the table rows among `lines`, the terms its cells share: a term in every cell of
 * the column, over at least three rows ("Lumora" in "Lumora City", "Lumora Trail", "Lumora Cargo").
 */
export function sharedColumnTerms(lines: readonly string[]): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>[]>();
  for (const line of lines) {
    if (!isTableRow(line)) continue;
    for (const m of line.matchAll(/([^:;]+):\s*([^;]+)/gu)) {
      const header = m[1]!.trim();
      const cells = columns.get(header) ?? [];
      cells.push(new Set(lexicalTerms(m[2]!.trim())));
      columns.set(header, cells);
    }
  }
  const shared = new Map<string, Set<string>>();
  for (const [header, cells] of columns) {
    if (cells.length < 3) continue;
    const [first, ...rest] = cells;
    const common = new Set([...first!].filter((t) => rest.every((c) => c.has(t))));
    if (common.size > 0) shared.set(header, common);
  }
  return shared;
}

/**
 * In a table row, the value of the column the question names: its header shares the most
 * question terms, and the question does not already contain its value (the row's key cell).
 * Among headers sharing as many terms, the one the question covers most wins: "What time does the
 * York store open on Sunday?" names "Sunday" whole and "Store ID" only by its "store" (a word a
 * row of stores repeats in several headers). A "where" question that names no header whole asks
 * for the row's place column (address, location…).
 */
function rowCellSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
): SlotSpan | null {
  if (!ROW.test(sentence)) return null;
  const asked = question.toLowerCase();
  let best: { span: SlotSpan; overlap: number; cover: number } | null = null;
  let place: SlotSpan | null = null;
  let key: SlotSpan | null = null;
  const keyAsked = asksForKey(question, sentence);
  for (const m of sentence.matchAll(/([^:;]+):\s*([^;]+)/gu)) {
    const value = m[2]!.trim();
    if (!value || namedIn(asked, value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    const span = { start, end: start + value.length, text: value };
    if (!place && PLACE_HEADER.test(m[1]!)) place = span;
    const header = lexicalTerms(m[1]!);
    const overlap = header.filter((t) => questionTerms.has(t)).length;
    if (overlap === 0) continue;
    // "When is the office on Place du Torrent open?": the key header's word names the row ("the
    // office…"); another column the question names, or the kind of value it asks for, is the asked
    // cell, and the key cell only when there is none (highlight round (A)).
    if (m.index === 0 && !keyAsked) {
      key = span;
      continue;
    }
    const cover = overlap / header.length;
    if (best && (overlap < best.overlap || (overlap === best.overlap && cover <= best.cover))) continue;
    best = { span, overlap, cover };
  }
  if (place && (!best || best.cover < 1) && questionSlot(question) === 'place') return place;
  return best?.span ?? kindCellSpan(question, sentence) ?? key;
}

// The two words "what" asks for: "What is the cheapest plan…", "What room number…" (not "What time
// does the store…", "What's the monthly cost of…"); and "the branch that opens on Sunday".
const WHAT_WORDS =
  /\bwhat(?:['’]s|\s+(?:is|are|was|were))?\s+(?:(?:the|a|an|your|our)\s+)?([\p{L}\p{N}'’-]+(?:\s+[\p{L}\p{N}'’-]+)?)/iu;
const WHICH_ASKED = /^\s*(?:\p{L}+\s+)?which\b|哪/iu;

/**
 * Whether the question asks for the row's key: it asks which one ("Which store opens earliest…",
 * "哪个套餐…"), or the key header's word follows its "what" ("What is the cheapest plan…", "What
 * room number is the meeting in?"), not at the end of what it asks ("What's the monthly cost of
 * the 100 GB plan?").
 */
function asksForKey(question: string, row: string): boolean {
  if (WHICH_ASKED.test(question)) return true;
  const header = new Set(lexicalTerms(/^([^:;]+):/u.exec(row)?.[1] ?? ''));
  const asked = WHAT_WORDS.exec(question)?.[1];
  if (asked && lexicalTerms(asked).some((t) => header.has(t))) return true;
  return [...question.matchAll(/([\p{L}-]+)\s+(?:that|who)\b/giu)].some((m) =>
    lexicalTerms(m[1]!).some((t) => header.has(t)),
  );
}

// "Which plan has…", "What plan do I need…", "Which delivery option is…": the noun the question asks
// to pick is one or two words before a verb ("What room rate per night…" asks for a rate); in
// Chinese, the words after 哪个.
const WHICH_NOUN =
  /^\s*(?:which|what)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+(?=(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|should|includes?|offers?|comes?|gives?|lets?|allows?|supports?|needs?|requires?|costs?|gets?|charges?|accepts?|covers?|doesn't|don't|isn't|aren't|hasn't|haven't)\b)/iu;
const WHICH_ZH = /哪(?:个|种|家|款|一个|一种|一款)?/u;

/**
 * "Which plan has no minimum term?" names a column and its value and asks for the row's key: the
 * key cell ("Flex"), when the key column's header is the asked noun (probe-leftovers round).
 */
function askedKeyCell(question: string, row: string): SlotSpan | null {
  const key = /^([^:;]+):\s*([^;]+)/u.exec(row);
  if (!key) return null;
  const headerText = key[1]!.trim();
  const which = WHICH_ZH.exec(question);
  if (which) {
    // "哪个套餐没有最低期限": the words after 哪个 open with the key's header.
    if (!question.slice(which.index + which[0].length).startsWith(headerText)) return null;
  } else {
    const noun = WHICH_NOUN.exec(question)?.[1];
    if (!noun) return null;
    const header = new Set(lexicalTerms(headerText));
    const asked = new Set(lexicalTerms(noun));
    if (header.size === 0 || asked.size !== header.size || ![...header].every((t) => asked.has(t)))
      return null;
  }
  const value = key[2]!.trim();
  if (!value || namedIn(question.toLowerCase(), value)) return null;
  const start = key.index + key[0].lastIndexOf(value);
  return { start, end: start + value.length, text: value };
}

/**
 * Questions that name no column but ask for the kind of value one holds: "How much is the espresso
 * machine?" asks for the "Price (EUR)" cell, "What does the tower fan weigh?" for "Weight (kg)"
 * (probe3: catalogue and price-list rows highlighted the row's key or a size in its name). The first
 * kind the question asks wins, so "How much does it weigh?" asks for a weight, not a price.
 */
const HEADER_KINDS: readonly (readonly [question: RegExp, header: RegExp])[] = [
  [/\b(?:weigh\w*|heav(?:y|ier|iest)|lighter|lightest)\b/iu, /\b(?:weight|mass)\b/iu],
  [
    /\b(?:how much|costs?|costing|price[sd]?|pricing|cheap\w*|expensive|fees?)\b|多少钱|价格|价钱|费用|收费/iu,
    /\b(?:price|cost|fee|charge|amount|eur|usd|gbp|nok|sek|dkk|chf)\b|[€$£]|(?<!评)价|(?<!免)费(?!率)|金额/iu,
  ],
  [/\b(?:in stock|stock|inventory)\b/iu, /\b(?:stock|inventory|quantity|qty)\b/iu],
  [/\bcolou?rs?\b/iu, /\bcolou?rs?\b/iu],
  // "学生卡打几折" asks for the 折扣 cell ("八五折"; probe-leftovers round).
  [/几折|折扣|打折|\bdiscount\b/iu, /折扣|折|\bdiscount\b/iu],
];

// A header that names its unit or currency: "Price (EUR)", "Weight (kg)", "Cost in USD".
const UNIT_HEADER = /\(|[€$£]|\b(?:eur|usd|gbp|nok|sek|dkk|chf|kg|g|lbs?|grams?|kilograms?|pounds?)\b/iu;

// Header words that say only what kind of figure a cell holds, or its unit.
const HEADER_PLAIN_WORDS = new Set(
  'price prices cost costs fee fees charge charges amount weight mass stock inventory quantity qty colour color colours colors in of per unit the eur usd gbp nok sek dkk chf kg g lb lbs gram grams kilogram kilograms pound pounds 价格 价钱 售价 单价 现价 金额 折扣'.split(
    ' ',
  ),
);

function kindCellSpan(question: string, row: string): SlotSpan | null {
  const index = HEADER_KINDS.findIndex(([asks]) => asks.test(question));
  const kind = HEADER_KINDS[index];
  if (!kind) return null;
  // A weight or a price is a figure: "Price range: Mid" states neither (probe3 review).
  const figure = index <= 1;
  const asked = question.toLowerCase();
  let found: { span: SlotSpan; rank: number } | null = null;
  for (const m of row.matchAll(/([^:;]+):\s*([^;]+)/gu)) {
    const value = m[2]!.trim();
    if (!value || namedIn(asked, value) || !kind[1].test(m[1]!)) continue;
    if (figure && !/\d/u.test(value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    // A header with words the question does not use names another amount ("Shipping fee (EUR)" for
    // the price, "Price (incl. VAT)"; second review); among the rest, one naming its unit wins.
    const foreign = (m[1]!.toLowerCase().match(/\p{L}+/gu) ?? []).some(
      (word) => !HEADER_PLAIN_WORDS.has(word) && !asked.includes(word),
    );
    const rank = (foreign ? 0 : 2) + (UNIT_HEADER.test(m[1]!) ? 1 : 0);
    if (!found || rank > found.rank)
      found = { span: { start, end: start + value.length, text: value }, rank };
  }
  return found?.span ?? null;
}

/**
 * Whether the (lower-cased) question names a cell's value: whole, or but for a bracketed note
 * ("普通员工（P1–P5）" for "普通员工出差…", "Private Office (2 people)" for "the private office";
 * Chinese highlight round (H1)).
 */
function namedIn(asked: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (asked.includes(lower)) return true;
  const notes = [...lower.matchAll(/[(（]([^()（）]*)[)）]/gu)].map((m) => m[1]!);
  // A note the question speaks of is what it asks ("VIP会员（年消费满1万元）" for "…需要消费多少…"; review).
  if (notes.some((note) => lexicalTerms(note).some((term) => asked.includes(term)))) return false;
  const bare = lower.replace(/\s*[(（][^()（）]*[)）]\s*/gu, ' ').trim();
  return bare !== lower && bare.length >= 2 && asked.includes(bare);
}

/** A row's key (first) cell: "Model: Pixel 7; Price: $599" → "Pixel 7". */
const rowKey = (row: string) => /^[^:;]+:\s*([^;]+)/u.exec(row)?.[1] ?? '';

/** The words of a row's key (first) cell, figures aside: "City: London; …" → london. */
export function rowKeyTerms(row: string): string[] {
  return lexicalTerms(rowKey(row)).filter((t) => !/^\d+$/u.test(t));
}

// Which one of a numbered kind a text names: a word and the figures after it ("Pixel 9", "Bus 42",
// "Pixel-7", "Room 12B", "Pixel 7, 8 and 9", "the Pixel 7 or 8"). A figure a space before its word ("5
// GB", "for 3 people") is a quantity, a need more than a name, and is not read (review of the round).
const LATIN_LETTER = '(?:(?!\\p{Script=Han})\\p{L})';
// A one-letter suffix belongs to the figure ("7a"); an ordinal ("11th") is no figure.
const FIGURE = `\\d+(?:[.,:]\\d+)*(?:${LATIN_LETTER}(?!${LATIN_LETTER}))?`;
const FIGURES = new RegExp(FIGURE, 'giu');
const NUMBERED_WORD = new RegExp(
  `(?<!${LATIN_LETTER}|\\p{N})(${LATIN_LETTER}+)(?:\\s+|-)(${FIGURE}(?:\\s*(?:,|/|&|and|or)\\s*${FIGURE})*)(?!\\p{N}|${LATIN_LETTER}|[.,:]\\d)`,
  'giu',
);
// A figure hyphened to its word names which one too: "24-month contract", "2-bedroom", "12- or 24-month"
// (numbered-key round 2, (e)); with a space it is a quantity ("for 3 people"). The rest of the
// hyphened word is read past, so that a range after it is seen ("5-year-olds and up").
const FIGURE_HYPHEN_WORD = new RegExp(
  `(?<![\\p{L}\\p{N}.,\\-–])((?:\\d+(?:\\.\\d+)?-?\\s*(?:,|or|and|&|/)\\s*)*\\d+(?:\\.\\d+)?)-(${LATIN_LETTER}+)(?:-${LATIN_LETTER}+)*`,
  'gu',
);
// In Chinese, figures after a Han character ("小米15", "畅享300", "第2期", "小米14和15", "宽带300M和100M"),
// not a date's or a time's, or before a word that numbers: 3楼 (三楼), 2代, 5路, 7号机 (written 7日机 by
// writtenChinese, as a date is), "3号和5号机", "3、5号机". (writtenChinese leaves "二代", "五路" as they are.)
const ZH_LIST = '\\s*[和、或与及跟,，/]\\s*';
const ZH_NUMBERED = new RegExp(
  `([\\p{Script=Han}])(\\d+(?:\\.\\d+)?[A-Za-z]{0,3}(?:${ZH_LIST}\\d+(?:\\.\\d+)?[A-Za-z]{0,3})*)(?![\\d.])`,
  'gu',
);
// Nor a threshold's: 满100元, 超过3天, 低于5人, 不足2年, 约10分钟.
const ZH_NOT_NAMING = /[年月日号周点时分秒满过于足到至约近]/u;
const ZH_NUMBER_WORD = '(?:型|代|楼|层|期|级|路|日[机楼房室车线门店窗柜台桌])';
const ZH_NUMBERED_BY = new RegExp(
  `(\\d+(?:[型代楼层期级路日]?${ZH_LIST}\\d+)*)\\s*(${ZH_NUMBER_WORD})`,
  'gu',
);
// Words whose figure is a date or a time: "May 1", "June 3, 2025" (the same for weekdays).
const NO_DESIGNATOR = new RegExp(
  `^(?:${WEEKDAY}|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$`,
  'iu',
);
// A figure that bounds a range or a threshold holds other figures too: "Child 3-12", "Version 1 and
// later", "aged 12 or older", "since version 3.2", "2楼至5楼", "满1年不满10年", "7天（含）以上" (reviews).
const RANGE_AFTER =
  /^\s*(?:[-–~至到]\s*\d|\+|to\s+\d|(?:or|and) (?:more|later|newer|older|younger|above|higher|up|over|less|fewer|below|under|earlier)\b|onwards?\b|\p{Script=Han}?\s*[（(]?含?[）)]?\s*(?:及?以[上下内后前]|之[后前]|起))/iu;
const RANGE_BEFORE =
  /(?:\b(?:since|as of|at least|at most|up to|starting with|prior to)|\d-\p{L}+\s+to|[<>≤≥~–至到-]|满|超过|低于|高于|大于|小于|不足)\s*$/iu;

/** Text as figures are read: full-width as ASCII, traditional Han folded, Chinese numerals as digits. */
const figureText = (text: string) => writtenChinese(foldHan(text.normalize('NFKC')));
// "1,000" and "1000", "07" and "7", "12B" and "12b" are one figure.
const plainFigure = (figure: string) =>
  figure
    .toLowerCase()
    .replace(/,(?=\d{3}(?!\d))/gu, '')
    .replace(/^0+(?=\d)/u, '');
// The shorter figure says less, not something else: "14" for "14.0", "9" for "9:00", "24" for "2024",
// "7" for the plural "7s" ("Do Pixel 7s support eSIM?").
const sameFigure = (a: string, b: string) => {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long === short || long === `${short}s`) return true;
  if (long.startsWith(short) && /[.,:]/u.test(long[short.length]!)) return true;
  return /^(?:19|20)\d\d$/u.test(long) && short.length === 2 && long.endsWith(short);
};

/** The figures a text gives to each word that numbers: "Pixel 7 or 8 with 128 GB" → pixel {7, 8}. */
function numberedWords(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (word: string, figures: string, start: number, end: number) => {
    if (RANGE_BEFORE.test(text.slice(0, start)) || RANGE_AFTER.test(text.slice(end))) return;
    out.set(word, [...(out.get(word) ?? []), ...(figures.match(FIGURES) ?? []).map(plainFigure)]);
  };
  for (const m of text.matchAll(NUMBERED_WORD))
    if (!NO_DESIGNATOR.test(m[1]!) && lexicalTerms(m[1]!).length > 0)
      add(m[1]!.toLowerCase(), m[2]!, m.index, m.index + m[0].length);
  for (const m of text.matchAll(FIGURE_HYPHEN_WORD))
    if (lexicalTerms(m[2]!).length > 0) add(`<${m[2]!.toLowerCase()}`, m[1]!, m.index, m.index + m[0].length);
  for (const m of text.matchAll(ZH_NUMBERED))
    if (!ZH_NOT_NAMING.test(m[1]!)) add(m[1]!, m[2]!, m.index, m.index + m[0].length);
  for (const m of text.matchAll(ZH_NUMBERED_BY)) add(`<${m[2]}`, m[1]!, m.index, m.index + m[0].length);
  return out;
}

/**
 * Whether a cell numbers a word that the question numbers otherwise (`asked`, from numberedWords of the
 * question): "Model: Pixel 7" is another phone than "How much is the Pixel 9?", "7号机" another machine
 * than "五号机" (numbered-key round 2). Cells key by their words and drop their figures (rowKeyTerms),
 * so such a row named the question's thing and skipped every gate. The whole message is read, as
 * naming reads it: "I want the Pixel 9. How much is it?" asks about the 9; a figure the question gives
 * the word anywhere keeps the cell ("the Pixel 7 or 8", "We have 3 Pixel 7s. How much is the Pixel 8?").
 */
function numbersOtherwise(asked: ReadonlyMap<string, readonly string[]>, cell: string): boolean {
  if (asked.size === 0) return false;
  for (const [word, figures] of numberedWords(figureText(cell))) {
    const given = asked.get(word);
    if (given && !figures.some((f) => given.some((g) => sameFigure(f, g)))) return true;
  }
  return false;
}

/** Whether the question names the row's key (first) cell: every word of it is a question word. */
export function namesRowKey(row: string, questionTerms: ReadonlySet<string>): boolean {
  const keyTerms = rowKeyTerms(row);
  return keyTerms.length > 0 && keyTerms.every((t) => questionTerms.has(t));
}

// A name in the question (NAME_RUN: "kWh" holds none), not a sentence's first word ("I travel next
// week. Quick question: …" names nothing).
const NAME_IN_QUESTION = new RegExp(`(?<![.!?:]\\s*)${NAME_RUN.source}`, 'gu');
// Days and months name a condition of the question ("…on a Sunday", "in December"), no rival row.
const DAY_OR_MONTH = new RegExp(
  `^(?:${WEEKDAY}|january|february|march|april|may|june|july|august|september|october|november|december)$`,
  'iu',
);
const folded = (text: string) => withoutAccents(text).toLowerCase();

/** An acronym the row spells out: "UK" for "United Kingdom", "EU" for "Europe", "NYC" for "New York City". */
function spelledOut(acronym: string, row: string): boolean {
  if (!/^[A-Z]{2,4}$/u.test(acronym)) return false;
  const lower = acronym.toLowerCase();
  if (new RegExp(`(?<![\\p{L}])${lower}`, 'u').test(folded(row))) return true;
  return [...row.matchAll(NAME_RUN)].some(
    (m) =>
      m[0]
        .split(/\s+/u)
        .map((w) => w[0])
        .join('')
        .toLowerCase() === lower,
  );
}

/**
 * Whether a row is about another thing than the question names: the question does not name its key
 * cell, and gives a name of which the row has no word: "What is the hotel limit in Paris?" against
 * "City: Berlin; Hotel limit…: €180" (table-row round). Review: a weekday or a month names no row,
 * an acronym may be a word the row spells out, a name is compared without its accents ("Zurich" for
 * "Zürich"), and a sentence's first word is no name. A capitalised condition ("…if I pay by Visa")
 * still takes the row's highlight away, and the row names nothing (numbered-key round 2, (b)), so it
 * passes the gate only on its sentence support: no answer is a smaller fault than another row's one.
 * A key numbering the question's word otherwise ("Pixel 7" for "the Pixel 9") is another thing too.
 */
function namesAnotherRow(question: string, row: string, questionTerms: ReadonlySet<string>): boolean {
  if (numbersOtherwise(numberedWords(figureText(question)), rowKey(row))) return true;
  if (namesRowKey(row, questionTerms)) return false;
  const rowText = folded(row);
  for (const m of question.matchAll(NAME_IN_QUESTION)) {
    if (m.index === 0) continue;
    const words = m[0]
      .split(/\s+/u)
      .filter((w) => lexicalTerms(w).length > 0 && !DAY_OR_MONTH.test(w) && !spelledOut(w, row));
    if (words.length > 0 && words.every((w) => !rowText.includes(folded(w)))) return true;
  }
  return false;
}

// "the cheapest way to ship", "the most expensive month to book": a price word that asks for a way,
// a time or a choice, not for a figure.
const CHEAPEST_OTHER =
  /\b(?:cheap\w*|expensive)\s+(?:way|ways|method|option|options|month|day|days|time|week|season|route|date|place)\b/iu;

/**
 * A price asked of a row with no price column: the first money figure a cell states ("What's the most
 * expensive bike I can lease?" against "What Northwind pays: Leasing via salary conversion, bikes up
 * to €4,000"; table-row round). Only for the highlight: the gate's row test is left as it was. A figure
 * a condition bounds ("salary over €30,000", "free on orders over €50") is no price (review).
 */
function rowAmountSpan(question: string, row: string): SlotSpan | null {
  if (!HEADER_KINDS[1]![0].test(question) || HEADER_KINDS[0]![0].test(question)) return null;
  // An amount question ("How much is…") is read by the amount slot below, nearest the asked words;
  // a yes/no one ("Are there cheaper plans…?") asks for no figure.
  const slot = questionSlot(question);
  if (slot === 'amount' || slot === 'yesno' || CHEAPEST_OTHER.test(question)) return null;
  for (const m of row.matchAll(/([^:;]+):\s*([^;]+)/gu)) {
    const value = m[2]!;
    const at = m.index + m[0].length - value.length;
    const money = slotSpans(value, 'amount', question).find(
      (s) => /\d/u.test(s.text) && !THRESHOLD_BOUND.test(value.slice(0, s.start)),
    );
    if (money) return { start: at + money.start, end: at + money.end, text: money.text };
  }
  return null;
}

// "What's the monthly limit…", "what is the liability cap", "whats the warranty on the motor": a
// question of no typed kind that asks for a thing measured by a figure.
const MEASURE_NOUN_QUESTION =
  /^\s*(?:what(?:'s|s|\s+is|\s+are|\s+was|\s+were)?)\s+(?:the\s+|your\s+|my\s+|our\s+)?(?:[\p{L}-]+\s+){0,2}?(limits?|range|caps?|ceiling|allowances?|rates?|fees?|prices?|costs?|charges?|deposit|budget|salary|size|capacity|weight|speed|distance|threshold|minimum|maximum|warranty|guarantee|discount|interest|penalty|fine|deductible|excess|commission|notice period|retention period|quota)\b/iu;

/**
 * For such a question, the first figure (an amount, a percentage, a duration or a measure) that
 * follows the asked noun, or else a question word, in the same clause and within a few words:
 * "a monthly limit of NOK 40,000", "a range of up to 110 km", "a warranty of 2 years". Probe3: the
 * gap picker took a word instead ("NOK", "Lumora", "Agreement").
 */
export function measureNounSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
): SlotSpan | null {
  const noun = MEASURE_NOUN_QUESTION.exec(question)?.[1]?.toLowerCase();
  if (!noun) return null;
  const asked = question.toLowerCase();
  const lower = sentence.toLowerCase();
  // The figures of a short window after a place of the noun only: the slot patterns over a whole
  // long sentence cost time quadratic in its length (probe3 review: 20k characters of "1," took
  // 663 ms).
  const figureAfter = (at: number): SlotSpan | null => {
    const window = sentence.slice(at, at + MEASURE_WINDOW);
    const first = (['amount', 'percent', 'duration', 'count'] as const)
      .flatMap((kind) => slotSpans(window, kind, question))
      .filter((span) => span.start > 0 && /\d/u.test(span.text) && !asked.includes(span.text.toLowerCase()))
      .sort((a, b) => a.start - b.start)[0];
    if (!first) return null;
    // A figure cut by the window's end is no figure of this place.
    if (first.end === window.length && at + MEASURE_WINDOW < sentence.length) return null;
    return { start: at + first.start, end: at + first.end, text: first.text };
  };
  const after = (stem: string): SlotSpan | null => {
    let tries = 0;
    for (let i = lower.indexOf(stem); i >= 0 && tries < MEASURE_PLACES; i = lower.indexOf(stem, i + 1)) {
      tries++;
      const next = figureAfter(i);
      if (!next) continue;
      const between = sentence.slice(i, next.start);
      // Same clause, and near: at most eight words from the noun to its figure.
      if (/[;.!?]\s/u.test(between) || between.split(/\s+/u).length > 9) continue;
      return withRate(sentence, withMeasureNoun(sentence, next));
    }
    return null;
  };
  const nounStem = noun.replace(/(?:ies|s)$/u, '');
  // The asked phrase whole first ("the minimum stay"), then its noun, then any question word.
  const phrase = MEASURE_PHRASE.exec(
    question.slice(question.toLowerCase().indexOf(noun)),
  )?.[0]?.toLowerCase();
  return (
    (phrase && phrase !== noun ? after(phrase) : null) ??
    after(nounStem) ??
    [...questionTerms].map(after).find((span) => span !== null) ??
    null
  );
}

// Eight words from the noun to its figure, and the figure, fit in this many characters.
const MEASURE_WINDOW = 160;
// The places of the asked noun looked at, at most.
const MEASURE_PLACES = 20;
// The asked noun and the word after it, when that is no verb or preposition: "minimum stay".
const MEASURE_PHRASE =
  /^[\p{L}-]+(?:\s+(?!(?:is|are|was|were|of|for|on|in|at|to|with|per|do|does|did|can|will|would|should|i|we|you|the|a|an)\b)[\p{L}-]+)?/iu;
// The noun a bare number counts: "2 nights", "14 days" (a word, not a function word).
// The noun must end the phrase (a stop, a preposition, an adjective of measure or the end follows:
// "14 characters long"): "3 except in July", "10 unless…", "200 payable on arrival" take no noun
// (second review).
const COUNTED_NOUN =
  /^\s+(?!(?:and|or|to|of|in|on|at|per|for|the|a|an|is|are|was|were|with|from|by|but|if|than|except|unless|when|where|while|during|until|before|after|so|as|seems?|looks?|sounds?|remains?|stays?|feels?|appears?|becomes?|gets?|applies|apply)\b)([\p{Ll}][\p{Ll}-]*)(?<!(?:ing|able|ible|ly))(?=\s*(?:$|[.,;:!?)]|\s(?:and|or|per|a|an|each|of|in|on|at|for|from|to|with|max|maximum|minimum|long|wide|tall|high|deep|thick|old)\b))/u;

/** A bare number keeps the noun it counts: "the minimum stay is 2 nights" → "2 nights" (probe3 review). */
function withMeasureNoun(sentence: string, span: SlotSpan): SlotSpan {
  if (!/^[\d.,]+$/u.test(span.text)) return span;
  const noun = COUNTED_NOUN.exec(sentence.slice(span.end, span.end + 40));
  if (!noun) return span;
  const end = span.end + noun[0].length;
  return { start: span.start, end, text: sentence.slice(span.start, end) };
}

/** A figure keeps its rate: "the hotel limit is $200 per night" → "$200 per night" (bound-and-rate round). */
function withRate(sentence: string, span: SlotSpan): SlotSpan {
  const rate = RATE.exec(sentence.slice(span.end));
  return rate ? extended(sentence, span, span.end + rate[0].length) : span;
}

// A number with a unit of measure ("200 kg", "110 km", "750 Wh"), never a price.
const MEASURE =
  /\d\s?(?:[KMGTP]i?B|kg|g|lbs?|oz|km|mi|miles?|m|cm|mm|litres?|liters?|ml|kWh|Wh|kW|W|[KMG]bps)\b/u;

/** In a table row the question names by a cell's whole value, the first cell it does not name. */
function namedRowCell(question: string, row: string): SlotSpan | null {
  if (!ROW.test(row)) return null;
  const asked = question.toLowerCase();
  const cells = [...row.matchAll(/([^:;]+):\s*([^;]+)/gu)].map((m) => {
    const value = m[2]!.trim();
    const start = m.index + m[0].lastIndexOf(value);
    return { start, end: start + value.length, text: value };
  });
  if (!cells.some((c) => c.text.length > 1 && asked.includes(c.text.toLowerCase()))) return null;
  return cells.find((c) => c.text && !asked.includes(c.text.toLowerCase())) ?? null;
}

// A deadline counted from now or from an event: "within 48 hours", "within 30 days".
// A "when" question about a past event.
const PAST_WHEN = /\bwhen\s+(?:was|were|did|had)\b/iu;
const DEADLINE = new RegExp(`\\bwithin\\s+${NUMBER}[\\s-]+${TIME_UNIT}\\b`, 'iu');

// A column header that holds a place.
const PLACE_HEADER = /\b(?:address|location|street|venue|premises)\b/iu;

// A question that asks how to do something: its answer is a procedure.
const HOW_TO_QUESTION = /\bhow (?:do|can|could|should|shall) (?:i|we|you)\b|\bhow to\b/iu;
// A question that asks for something, with or without its mark (customers leave it off: "who was
// the norse leader"), not a request ("Tell me how refunds work", "I don't know what to do"): a
// question word opening it or a clause of it ("From which countries…", "…, where does…", "the Rhine
// and what other river…"). Not in capitals: "WHO guidelines" names an organisation.
const WH_WORD = '(?:[Ww]hat|[Ww]hich|[Ww]hose|[Ww]ho|[Ww]hom|[Ww]here|[Ww]hen|[Ww]hy|[Hh]ow)';
const WH_QUESTION = new RegExp(
  `(?:^\\s*|[,;]\\s*|\\b(?:[Ff]rom|[Ii]n|[Oo]n|[Aa]t|[Tt]o|[Bb]y|[Oo]f|[Ff]or|[Ww]ith|[Bb]esides|than|and|or)\\s+)${WH_WORD}\\b|\\?\\s*$`,
  'u',
);
