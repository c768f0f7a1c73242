/**
 * The short answer inside a sentence for a question of no fixed slot ("What…", "Which…", "Who…",
 * "Where…", "Why…", or a typed question whose sentence states no fact of its pattern): the span
 * that fills the question's gap.
 *
 * Candidate spans are enumerated from the sentence — names (capitalised runs, with their "of",
 * "de", "van"), quoted terms, numbers with their units, and noun-like chunks (runs of content
 * words between function words, and their parts) — then typed against the question (who → a
 * name or agent, where → a place after "in/at/from…", when → a date, how → "by/through…", why →
 * "because/due to…", which/what X → a phrase headed by X or next to it) and scored by that type,
 * by how near the question's words aligned in the sentence it stands, by the preposition the
 * question ends on ("merge with?" → after "with"), and by its length. A span made only of the
 * question's own words is never the answer. Rules over words, not a model; English only (Chinese
 * gets no gap span).
 */
import { lexicalTerms } from '@grounded/text';
import type { SlotSpan } from './answer-slot';

/** The kind of span the gap should hold, read from the wh-word and the question's head noun. */
export type GapType =
  | 'name'
  | 'person'
  | 'place'
  | 'date'
  | 'number'
  | 'reason'
  | 'manner'
  | 'direction'
  | 'any';

// Head nouns after "what/which" that ask for a proper name, a place, a time or a number.
const PERSON_HEADS =
  /^(?:person|people|man|woman|king|queen|ruler|leader|general|emperor|judge|lawyer|attorney|counsel|author|writer|founder|owner|president|director|manager|bishop|pope|duke|count|saint)$/iu;
const PLACE_HEADS =
  /^(?:city|cities|town|country|countries|state|nation|region|province|river|lake|sea|island|mountain|street|place|location|area|port|continent|village|site)$/iu;
const NAME_HEADS =
  /^(?:company|companies|firm|building|organi[sz]ation|team|group|university|school|church|monastery|bridge|canal|language|family|dynasty|tribe|name|title|book|film|song|product|brand|vendor|supplier|manufacturer|bank|agency|court|employer|airline|hotel|office)$/iu;
const DATE_HEADS =
  /^(?:year|years|century|centuries|decade|date|day|month|period|era|age|time|times|deadline|deadlines)$/iu;
const NUMBER_HEADS =
  /^(?:number|amount|percentage|percent|size|length|width|height|depth|distance|price|cost|fee|rate|speed|temperature|population|total|share|limit)$/iu;

// Words between "what/which" and its head noun.
const HEAD_SKIP = /^(?:is|are|was|were|does|do|did|has|have|had|the|a|an|of|kind|kinds|type|types|sort)$/iu;

/**
 * The question's head noun: the last word of the noun phrase after "what/which" ("What is the
 * largest suspension bridge…" → bridge). None when a verb or auxiliary follows the wh-word
 * ("What does…", "What happened…").
 */
