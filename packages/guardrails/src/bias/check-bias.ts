import { splitSentences } from '@grounded/text';
import { findGroupMentions, type GroupMention, isWeakGroupTerm } from '../text/groups';
import { EN_HATE_PREDICATES, ZH_HATE_PREDICATES } from '../toxicity/lexicon';
import type { Verdict, VerdictSpan } from '../types';

export const BIAS_VERSION = 'bias-rules@1.0.0';

export interface CheckBiasOptions {
  /** Score at or above which a sentence is flagged (default 0.5). */
  threshold?: number;
}

// "All X", "most X", "X always", "typical X": the statement is about the whole group.
const EN_QUANTIFIER_BEFORE =
  /\b(?:all|every|most|typical|typically|these|those|such|like all|like most|you know how)\s+(?:of (?:the|them)\s+)?$/i;
const EN_MARKER_AFTER =
  /^\s*(?:people|men|women|kids|guys|folks|families|drivers|students|workers|girls|boys)?\s*(?:are (?:all|always|never|naturally|inherently|just|so|too|known (?:for|to))|all (?:are|have|do|look|act)|always|never|can'?t|cannot|don'?t know how|tend to|by nature|are (?:genetically|born)|are incapable|lack|belong)/i;
const EN_ARE_AFTER =
  /^\s*(?:people|men|women|kids|guys|folks|families|drivers|students|workers|girls|boys)?\s*(?:are|is|were|have|has|do|does|make|can|will|only)\b/i;

