/**
 * Exceptions that keep an injection rule from firing when the words it matched belong to someone other
 * than the assistant (issue #19, rule precision). A customer "ignores the previous instructions I gave
 * the courier", "disables the content filter on my child's tablet", "forgot the answer to a security
 * question" or is "the administrator of our company account": the verb and noun of an attack are there,
 * but their object is the speaker's own, a third party's or a device's, not the model's instructions.
 * Each check reads the matched span and the text just after it, in the same view the rule matched.
 */

/** What a rule's exception sees: the matched text and the rest of its sentence after the match. */
export interface MatchContext {
  match: string;
  after: string;
  before: string;
}

export function matchContext(text: string, start: number, match: string): MatchContext {
  const end = start + match.length;
  const after = text.slice(end, end + 60).split(/[.!?。！？\n]/)[0] ?? '';
  const before =
    text
      .slice(Math.max(0, start - 40), start)
      .split(/[.!?。！？\n]/)
      .pop() ?? '';
  return { match, after, before };
}

// Words that may stand right before a control noun and still make it the model's ("ignore your
// safety rules", "the moderation guidelines"); any other modifier ("delivery instructions", "parking
// rules", "the setup wizard") names a thing of the customer's world.
const MODEL_MODIFIERS = new Set(
  `all any every the your their its previous prior above earlier preceding original initial old existing current
  these those of safety content usage company openai ethical ethics moral moderation developer developers
  system core built-in builtin default hidden secret internal operator operators ai assistant model chatbot bot
  programmed given following following: and or new own standard usual normal whole entire full
  security guard`
    .split(/\s+/)
    .filter(Boolean),
);

const EN_CONTROL_NOUNS =
  /\b(?:instructions?|directions?|rules|guidelines|guidance|prompts?|polic(?:y|ies)|restrictions?|limitations?|limits|safeguards?|filters?|filtering|training|programming|constraints|guardrails|configuration|setup|measures|settings|message)\b/gi;