export function questionHead(question: string): string | null {
  const m = /\b(?:what|which|whose)\s+((?:[\p{L}'’-]+\s*)+)/iu.exec(question);
  if (!m) return null;
  const words = m[1]!.split(/\s+/u).filter(Boolean);
  let i = 0;
  const first = words[0]?.toLowerCase() ?? '';
  if (/^(?:do|does|did|will|would|can|could|should|has|have|had)$/u.test(first)) return null;
  if (/ed$/u.test(first) || /^(?:happens?|made|makes|causes?)$/u.test(first)) return null;
  // A copula and articles before the phrase: "What is the name…".
  while (i < words.length && HEAD_SKIP.test(words[i]!)) i++;
  let head: string | null = null;
  for (; i < words.length; i++) {
    const word = words[i]!.replace(/[?.!,]+$/u, '');
    // "What were Isaac's chains…": the possessor is not the head.
    if (/['’]s$/u.test(word)) continue;
    if (lexicalTerms(word).length === 0 || VERB_LIKE.test(word) || /ed$/u.test(word)) break;
    // "What is the name of the longest bridge…": the head is the named thing.
    if (/^(?:name|names)$/iu.test(word) && /^of$/iu.test(words[i + 1] ?? '')) {
      i++;
      while (i + 1 < words.length && /^(?:the|a|an)$/iu.test(words[i + 1]!)) i++;
      continue;
    }
    head = word.toLowerCase();
    if (/[?.!,]$/u.test(words[i]!)) break;
  }
  return head;
}

export function gapType(question: string): GapType {
  const q = question.trim();
  if (/^\s*why\b|\bwhat (?:is|was|are|were) the (?:reason|cause|purpose)\b|\bfor what reason\b/iu.test(q))
    return 'reason';
  if (/\bhow (?:many|much|long|far|old|large|big|high|tall|wide|deep|often|quickly|fast)\b/iu.test(q))
    return 'number';
  // "What does the Team plan cost?": the verb asks for an amount, as "how much" does.
  if (/\bwhat (?:does|do|did|will|would|should)\b.*\b(?:cost|charge|weigh|measure)\s*\??\s*$/iu.test(q))
    return 'number';
  if (/^\s*how\b/iu.test(q)) return 'manner';
  if (/^\s*when\b|\b(?:in |during )?what (?:year|century|decade|date|day|month|time|period|era)\b/iu.test(q))
    return 'date';
  if (/\bwho(?:m|se)?\b/iu.test(q)) return 'person';
  const head = questionHead(q);
  if (head) {
    if (DATE_HEADS.test(head)) return 'date';
    if (NUMBER_HEADS.test(head)) return 'number';
    if (PERSON_HEADS.test(head)) return 'person';
    // "What city…" asks for its name; "where" for a place phrase.
    if (PLACE_HEADS.test(head)) return 'name';
    if (/^directions?$/u.test(head)) return 'direction';
    if (NAME_HEADS.test(head)) return 'name';
  }
  // "What is the bend … called?", "What is the name of…": a name.
  if (/\bcalled\s*\??\s*$|\bthe name of\b|\bnamed\s*\??\s*$|\bknown as\s*\??\s*$/iu.test(q)) return 'name';
  if (/^\s*where\b|\bin what\b|\bin which\b/iu.test(q)) return 'place';
  return 'any';
}

interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
  /** Every lexical term of the word is a question term (or shares a long stem with one). */
  asked: boolean;
  /** It has a lexical term (not a stop word or a bare symbol). */
  content: boolean;
  /** Capitalised and not the sentence's first word, or all capitals. */
  capital: boolean;
  /** Index of the name run the word belongs to, or -1. */
  run: number;
  number: boolean;
  /** An adverb, a negation or a hedge: no edge of a noun-like chunk. */
  adverb: boolean;
  /** A comma, semicolon, colon, bracket or dash ends it: the clause may change after it. */
  breakAfter: boolean;
  clause: number;
  /** Inside brackets: an aside ("(Norman comes from Norseman)"), seldom the answer. */
  paren: boolean;
  /** A quotation mark opens / closes at this word. */
  quoteOpen: boolean;
  quoteClose: boolean;
}

const NUMBER_WORD =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|third|thirds|quarter|dozen|several)$/iu;
const REASON_CUE = /^(?:because|due|since|as|so|owing|thanks|for|to)$/iu;
const MANNER_CUE = /^(?:by|through|with|via|using|from)$/iu;
const PLACE_PREP =
  /^(?:in|at|on|from|to|into|near|via|off|offshore|across|between|inside|outside|towards?)$/iu;
const UNIT =
  /^(?:km|m|cm|mm|mi|miles?|ft|feet|in|kg|g|lb|lbs|t|tons?|km²|sq|mph|km\/h|°c|°f|%|percent|gb|mb|tb|hz|kw|mw|v|bp|bc|ad|bce|ce|yr|yrs|ago|seconds?|minutes?|hours?|days?|weeks?|months?|years?|centur(?:y|ies)|kilometres?|kilometers?|metres?|meters?|million|billion|thousand|hundred)$/iu;
// Words that open a new clause even without punctuation.
const CLAUSE_WORD = /^(?:while|whereas|but|although|though|which|who|where|when)$/iu;
// Lower-case words inside a name: "Robert of Jumièges", "Wijk bij Duurstede", "Guy de Lusignan".
const NAME_JOINER = /^(?:of|de|del|della|der|den|van|von|bij|aan|la|le|du|des|da|di|y|zu|am|im|op|ten|ter)$/u;
// Verbs that link a name to what it names: no part of a noun-like chunk.
const VERB_LIKE =
  /^(?:becomes?|became|called|named|known|located|situated|used|made|makes|took|takes|began|begins|continues|includes|including|considered|formed|remains|lies|lay|flows|runs|carries|stated|says|said|gets|got|enters|entered|joins|joined|reaches|reached|meets|crosses|crossed)$/iu;
// Function words the stop list lacks: never the edge of an answer.
const FUNCTION_WORD =
  /^(?:its|until|unless|upon|onto|via|whether|although|though|yet|thus|hence|per|ie|eg|etc|during|across|along|among|within|without|towards|despite|beyond|onwards?|around|approximately|including|ca|unlike|near|against|throughout|whose|whom|whereas|thereby|therefore)$/iu;
const ADVERB =
  /^(?:not|no|never|also|only|even|still|now|then|however|thus|just|very|too|first|already|almost|often|always|usually|mainly|mostly|largely|together|again|further|farther|instead|later|once)$/iu;
const ROLE_BEFORE =
  /^(?:by|general|king|queen|leader|emperor|duke|count|bishop|abbot|pope|president|sir|saint|st)$/iu;
const DIRECTION =
  /^(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northward|southward|eastward|westward|northern|southern|eastern|western|upstream|downstream|left|right|up|down)$/iu;
const PERIOD_WORD = /^(?:period|age|ages|era|epoch|times|century|dynasty|reign)$/iu;

// Most words a gap span may hold: a short answer, not a clause.
export const GAP_MAX_WORDS = 8;

function wordsOf(sentence: string, asked: (core: string) => boolean): Word[] {
  const words: Word[] = [];
  let clause = 0;
  let depth = 0;
  for (const m of sentence.matchAll(/[^\s—]+/gu)) {
    const core = m[0].replace(/^[("“'‘[]+|[)"”'’.,;:!?\]]+$/gu, '');
    if (!core) continue;
    const at = m.index + Math.max(0, m[0].indexOf(core));
    const terms = lexicalTerms(core);
    if ((CLAUSE_WORD.test(core) || /^[("“]/u.test(m[0])) && words.length > 0) clause++;
    const lower = core.toLowerCase();
    const word: Word = {
      start: at,
      end: at + core.length,
      text: core,
      lower,
      asked: terms.length > 0 && asked(core),
      content: terms.length > 0 && !FUNCTION_WORD.test(core),
      capital:
        (/^\p{Lu}/u.test(core) && words.length > 0) ||
        /^\p{Lu}{2,}$/u.test(core) ||
        /^(?:d|l)['’]\p{Lu}/u.test(core),
      run: -1,
      number: /\p{N}/u.test(core) || NUMBER_WORD.test(core),
      adverb:
        ADVERB.test(core) ||
        VERB_LIKE.test(core) ||
        (/ly$/u.test(lower) &&
          lower.length > 4 &&
          !/(?:ly|ily)$/u.test(lower.slice(0, -2)) &&
          !/^(?:italy|july|family|supply|only)$/u.test(lower)),
      breakAfter:
        /[,;:()–]["”’)]?$/u.test(m[0]) || /["”)]$/u.test(m[0]) || sentence[m.index + m[0].length] === '—',
      clause,
      paren: depth > 0 || /^["“]?[([]/u.test(m[0]),
      quoteOpen: /^["“]/u.test(m[0]),
      quoteClose: /["”][.,;:!?)]*$/u.test(m[0]),
    };
    words.push(word);
    if (word.breakAfter) clause++;
    depth = Math.max(0, depth + (m[0].match(/[([]/gu)?.length ?? 0) - (m[0].match(/[)\]]/gu)?.length ?? 0));
  }
  return words;
}

export interface GapOptions {
  /** Null unless the span holds a word of the asked type. */
  typedOnly?: boolean;
  /**
   * How much a question term says (e.g. IDF over the retrieved text): a rare aligned word ("merging")
   * anchors the gap more than the topic word every sentence repeats ("Rhine"). Default: all equal.
   */
  weight?: (term: string) => number;
}

/**
 * Which side of the question's words the answer stands on. "What does the Rhine merge with?" asks
 * for the object: it follows the aligned verb. "What carries the water?" asks for the subject: it
 * comes before. Undecided for copulas ("What is…").
 */
export type GapSide = 'after' | 'before' | 'either';

export function gapSide(question: string): GapSide {
  const m = /\b(?:what|which|who)\s+([a-z]+)/iu.exec(question);
  const next = m?.[1]?.toLowerCase();
  if (!next) return 'either';
  if (/^(?:do|does|did|will|would|can|could|should|shall|may|might|must|has|have|had)$/u.test(next))
    return 'after';
  if (/^(?:is|are|was|were|be|been)$/u.test(next)) return 'either';
  // "What carries…", "Who made…", "What stretched…": a verb right after the wh-word.
  if (/(?:ed|es)$/u.test(next) || IRREGULAR_PAST.test(next)) return 'before';
  return 'either';
}

const IRREGULAR_PAST =
  /^(?:made|led|became|took|gave|built|won|lost|wrote|found|began|brought|caused|held|kept|left|paid|ran|sent|set|sold|told|thought|went|came|got|had|did|saw|said|ruled|owns|runs|uses|makes|leads|causes|holds|gives|takes)$/u;

// The preposition a question ends on ("…merge with?") or opens with ("To what…"): the answer
// follows the same preposition in the sentence.
const QUESTION_PREP =
  /\b(with|on|to|for|into|through|from|of|by|in|at|as|about|under|against|between)\s*\??\s*$|^\s*(with|on|to|for|into|through|from|of|by|in|at)\s+(?:what|which|whom)\b/iu;
// "…named after who?", "…sold to whom?": the wh-word closes the question after its preposition (#15).
const QUESTION_PREP_WH =
  /\b(with|on|to|for|into|through|from|of|by|in|at|as|about|under|against|between|after)\s+(?:who|whom|what)\s*\??\s*$/iu;

// A stem shared this far counts as the same word ("patronized"/"patronised", "depend"/"depending").
const SHARED_STEM = 6;

/** Whether a sentence word is one of the question's words, by term or by a long shared stem. */
function askedTest(questionTerms: ReadonlySet<string>, question: string) {
  const stems = [...question.toLowerCase().matchAll(/[\p{L}]+/gu)]
    .map((m) => m[0])
    .filter((w) => w.length >= SHARED_STEM && lexicalTerms(w).length > 0)
    .map((w) => w.slice(0, SHARED_STEM));
  // "Wi-Fi" for "wifi", "e-mail" for "email": the same word with a hyphen is the question's word
  // (probe3 highlighted "Wi-Fi" for "Which wifi network do I use?").
  const squash = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const squashed = new Set(
    [...question.matchAll(/[\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)*/gu)]
      .map((m) => squash(m[0]))
      .filter((w) => w.length >= 4),
  );
  return (core: string) => {
    const terms = lexicalTerms(core);
    if (terms.length > 0 && terms.every((t) => questionTerms.has(t))) return true;
    if (/[-‐]/u.test(core) && squashed.has(squash(core))) return true;
    const lower = core.toLowerCase();
    return lower.length >= SHARED_STEM && stems.includes(lower.slice(0, SHARED_STEM));
  };
}

interface Candidate {
  from: number;
  to: number;
  kind: 'name' | 'quote' | 'number' | 'chunk' | 'cue';
}

/** The gap span, or null when the sentence shares no word with the question. */
export function gapSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  type: GapType = gapType(question),
  options: GapOptions = {},
): SlotSpan | null {
  const best = bestGapSpan(question, sentence, questionTerms, type, options);
  return best?.span ?? null;
}

/** The gap span with its score (higher = a better fit), for choosing among an answer's claims. */
export function bestGapSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  type: GapType = gapType(question),
  options: GapOptions = {},
): { span: SlotSpan; score: number } | null {
  const context = contextOf(question, sentence, questionTerms, type, options);
  if (!context) return null;
  const { words } = context;
  const event = happenedSpan(question, words);
  if (event) {
    const start = words[event.from]!.start;
    const end = words[event.to]!.end;
    return { span: { start, end, text: sentence.slice(start, end) }, score: HAPPENED_SCORE };
  }
  let best: { score: number; c: Candidate } | null = null;
  const place = type === 'place' || (context.head !== null && PLACE_HEADS.test(context.head));
  for (const c of candidates(words, sentence, type, place, context.head)) {
    if (options.typedOnly && !typedHit(words, c, type)) continue;
    const score = candidateScore(context, c);
    if (!best || score > best.score) best = { score, c };
  }
  if (!best) return null;
  const start = words[best.c.from]!.start;
  const end = words[best.c.to]!.end;
  return { span: { start, end, text: sentence.slice(start, end) }, score: best.score };
}

function contextOf(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  type: GapType,
  options: GapOptions,
): Context | null {
  if (/\p{Script=Han}/u.test(sentence)) return null;
  const words = wordsOf(sentence, askedTest(questionTerms, question));
  const anchors = words.flatMap((w, i) => (w.asked ? [i] : []));
  if (anchors.length === 0) return null;
  for (const [k, [i, j]] of nameRuns(words).entries()) for (let x = i; x <= j; x++) words[x]!.run = k;
  const raw = anchors.map((a) => anchorWeight(words[a]!.text, options.weight));
  const top = Math.max(...raw);
  const weights = new Map(anchors.map((a, k) => [a, top > 0 ? raw[k]! / top : 1]));
  const head = questionHead(question);
  return {
    words,
    anchors: weights,
    type,
    side: gapSide(question),
    prep: questionPrep(question),
    frames: questionFrames(question),
    head,
    pluralHead: head !== null && /[^s]s$/u.test(head),
    called: /\b(?:called|named|name of|known as)\b/iu.test(question),
  };
}

const PREPOSITION =
  /^(?:with|on|to|for|into|through|from|of|by|in|at|as|about|under|against|between|onto|over|after|before)$/iu;

/** The question's "word + preposition" pairs ("merge with", "known for", "change into"). */
function questionFrames(question: string): { term: string; prep: string }[] {
  const tokens = [...question.matchAll(/[\p{L}'’-]+/gu)].map((m) => m[0]);
  const frames: { term: string; prep: string }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const term = lexicalTerms(tokens[i]!)[0];
    if (term && PREPOSITION.test(tokens[i + 1]!)) frames.push({ term, prep: tokens[i + 1]!.toLowerCase() });
  }
  return frames;
}

function questionPrep(question: string): string | null {
  const wh = QUESTION_PREP_WH.exec(question.trim());
  if (wh) return wh[1]!.toLowerCase();
  const m = QUESTION_PREP.exec(question.trim());
  return (m?.[1] ?? m?.[2])?.toLowerCase() ?? null;
}

interface Context {
  words: readonly Word[];
  anchors: ReadonlyMap<number, number>;
  type: GapType;
  side: GapSide;
  prep: string | null;
  /** "merge with", "depend on": a question word and the preposition after it. */
  frames: readonly { term: string; prep: string }[];
  head: string | null;
  pluralHead: boolean;
  /** "What is … called?", "What is the name of…". */
  called: boolean;
}

/** Every candidate span of the sentence, each once; `place` when a place is asked ("where", "what city"). */
function candidates(
  words: readonly Word[],
  sentence: string,
  type: GapType,
  place = false,
  head: string | null = null,
): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (from: number, to: number, kind: Candidate['kind'], clauseEnd = false) => {
    if (from < 0 || to >= words.length || to < from || to - from >= GAP_MAX_WORDS) return;
    const inner = words.slice(from, to + 1);
    // Made only of the question's words (or of no content at all): not an answer.
    if (!inner.some((w) => w.content && !w.asked)) return;
    // A chunk starts and ends on words the question lacks ("result of increasing" is no answer
    // to "What increased…"); a name may hold them ("Rhine Gorge").
    if (
      (kind === 'chunk' || kind === 'cue') &&
      ((words[to]!.asked && !clauseEnd) || (kind === 'chunk' && words[from]!.asked))
    )
      return;
    const key = `${from}:${to}`;
    if (!out.has(key)) out.set(key, { from, to, kind });
  };
  const n = words.length;
  // Names: capitalised runs, joined over "of/de/van…" when a capital follows, within a clause;
  // and lists of names ("Canada and Mexico", "Denmark, Iceland and Norway").
  const names = nameRuns(words);
  for (const [k, [i]] of names.entries()) {
    let j = names[k]![1];
    for (let m = k + 1; m < names.length; m++) {
      const gap = words.slice(j + 1, names[m]![0]);
      const listed =
        (gap.length === 1 && /^(?:and|or)$/u.test(gap[0]!.lower)) ||
        (gap.length === 0 &&
          words[j]!.breakAfter &&
          /,$/u.test(sentence.slice(words[j]!.end, words[j]!.end + 1)));
      if (!listed) break;
      j = names[m]![1];
      if (gap.length === 1) {
        add(i, j, 'name');
        break;
      }
    }
  }
  // A place with its region: "Las Vegas, Nevada", "Palm Desert, California" (#15); not the first
  // two of a list ("Denmark, Iceland and Norway").
  for (let k = 0; place && k + 1 < names.length; k++) {
    const [i, j] = names[k]!;
    const [i2, j2] = names[k + 1]!;
    const comma = i2 === j + 1 && sentence[words[j]!.end] === ',';
    const listed =
      j2 + 2 < n &&
      !words[j2]!.breakAfter &&
      /^(?:and|or)$/u.test(words[j2 + 1]!.lower) &&
      words[j2 + 2]!.capital;
    if (comma && !listed) add(i, j2, 'name');
  }
  for (const [i, j] of names) {
    add(i, j, 'name');
    // The name without the question's words at its edges ("Upper Rhine Graben" → "Graben").
    let a = i;
    let b = j;
    while (a < b && words[a]!.asked) a++;
    // The head noun closing a name is the name's own ("Castle Road" for "what road?") (#15).
    while (b > a && words[b]!.asked && !(head !== null && b === j && sameTerm(words[b]!.text, head))) b--;
    if (a !== i || b !== j) add(a, b, 'name');
  }
  // Quoted terms: "Rhine knee", "the Romantic Rhine".
  for (let i = 0; i < n; i++) {
    if (!words[i]!.quoteOpen) continue;
    for (let j = i; j < n && j - i < GAP_MAX_WORDS; j++) {
      if (words[j]!.quoteClose) {
        add(i, j, 'quote');
        break;
      }
    }
  }
  // Numbers with their units and ranges: "1–3 cm", "2.5 million years ago", "11–13th century AD".
  for (let i = 0; i < n; i++) {
    if (!words[i]!.number || (i > 0 && words[i - 1]!.number && !words[i - 1]!.breakAfter)) continue;
    let j = i;
    while (
      j + 1 < n &&
      !words[j]!.breakAfter &&
      !/^[(["“]/u.test(sentence[words[j + 1]!.start - 1] ?? '') &&
      (words[j + 1]!.number || UNIT.test(words[j + 1]!.text) || /^(?:to|and|or)$/u.test(words[j + 1]!.lower))
    ) {
      if (/^(?:to|and|or)$/u.test(words[j + 1]!.lower) && !(j + 2 < n && words[j + 2]!.number)) break;
      j++;
    }
    add(i, j, 'number');
  }
  // Spans that open with a cue of manner ("by erosion", "through stream capture") or of reason,
  // which runs to its clause's end ("because of a customs inspection at the border").
  for (let i = 0; i < n && (type === 'reason' || type === 'manner'); i++) {
    const cue = type === 'reason' ? REASON_CUE : MANNER_CUE;
    if (!cue.test(words[i]!.text)) continue;
    let last = i;
    for (let j = i + 1; j < n && j - i < GAP_MAX_WORDS; j++) {
      if (words[j]!.clause !== words[i]!.clause) break;
      last = j;
      if (type === 'manner' && words[j]!.content && !words[j]!.asked) add(i, j, 'cue');
      if (words[j]!.breakAfter) break;
    }
    if (type === 'reason' && last > i) add(i, last, 'cue', true);
  }
  // Noun-like chunks: runs of content words between function words, adverbs and clause edges, and
  // every part of such a run; "X of Y" and "X and Y" join two runs.
  const runs: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (!isChunkWord(words[i]!)) continue;
    let j = i;
    while (
      j + 1 < n &&
      !words[j]!.breakAfter &&
      words[j + 1]!.clause === words[j]!.clause &&
      isChunkWord(words[j + 1]!)
    )
      j++;
    runs.push([i, j]);
    i = j;
  }
  for (const [i, j] of runs) {
    for (let a = i; a <= j; a++) for (let b = a; b <= j && b - a < 5; b++) add(a, b, 'chunk');
  }
  for (let k = 0; k + 1 < runs.length; k++) {
    const [i, j] = runs[k]!;
    const [i2, j2] = runs[k + 1]!;
    const gap = words.slice(j + 1, i2);
    if (words[j]!.breakAfter && !/^(?:and|or)$/u.test(gap[0]?.lower ?? '')) continue;
    if (gap.length >= 1 && gap.length <= 2 && /^(?:of|and|or)$/u.test(gap[0]!.lower)) {
      if (gap.length === 2 && !/^(?:the|a|an)$/u.test(gap[1]!.lower)) continue;
      add(i, j2, 'chunk');
      if (j2 > i2) add(i, i2, 'chunk');
      if (j > i) add(j, j2, 'chunk');
    }
  }
  return [...out.values()];
}

// "What happened to the rate of flow…?" asks what the sentence says of that thing: its predicate.
const HAPPENED =
  /^\s*what (?:has |had )?happen(?:ed|s)? (?:to|with) (?:the |a |an |my |our |your )?(.+?)(?:\s+(?:during|in|with|after|when|at|on|since|because|for)\b.*)?\s*\??\s*$/iu;
const AUXILIARY = /^(?:was|were|has|had|have|is|are|been|be|got|gets)$/iu;
// A stated predicate is what such a question asks: it outranks any gap span of another claim.
const HAPPENED_SCORE = 10;

/**
 * The predicate after the asked thing (#15): "The rate of flow was increased" → "increased" for
 * "What happened to the rate of flow?"; auxiliaries skipped, to the clause's end or "and", at most
 * four words. Null when the sentence does not name the thing.
 */
function happenedSpan(question: string, words: readonly Word[]): { from: number; to: number } | null {
  const thing = HAPPENED.exec(question)?.[1];
  if (!thing) return null;
  const last = lexicalTerms(thing).at(-1);
  if (!last) return null;
  const at = words.findIndex((w) => lexicalTerms(w.text).includes(last));
  if (at < 0 || words[at]!.breakAfter) return null;
  let from = at + 1;
  while (from < words.length && AUXILIARY.test(words[from]!.text) && !words[from]!.breakAfter) from++;
  if (from >= words.length || words[from - 1]!.breakAfter) return null;
  let to = from;
  while (
    to + 1 < words.length &&
    to - from < 3 &&
    !words[to]!.breakAfter &&
    words[to + 1]!.clause === words[from]!.clause &&
    !/^(?:and|but|while|which)$/iu.test(words[to + 1]!.lower)
  )
    to++;
  return words.slice(from, to + 1).some((w) => w.content && !w.asked) ? { from, to } : null;
}

/** Capitalised runs joined over "of/de/van…" when a capital follows, within a clause. */
function nameRuns(words: readonly Word[]): [number, number][] {
  const runs: [number, number][] = [];
  const n = words.length;
  for (let i = 0; i < n; i++) {
    if (!isCapital(words, i)) continue;
    let j = i;
    for (;;) {
      if (words[j]!.breakAfter || j + 1 >= n) break;
      if (words[j + 1]!.clause !== words[j]!.clause) break;
      if (isCapital(words, j + 1)) j++;
      else if (
        NAME_JOINER.test(words[j + 1]!.lower) &&
        j + 2 < n &&
        !words[j + 1]!.breakAfter &&
        isCapital(words, j + 2)
      )
        j += 2;
      // Two joiners: "Maria van der Berg", "Ponce de la Vega".
      else if (
        j + 3 < n &&
        NAME_JOINER.test(words[j + 1]!.lower) &&
        NAME_JOINER.test(words[j + 2]!.lower) &&
        !words[j + 1]!.breakAfter &&
        !words[j + 2]!.breakAfter &&
        isCapital(words, j + 3)
      )
        j += 3;
      // "Edward the Confessor", "Ralph the Timid": an epithet of one word ends the name.
      else if (
        words[j + 1]!.lower === 'the' &&
        j + 2 < n &&
        !words[j + 1]!.breakAfter &&
        isCapital(words, j + 2) &&
        !(j + 3 < n && !words[j + 2]!.breakAfter && isCapital(words, j + 3))
      ) {
        j += 2;
        break;
      } else break;
    }
    runs.push([i, j]);
    i = j;
  }
  return runs;
}

function isCapital(words: readonly Word[], i: number): boolean {
  const w = words[i]!;
  if (w.capital) return true;
  // The sentence's first word may be a name ("Bethencourt took…"), unless a function word or a verb.
  return i === 0 && /^\p{Lu}/u.test(w.text) && w.content && !w.adverb;
}

function isChunkWord(w: Word): boolean {
  return w.content && !w.adverb && !CLAUSE_WORD.test(w.text);
}

// Weights chosen by hand on the DEV halves only (SQuAD v2 dev and own dev: highlight contains gold,
// `npm run eval -- answering --split dev --hl-misses`), before the test halves were read.
const W_TYPE = 1.5;
const W_WHOLE = 0.6;
const W_LENGTH = 0;
const W_CUT = 1;
const W_SIDE = 0.8;
const W_ASKED_INSIDE = 0.7;
const W_PREP = 1.2;
const W_PAREN = 1;
const W_MODIFIER = 0.8;
const W_CALLED = 0.5;
const W_PARTICIPLE = 0.5;
const W_LIST = 0.5;
const W_HEAD = 1;
const W_ATTRIBUTIVE = 1;
const W_KIND: Record<Candidate['kind'], number> = {
  name: 0.5,
  quote: 0.6,
  number: 0.2,
  chunk: 0,
  cue: 0,
};

function candidateScore(ctx: Context, c: Candidate): number {
  const { words, anchors } = ctx;
  const { from, to } = c;
  // Question words near the span, nearer counting more; in another clause half as much.
  let near = 0;
  for (const [a, weight] of anchors) {
    if (a >= from && a <= to) continue;
    const d = a < from ? from - a : a - to;
    const sameClause = words[a]!.clause === words[from]!.clause || words[a]!.clause === words[to]!.clause;
    near += (weight * (sameClause ? 1 : 0.5)) / d ** 1.5;
  }
  const inner = words.slice(from, to + 1);
  const typed = typeFit(words, c, ctx.type);
  // A span that fills its whole gap (function word, question word or clause edge on both sides).
  const whole = (edge(words, from, -1) ? 0.5 : 0) + (edge(words, to, 1) ? 0.5 : 0);
  // The side the question's form points to: right after its words, or right before them.
  const sided =
    ctx.side === 'after'
      ? askedNeighbour(words, from, -1)
      : ctx.side === 'before'
        ? askedNeighbour(words, to, 1)
        : false;
  // A name or a number is not cut in two ("King Charles | III", "Alexius | Komnenos").
  const cuts =
    (from > 0 && joined(words[from - 1]!, words[from]!) ? 1 : 0) +
    (to + 1 < words.length && joined(words[to]!, words[to + 1]!) ? 1 : 0);
  // The name's own words cut off ("Robert of | Jumièges"), unless they are the question's.
  const nameCuts =
    (from > 0 && sameRun(words[from - 1]!, words[from]!) && !words[from - 1]!.asked ? 1 : 0) +
    (to + 1 < words.length && sameRun(words[to]!, words[to + 1]!) && !words[to + 1]!.asked ? 1 : 0);
  const head = ctx.head;
  const headed =
    head !== null &&
    inner.length > 1 &&
    sameTerm(inner[inner.length - 1]!.text, head) &&
    inner.some((w) => w.content && !w.asked);
  const nextToHead =
    head !== null && !headed && (neighbourIs(words, from, -1, head) || neighbourIs(words, to, 1, head));
  // A name may hold the question's words ("Rhine Gorge" for "What gorge…"); a chunk should not.
  const askedInside =
    (inner.filter((w) => w.asked).length - (headed ? 1 : 0)) *
    (c.kind === 'name' || c.kind === 'quote' ? 0.3 : 1);
  const prev = before(words, from);
  // The question's own "merge with" in the sentence ("merging with the Meuse"), or the
  // preposition it ends on; "called/named/as" before a name for "What is … called?".
  const framed =
    prev !== undefined &&
    ctx.frames.some((f) => {
      if (f.prep !== prev.lower) return false;
      const verb = words[words.indexOf(prev) - 1];
      return verb?.asked === true && sameStem(verb.text, f.term);
    });
  const prepFit =
    framed ||
    (prev !== undefined && ctx.prep !== null && prev.lower === ctx.prep) ||
    (ctx.type === 'name' && prev !== undefined && /^(?:called|named|as)$/u.test(prev.lower)) ||
    // "Who directed X?" read in "X was directed by Y": the agent after the asked verb's "by" (#15).
    (ctx.type === 'person' && prev?.lower === 'by' && words[words.indexOf(prev) - 1]?.asked === true);
  // Inside brackets: an aside, unless the question's words are there too.
  const aside =
    inner.every((w) => w.paren) && !(from > 0 && words[from - 1]!.paren && words[from - 1]!.asked);
  // A modifier of a question word ("southern | main branch", "main | elements") is not what is
  // asked, unless that word is the head noun ("Pliocene | period" for "What period…").
  const next = to + 1 < words.length && !words[to]!.breakAfter ? words[to + 1] : undefined;
  const modifier =
    next?.asked === true &&
    !(head !== null && sameTerm(next.text, head) && (c.kind === 'name' || c.kind === 'number'));
  // A participle alone ("canalized", "caused") describes; it seldom names what is asked.
  const participle = c.kind === 'chunk' && from === to && /(?:ed|ing)$/u.test(inner[0]!.lower);
  // A plural head asks for a list ("Which countries…" → "Denmark, Iceland and Norway").
  const list = ctx.pluralHead && inner.some((w, k) => k > 0 && /^(?:and|or)$/u.test(w.lower));
  // A quoted term is what something is "called".
  const calledQuote = ctx.called && c.kind === 'quote';
  // A capitalised word right before a lower-case noun qualifies it ("British girl group",
  // "American rock band"): an adjective, not the name asked for (#15).
  const attributive =
    c.kind === 'name' &&
    from === to &&
    next !== undefined &&
    !next.asked &&
    next.content &&
    !next.adverb &&
    !next.number &&
    /^\p{Ll}/u.test(next.text);
  return (
    near +
    (calledQuote ? W_CALLED : 0) +
    (list ? W_LIST : 0) -
    (attributive ? W_ATTRIBUTIVE : 0) -
    (aside ? W_PAREN : 0) -
    (modifier ? W_MODIFIER : 0) -
    (participle ? W_PARTICIPLE : 0) +
    W_TYPE * typed +
    W_WHOLE * whole +
    W_KIND[c.kind] +
    (sided ? W_SIDE : 0) +
    (prepFit ? W_PREP : 0) +
    (headed ? W_HEAD : nextToHead ? W_HEAD / 2 : 0) -
    W_LENGTH * (to - from) -
    W_CUT * Math.max(cuts, nameCuts) -
    W_ASKED_INSIDE * askedInside
  );
}

/** The word before a span, skipping articles ("merging with the Meuse" → with). */
function before(words: readonly Word[], from: number): Word | undefined {
  let i = from - 1;
  while (i >= 0 && /^(?:the|a|an|its|their|his|her|whether)$/u.test(words[i]!.lower) && !words[i]!.breakAfter)
    i--;
  return i >= 0 && !words[i]!.breakAfter ? words[i] : undefined;
}

function sameStem(word: string, term: string): boolean {
  const t = lexicalTerms(word)[0];
  return (
    t !== undefined &&
    (t === term || (t.length >= 5 && term.length >= 5 && t.slice(0, 5) === term.slice(0, 5)))
  );
}

function sameTerm(word: string, head: string): boolean {
  const a = lexicalTerms(word)[0];
  const b = lexicalTerms(head)[0];
  return a !== undefined && a === b;
}

/** Whether the nearest content word beyond the span's edge (over "of/at/the…") is the head noun. */
function neighbourIs(words: readonly Word[], at: number, step: 1 | -1, head: string): boolean {
  for (let i = at + step, k = 0; i >= 0 && i < words.length && k < 3; i += step, k++) {
    const w = words[i]!;
    if ((step === 1 ? words[i - 1]! : w).breakAfter) return false;
    if (w.content) return sameTerm(w.text, head);
  }
  return false;
}

/** How well a span fits the asked type: 1 fits, 0 says nothing, -1 does not fit. */
function typeFit(words: readonly Word[], c: Candidate, type: GapType): number {
  const inner = words.slice(c.from, c.to + 1);
  const prev = before(words, c.from);
  const prevWord = c.from > 0 ? words[c.from - 1] : undefined;
  // A name or quoted term fits fully; a chunk with a name in it, half ("made Ralph").
  const compass = inner.every((w) => DIRECTION.test(w.text));
  // A sentence's first word alone may be a name or just a capitalised word: half a name.
  const firstOnly = c.from === 0 && c.to === 0 && !words[0]!.capital;
  const isName = compass
    ? 0
    : c.kind === 'name' || c.kind === 'quote'
      ? firstOnly
        ? 0.5
        : 1
      : inner.some((w) => w.capital && !w.asked)
        ? 0.5
        : 0;
  switch (type) {
    case 'person':
      if (!isName) return /(?:er|or|ist|ian|ans|ers|ors)$/u.test(inner.at(-1)!.lower) ? 0 : -1;
      if (prev && PLACE_PREP.test(prev.lower) && prev.lower !== 'from') return -0.5;
      return isName * (prevWord && ROLE_BEFORE.test(prevWord.text) ? 1.3 : 1);
    case 'place':
      if (compass) return -0.5;
      if (prev && PLACE_PREP.test(prev.lower)) return 0.7 + 0.6 * isName;
      return isName - 0.5;
    case 'name':
      return isName > 0 ? isName : -0.5;
    case 'date': {
      if (inner.some((w) => w.number && !w.asked)) return 1;
      // A named period: "the Pliocene period", "the Ice Ages", "the time of the Miocene".
      const next = words[c.to + 1];
      const of = prev?.lower === 'of' ? words[words.indexOf(prev) - 1] : undefined;
      const period =
        (next !== undefined && PERIOD_WORD.test(next.text)) ||
        inner.some((w) => PERIOD_WORD.test(w.text)) ||
        (of !== undefined && (PERIOD_WORD.test(of.text) || of.lower === 'time'));
      return isName > 0 && period ? 0.7 * isName : -1;
    }
    case 'number':
      return inner.some((w) => w.number && !w.asked) ? 1 : -1;
    case 'reason': {
      // "because of X", "due to X", or a span that opens with the cue itself.
      const cue = prev ? words[words.indexOf(prev) - 1] : undefined;
      const after = prev && /^(?:of|to)$/u.test(prev.lower) && cue && /^(?:because|due)$/u.test(cue.lower);
      return REASON_CUE.test(inner[0]!.text) || after ? 1 : 0;
    }
    case 'direction':
      return compass ? 1 : -0.5;
    case 'manner':
      return MANNER_CUE.test(inner[0]!.text) || (prev && MANNER_CUE.test(prev.lower)) ? 1 : 0;
    default:
      return 0;
  }
}

function anchorWeight(word: string, weight: GapOptions['weight']): number {
  if (!weight) return 1;
  return Math.max(0, ...lexicalTerms(word).map(weight));
}

/** Whether a span is of the asked kind at all: a new name, a new number, a reason's cue. */
function typedHit(words: readonly Word[], c: Candidate, type: GapType): boolean {
  return type === 'any' || typeFit(words, c, type) > 0;
}

/** Whether the nearest content word beyond the span's edge, in its clause, is a question word. */
function askedNeighbour(words: readonly Word[], at: number, step: 1 | -1): boolean {
  for (let i = at + step; i >= 0 && i < words.length; i += step) {
    const w = words[i]!;
    if ((step === 1 ? words[i - 1]! : w).breakAfter) return false;
    if (w.content) return w.asked;
  }
  return false;
}

/** Whether the word beyond the span's edge is a function word, a question word or a clause edge. */
function edge(words: readonly Word[], at: number, step: 1 | -1): boolean {
  const i = at + step;
  if (i < 0 || i >= words.length) return true;
  if (step === 1 ? words[at]!.breakAfter : words[i]!.breakAfter) return true;
  const w = words[i]!;
  return !w.content || w.asked || w.adverb || w.clause !== words[at]!.clause;
}

function sameRun(a: Word, b: Word): boolean {
  return a.run >= 0 && a.run === b.run;
}

function joined(a: Word, b: Word): boolean {
  return !a.breakAfter && ((a.capital && b.capital) || (a.number && b.number));
}