// Traits a stereotype attributes (negative and "positive" alike: "good at math" is still one).
const EN_TRAITS =
  /\b(?:lazy|stupid|dumb|unintelligent|less intelligent|smarter|greedy|cheap|stingy|violent|aggressive|dangerous|criminals?|thugs?|terrorists?|extremists?|dirty|smelly|filthy|bad (?:at|drivers?|with)|good at (?:math|science|sports|business|money)|emotional|hysterical|irrational|weak|bossy|submissive|inferior|superior|uneducated|ignorant|primitive|backward|savages?|thieves|steal|liars?|lying|cheat(?:ing|ers?)?|illegal|drunks?|alcoholics?|slow|senile|helpless|a burden|useless|can'?t (?:drive|lead|cook|dance|swim|be trusted|handle|do math|understand)|belong in the kitchen|only good for|untrustworthy|sneaky|manipulative|promiscuous|perverts?|predators?|diseased|mentally ill|crazy|poor|welfare|breed like|too sensitive|overreact|nag|gold.?diggers?|selfish|rude|loud|arrogant|ugly|fat|exotic|small (?:penis|peckers?|eyes)|all look (?:alike|the same)|indecisive|confused|just a phase|a phase|deviants?|monsters?|pathetic|not real|silly|no manners|racist|responsible for|programmed to|obey(?:ing)?|pervert|sex trafficking|bombings?|abuse|abandon)\b/i;

const ZH_MARKER =
  /^(?:都|全都|总是|一向|向来|天生|天生就|一般都|就是|个个|没一个|大多|基本都|肯定|根本|永远|从来|就该|只会|只能|不会|不能)/;
const ZH_QUANT_BEFORE = /(?:所有|凡是|大部分|大多数|这些|那些|典型的)$/;
const ZH_TRAITS =
  /懒|笨|蠢|愚蠢|贪|小气|抠门|暴力|危险|罪犯|恐怖分子|脏|骗子|小偷|偷东西|不会开车|开车技术差|情绪化|软弱|低等|劣等|没文化|没素质|素质低|穷|不行|不适合|只适合|就该在家|呆在家|不如男人|头发长见识短|靠不住|不可信|不靠谱|狡猾|自私|吵|粗鲁|愚昧|落后|野蛮|老糊涂|没用|负担|拖累|变态|有病|麻烦|能吃苦|精明|会做生意|数学好/;

interface SentenceFinding {
  start: number;
  end: number;
  score: number;
  hostile: boolean;
  groups: GroupMention[];
  why: string;
}

function scoreSentence(raw: string): Omit<SentenceFinding, 'start' | 'end'> | undefined {
  // Typographic apostrophes ("can’t") are one-for-one replaced, so offsets stay valid.
  const sentence = raw.replace(/[’‘]/g, "'");
  const groups = findGroupMentions(sentence, true).filter((g) => {
    // Weak terms ("black", "old", "he") are groups only before a plural noun or as "a <term> man".
    if (!isWeakGroupTerm(g.term)) return true;
    if (['he', 'she'].includes(g.term)) return false;
    return /^\s+(?:people|men|women|kids|guys|folks|families|person|man|woman|girls|boys|drivers|neighbou?rs|students|workers|children)\b/i.test(
      sentence.slice(g.end),
    );
  });
  if (groups.length === 0) return undefined;
  const hostile = EN_HATE_PREDICATES.test(sentence) || ZH_HATE_PREDICATES.test(sentence);
  const trait = EN_TRAITS.test(sentence) || ZH_TRAITS.test(sentence);
  let generalises = false;
  let bareSubject = false;
  for (const g of groups) {
    const before = sentence.slice(0, g.start);
    const after = sentence.slice(g.end);
    if (EN_QUANTIFIER_BEFORE.test(before) || EN_MARKER_AFTER.test(after)) generalises = true;
    if (ZH_QUANT_BEFORE.test(before) || ZH_MARKER.test(after.trimStart())) generalises = true;
    // A plural group as the subject of "are/have/can …" states something of the whole group.
    if (
      EN_ARE_AFTER.test(after) &&
      /s$|people|folk|chinese|japanese|vietnamese|elderly|lgbtq?\+?$/i.test(g.term)
    )
      bareSubject = true;
    if (/^(?:是|有|会|能|喜欢|就|很|太|比)/.test(after.trimStart())) bareSubject = true;
  }
  let score = 0;
  let why = '';
  if (hostile) {
    score = 0.95;
    why = 'hostile generalisation about a protected group';
  } else if (generalises && trait) {
    score = 0.9;
    why = 'generalisation attributing a trait to a protected group';
  } else if (bareSubject && trait) {
    score = 0.8;
    why = 'stereotyped statement about a protected group';
  } else if (generalises) {
    score = 0.6;
    why = 'sweeping generalisation about a protected group';
  } else if (trait) {
    score = 0.5;
    why = 'protected group mentioned next to a stereotyped trait';
  }
  if (score === 0) return undefined;
  return { score, hostile, groups, why };
}

/**
 * Flags generalisations about protected groups and stereotyped statements (English and Chinese).
 * `block` for hostile ones; `revise` otherwise, with `text` holding the text minus the flagged
 * sentences (without a generator, removal is the honest revision).
 */
export function checkBias(text: string, options: CheckBiasOptions = {}): Verdict {
  const threshold = options.threshold ?? 0.5;
  const findings: SentenceFinding[] = [];
  for (const s of splitSentences(text, { mode: 'stream' })) {
    const f = scoreSentence(s.text);
    if (f && f.score >= threshold) findings.push({ ...f, start: s.start, end: s.end });
  }
  if (findings.length === 0) {
    return {
      check: 'bias',
      version: BIAS_VERSION,
      action: 'allow',
      score: 0,
      reason: 'no generalisation about protected groups',
      spans: [],
    };
  }
  const spans: VerdictSpan[] = [];
  for (const f of findings) {
    spans.push({ start: f.start, end: f.end, label: f.hostile ? 'hostile_generalisation' : 'stereotype' });
    for (const g of f.groups)
      spans.push({ start: f.start + g.start, end: f.start + g.end, label: `group:${g.attribute}` });
  }
  const hostile = findings.some((f) => f.hostile);
  const attributes = [...new Set(findings.flatMap((f) => f.groups.map((g) => g.attribute)))];
  const verdict: Verdict = {
    check: 'bias',
    version: BIAS_VERSION,
    action: hostile ? 'block' : 'revise',
    score: Math.max(...findings.map((f) => f.score)),
    reason: `${findings[0]!.why} (${attributes.join(', ')}); ${findings.length} sentence(s)`,
    spans,
  };
  if (!hostile) {
    let revised = '';
    let pos = 0;
    for (const f of findings) {
      revised += text.slice(pos, f.start);
      pos = f.end;
    }
    verdict.text = (revised + text.slice(pos)).replace(/\s{2,}/g, ' ').trim();
  }
  return verdict;
}
