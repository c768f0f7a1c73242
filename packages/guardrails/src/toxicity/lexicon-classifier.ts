import { splitSentences } from '@grounded/text';
import { findGroupMentions } from '../text/groups';
import { mapSpan, normalizeWithMap } from '../text/normalize';
import type { VerdictSpan } from '../types';
import { EN_HATE_PREDICATES, EN_LEXICON, type LexiconEntry, ZH_HATE_PREDICATES, ZH_LEXICON } from './lexicon';
import {
  SAFETY_CATEGORIES,
  type SafetyClassifier,
  type SafetyResult,
  type SafetyScores,
} from './safety-classifier';

// 1.1: profanity or an insult said of a thing, or a mild exclamation, weighs half (issue #19);
// 1.1.1: words addressed to the reader are never discounted, and no person nouns count as things.
export const LEXICON_CLASSIFIER_VERSION = 'lexicon@1.1.1';

export interface LexiconSafetyClassifierOptions {
  /** Extra terms (e.g. a tenant's own list), added to the built-in English and Chinese lexicons. */
  extraTerms?: readonly LexiconEntry[];
}

interface CompiledEntry extends LexiconEntry {
  re: RegExp;
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '@': 'a',
  $: 's',
  '!': 'i',
};

function compile(entry: LexiconEntry): CompiledEntry {
  const ascii = /^[\x20-\x7e]+$/.test(entry.term);
  if (!ascii) return { ...entry, re: new RegExp(entry.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') };
  // Vowels may be masked ("f*ck", "sh!t" after de-leeting); spaces may be any run of non-letters.
  const body = [...entry.term]
    .map((ch) => {
      if (ch === ' ') return '[\\s_.-]+';
      const esc = ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // Letters may repeat ("fuuuck", "stupiddd").
      return /[aeiou]/.test(ch) ? `[${ch}*]+` : /[a-z]/.test(ch) ? `${esc}+` : esc;
    })
    .join('');
  return { ...entry, re: new RegExp(`(?<![a-z])${body}(?![a-z])`, 'g') };
}

/** The text as matched: normalised, de-leeted inside words, letter runs of 3+ collapsed ("fuuuck"). */
function prepare(text: string) {
  const norm = normalizeWithMap(text);
  let out = '';
  const map: number[] = [];
  const t = norm.text;
  for (let i = 0; i < t.length; i++) {
    let ch = t[i]!;
    const leet = LEET[ch];
    if (leet !== undefined && (/[a-z]/.test(t[i - 1] ?? '') || /[a-z]/.test(t[i + 1] ?? ''))) ch = leet;
    if (/[a-z]/.test(ch) && out.endsWith(ch + ch)) continue;
    out += ch;
    map.push(norm.map[i]!);
  }
  map.push(text.length);
  return { text: out, map };
}

/**
 * Things a customer complains about. Profanity or an insult aimed at one of them ("this update is
 * crap", "such a dumb policy", "these stupid marketing emails") is criticism of a product or service,
 * which a customer-service widget must answer, not abuse of a person. People ("your agent", "the
 * driver") are deliberately absent, and so are words that also name people ("driver", "excuse" as
 * in "a pathetic excuse for a human").
 */
const THING =
  'service|support|app|apps|application|website|site|page|pages|portal|update|updates|version|product|products|item|items|order|orders|delivery|deliveries|shipping|parcel|package|packages|box|refund|return|returns|label|invoice|invoices|bill|billing|price|prices|pricing|plan|plans|subscription|policy|policies|process|system|design|feature|features|button|checkout|cart|form|survey|surveys|email|emails|e-mail|e-mails|message|messages|newsletter|notification|notifications|coupon|code|discount|points|tracking|installer|software|program|firmware|charger|cable|device|phone|laptop|keyboard|printer|router|mattress|quality|experience|queue|wait|music|video|tutorial|manual|instructions|captcha|connection|internet|wifi|network|account|login|password|bot|chatbot|company|store|shop|airline|bank|thing|stuff|mess|situation|deal|contract|fee|fees|charge|charges';
/** The thing right after the hit, with at most one word between ("stupid marketing emails"). */
const THING_AFTER = new RegExp(`^(?:[\\s-]+[a-z']+)?[\\s-]+(?:${THING})\\b`);
/** "this is…", "the app was so…", "your pricing is a…": the hit is said of a thing. */
const THING_SUBJECT = new RegExp(
  `(?:^|[^a-z'])(?:this|that|it|(?:the|your|this|that|these|those|my)\\s+(?:[a-z']+\\s+)?(?:${THING}))\\s*(?:is|are|was|were|'s|s|looks|seems|feels)\\s+(?:(?:so|such|a|an|absolutely|total|totally|complete|completely|utter|utterly|just|really|pure|real|bit|of|the)\\s+)*$`,
);
/** Mild swearing that is an exclamation, not a judgement of anyone ("damn", "bloody hell", "this sucks"). */
const MILD = new Set(['damn', 'goddamn', 'crap', 'bloody hell', 'sucks', 'piss', 'pissed']);
/** What a hit's weight is multiplied by when it is said of a thing, or is mild and aimed at no one. */
const NOT_AT_A_PERSON = 0.5;

/** Whether the hit is addressed to the reader: "you idiot", "you're a loser", "你这个废物". */
function addressed(before: string): boolean {
  return /\b(?:you|u|you'?re|youre)\b[\s\w']*$/.test(before) || /你(?:这个|真是|是个|就是)?/.test(before);
}

/** "your …": the reader's, unless what follows is a thing of theirs ("your app is stupid"). */
function possessive(before: string): boolean {
  return /\b(?:your|ur)\b[\s\w']*$/.test(before);
}

/** Whether the hit is said of a thing ("pathetic service", "the product is crap"). */
function atAThing(text: string, start: number, end: number): boolean {
  return (
    THING_AFTER.test(text.slice(end, end + 40)) ||
    THING_SUBJECT.test(text.slice(Math.max(0, start - 60), start))
  );
}

/**
 * Offline default: lexicon hits plus rules (an insult aimed at "you", a protected group with a
 * dehumanising predicate). Fast and explainable; weak on implicit hate without slurs.
 */
export function createLexiconSafetyClassifier(
  options: LexiconSafetyClassifierOptions = {},
): SafetyClassifier {
  const entries = [...EN_LEXICON, ...ZH_LEXICON, ...(options.extraTerms ?? [])].map(compile);

  function classifyOne(text: string): SafetyResult {
    const prepared = prepare(text);
    const keep: Record<string, number> = { toxicity: 1, insult: 1, threat: 1, hate: 1 };
    const spans: VerdictSpan[] = [];
    for (const e of entries) {
      e.re.lastIndex = 0;
      for (const m of prepared.text.matchAll(e.re)) {
        let w = e.weight;
        const offensive = e.category === 'insult' || e.category === 'toxicity';
        const before = prepared.text.slice(Math.max(0, m.index - 16), m.index);
        // Addressed to the reader wins ("you idiots lost my order"); then a thing ("your app is
        // stupid" is about the app, though it starts with "your"); then "your …" is the reader's.
        const toReader = addressed(before);
        const thing = offensive && !toReader && atAThing(prepared.text, m.index, m.index + m[0].length);
        const reader = toReader || (!thing && possessive(before));
        if (e.category === 'insult' && reader) w = Math.min(0.95, w + 0.25);
        else if (thing || (e.category === 'toxicity' && !reader && MILD.has(e.term))) {
          // Criticism of a product or service, or a mild exclamation: kept as a span (the
          // explanation), but alone it no longer reaches the refusal threshold.
          w *= NOT_AT_A_PERSON;
        }
        keep[e.category] = (keep[e.category] ?? 1) * (1 - w);
        spans.push({ ...mapSpan(prepared, m.index, m.index + m[0].length), label: e.category });
      }
    }
    // Group + dehumanising predicate in one sentence is hate even without a slur.
    for (const s of splitSentences(text, { mode: 'stream' })) {
      const groups = findGroupMentions(s.text);
      if (groups.length === 0) continue;
      const pred = EN_HATE_PREDICATES.exec(s.text) ?? ZH_HATE_PREDICATES.exec(s.text);
      if (!pred) continue;
      keep.hate = (keep.hate ?? 1) * (1 - 0.75);
      spans.push({ start: s.start + pred.index, end: s.start + pred.index + pred[0].length, label: 'hate' });
    }
    const scores = {} as SafetyScores;
    for (const c of SAFETY_CATEGORIES) scores[c] = 1 - (keep[c] ?? 1);
    // Overall toxicity covers every kind of harm, so it is at least the strongest category.
    scores.toxicity = Math.max(scores.toxicity, scores.insult, scores.threat, scores.hate);
    spans.sort((a, b) => a.start - b.start);
    return { scores, spans };
  }

  return {
    id: LEXICON_CLASSIFIER_VERSION,
    async classify(texts) {
      return texts.map(classifyOne);
    },
  };
}