/** The last control noun inside the match and the word just before it. */
function lastControlNoun(match: string): { noun: string; prev: string; index: number } | undefined {
  let found: { noun: string; prev: string; index: number } | undefined;
  for (const m of match.matchAll(EN_CONTROL_NOUNS)) {
    const head = match.slice(0, m.index).trimEnd();
    const prev = (head.match(/([\p{L}'-]+)$/u)?.[1] ?? '').toLowerCase();
    found = { noun: m[0].toLowerCase(), prev, index: m.index };
  }
  return found;
}

// The controls of a thing of the customer's: "the content filter on my child's tablet", "the rules
// for our office parking". Not when the thing is the conversation or the assistant itself.
const OWN_THING =
  /^\s*(?:on|for|in|of|at)\s+(?:my|our|his|her|their|the|this|a)\s+(?!(?:conversation|chat|session|answers?|repl(?:y|ies)|responses?|output|rest|model|assistant|ai|bot|chatbot|system|next|following|remainder)\b)[\p{L}'-]+/u;
// Instructions the speaker or a third party gave: "the instructions I gave", "the rules we agreed".
const SPEAKERS_OWN =
  /^\s*(?:(?:that|which)\s+)?(?:i|we|i've|we've|i'd|my\s+[\p{L}-]+|our\s+[\p{L}-]+|the\s+(?:courier|driver|seller|shop|store|landlord|teacher|doctor|plumber|agent|technician|installer|manufacturer))\s+(?:\w+\s+)?(?:gave|give|left|wrote|write|sent|send|added|put|typed|entered|set|made|mentioned|agreed|asked|told|had|noted|attached|included|provided|specified)\b/u;

/**
 * An English override match ("ignore … instructions", "disable … filter") whose object is not the
 * model's: owned by the speaker ("my instructions", "the instructions I gave"), modified by a word of
 * the customer's world ("the delivery instructions"), or the controls of a thing ("… on my tablet").
 */
export function enObjectNotTheModels(c: MatchContext): boolean {
  const noun = lastControlNoun(c.match);
  if (!noun) return false;
  // "ignore my earlier instructions": the speaker's own, wherever "my" sits among the qualifiers.
  const qualifiers = c.match.slice(0, noun.index).toLowerCase();
  if (/\b(?:my|our|his|her)\b/.test(qualifiers) && !/\byour\b/.test(qualifiers)) return true;
  if (
    noun.prev &&
    !MODEL_MODIFIERS.has(noun.prev) &&
    !/^(?:ignor|disregard|forget|overrid|bypass|skip|discard|drop|abandon|revok|disabl|follow|obey|adhere|comply|respect|break|cancel|void|remov|lift|suspend|deactivat|turn|switch|set|aside|away|off|from|to|with)/.test(
      noun.prev,
    )
  )
    return true;
  // "… on my tablet" is the customer's whatever follows; "… of the company that deployed you" is the
  // assistant's owner, so a thing named with "the" counts only when the clause does not speak of "you".
  const mine = /^\s*(?:on|for|in|of|at)\s+(?:my|our|his|her)\b/i.test(c.after);
  const aboutTheAssistant = /\byou(?:r|rself)?\b/i.test(c.after);
  return (
    (OWN_THING.test(c.after) && (mine || !aboutTheAssistant)) ||
    SPEAKERS_OWN.test(c.after) ||
    COMPOUND_HEAD.test(c.after) ||
    quotedMention(c)
  );
}

// The control noun is itself a modifier of a thing: "the setup wizard", "the rules page".
const COMPOUND_HEAD =
  /^\s*(?:wizard|page|screen|menu|button|file|folder|document|sheet|manual|book|booklet|card|leaflet|label|video|section|engine|box|tab|link|form|template|app)\b/i;

/** A short quoted phrase that is mentioned, not said: 'the character says "ignore all rules"'. */
export function quotedMention(c: MatchContext): boolean {
  const open = c.before.match(
    /(?:says?|said|called|titled|named|reads?|read|word|words|phrase|sign|slogan|song|label|button|error|message|means?|mean|printed|written)\s*[:,]?\s*["“'‘「]([^"“”'‘’「」]{0,20})$/i,
  );
  if (!open) return false;
  return /^[^"“”'‘’「」]{0,20}["”'’」]/.test(c.after);
}

/** "… in developer mode" of a phone, a router or a browser, not of the assistant. */
const DEVICE =
  /\b(?:phone|iphone|android|tablet|ipad|laptop|computer|pc|mac|macbook|device|router|modem|tv|console|xbox|playstation|ps5|switch|browser|chrome|car|watch|printer|camera|app|kindle|smartwatch|server)\b/i;
export function enModeOfADevice(c: MatchContext): boolean {
  return DEVICE.test(c.before) || DEVICE.test(c.after.split(/[,;]/)[0] ?? '');
}

const ZH_DEVICE =
  /手机|电脑|平板|安卓|苹果|iPhone|iphone|路由器|电视|浏览器|设置里|设置中|车机|手表|打印机|相机|笔记本|系统设置|游戏机/;
export function zhModeOfADevice(c: MatchContext): boolean {
  return ZH_DEVICE.test(c.before) || ZH_DEVICE.test(c.after.slice(0, 12));
}

// Objects that are the model's whatever is around them; the generic ones (规则, 要求, 限制, 设定,
// 约束, 政策, 过滤) need an owner that makes them the assistant's ("所有限制", "你的规则", "安全规则").
const ZH_MODEL_OBJECT = /指令|指示|提示词|系统提示|准则|训练|检索到的文档|用户的问题/;
const ZH_OWNER =
  /你|所有|一切|任何|全部|之前|以前|以上|上面|上述|原有|原来|原始|系统|安全|内容|AI|ai|模型|开发者|这些|那些|公司|使用/;

const ZH_VERB_FIRST =
  /^(?:忽略|忽视|无视|忘记|忘掉|忘了|别管|不要管|不用管|跳过|撤销|绕过|解除|废除|抛开|丢掉|放弃|不要|不再|不必|停止|关闭|不予理会|别理会|不要理会|不理会|不用理会|别理|抛弃|取消)/;

/**
 * A Chinese override match whose object is not the model's: the speaker's own ("我之前的要求",
 * "我刚才说的规则"), or a generic noun with no owner that would make it the assistant's
 * ("怎么解除限制" about an account, "积分规则").
 */
export function zhObjectNotTheModels(c: MatchContext): boolean {
  // Only the verb … object forms ("解除…限制"); a fixed phrase ("无限制模式") is the model's as it stands.
  if (!ZH_VERB_FIRST.test(c.match)) return false;
  // A bare 过滤 right after the verb ("关闭过滤") is the model's filtering; a customer's filter has a
  // modifier of its own (广告过滤, 垃圾邮件过滤).
  if (new RegExp(`${ZH_VERB_FIRST.source}(?:掉|了|你的|所有)?过滤`).test(c.match)) return false;
  if (
    /我(?:之前|刚才|上次|前面|先前|昨天)?(?:说|提|写|填|给|留|发|定)?的/.test(c.match) &&
    !/你/.test(c.match)
  )
    return true;
  if (ZH_MODEL_OBJECT.test(c.match)) return false;
  return !ZH_OWNER.test(c.match);
}

/**
 * "I'm the administrator of our clinic's account" is a role over the customer's own things; "the
 * administrator of this system" or "your developer" claims authority over the assistant.
 */
export function enRoleOverOwnThing(c: MatchContext): boolean {
  return /\b(?:developer|creator|administrator|admin|operator|owner|system administrator) (?:of|for) (?:our|my|the|this|a)\s+(?!(?:system|chat|chatbot|bot|assistant|ai|model|conversation|server|platform)\b)[\p{L}'-]+/u.test(
    c.match,
  );
}

/** "How do I reset the admin password of my router?": a how-to about the customer's own secret. */
export function enHowToOwnSecret(c: MatchContext): boolean {
  return (
    /\bhow (?:to|do i|can i|do we|can we|should i)\b/i.test(c.match) &&
    /\b(?:api[ -]?key|admin(?:istrator)? password)\b/i.test(c.match)
  );
}
