import { AppError } from '@grounded/core';
import type { ChatMessage, Generator } from '@grounded/llm';
import type { SpellingCorrection } from './spelling';

/**
 * Follow-up questions ("how much does it cost?") retrieve nothing useful on their own: retrieval
 * sees one query, not the conversation. A rewriter turns the follow-up into a standalone query
 * before retrieval. Offline it is a deterministic heuristic; with a model it asks the model.
 */
export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface QueryRewriteInput {
  message: string;
  history: readonly HistoryTurn[];
  signal?: AbortSignal;
}

export type RewriteMethod = 'none' | 'heuristic' | 'generator';

export interface RewrittenQuery {
  query: string;
  method: RewriteMethod;
  /** Typos corrected in `query` against the retrieved sources' words (chat's spelling step). */
  corrections?: SpellingCorrection[];
}

export interface QueryRewriter {
  rewrite(input: QueryRewriteInput): Promise<RewrittenQuery>;
}

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having here how i if in
  into is it its itself just me more most my no nor not now of off on once only or other our out over own same
  should so some such than that the their them then there these they this those through to too under until up
  very was we were what when where which while who whom why will with would you your yours please tell know
  want need get got give show explain describe mean means much many also else thanks thank hi hello ok okay`
    .split(/\s+/u)
    .filter(Boolean),
);

// Words that point back into the conversation instead of naming their subject.
const ANAPHORS = new Set(
  "it its it's they them their theirs this that these those he she him her his there one ones same such".split(
    ' ',
  ),
);
const CONTINUATIONS =
  /^(and|or|but|also|so|then|what about|how about|and what|what else|why|why not|which one|same for)\b/iu;
const CJK = /[\u3400-\u9fff]/u;
const CJK_ANAPHORS = /(它|它们|这个|那个|这些|那些|他们|她们|他|她|其|该|此)/u;
// "那标准版呢？", "新疆呢": Chinese asks "what about X" with 呢 after the thing alone. A whole
// question may end in 呢 too ("年假有几天呢？", "那怎么办呢"): X must be a short noun, with no question
// word, no verb-like word and no punctuation (see zhWhatAbout).
// Bounded on every side: an unbounded `\s*(.*?)\s*` backtracked for seconds on a message of
// spaces (review); X itself is at most 6 characters, so 12 covers it with room to refuse.
const ZH_WHAT_ABOUT = /^(那么|那个|那|还有)?[ \t]{0,3}([^\s呢]{1,12}?)[ \t]{0,3}呢[ \t]{0,3}[？?]?$/u;
const ZH_NOT_A_NOUN =
  /[\p{P}\s]|什么|多少|几|怎|为何|哪|吗|如何|是|有|要|能|会|可以|需要|支持|办|做|吧|好|谢|想|得|该|啥|谁|然后|这样|那样|你|我|他|她|不|没|^[么个]/u;

/** The thing a "那X呢" follow-up asks about, or null when the message is no such follow-up. */
export function zhWhatAbout(message: string): string | null {
  const trimmed = message.trim();
  if (trimmed.length > 24) return null;
  const m = ZH_WHAT_ABOUT.exec(trimmed);
  const named = m?.[2] ?? '';
  if (!m || named === '' || [...named].length > 6 || ZH_NOT_A_NOUN.test(named)) return null;
  return named;
}
const CJK_QUESTION_WORDS = /(什么|怎么|怎样|如何|多少|哪些|哪个|哪里|为什么|是否|吗|呢|吧|请问|可以|能否)/gu;

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
}

function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) && !ANAPHORS.has(w) && (w.length >= 3 || /\d/u.test(w)));
}

/** A question that depends on earlier turns: it uses a pronoun, continues ("and for Mac?"), or is very short. */
export function isEllipticalFollowUp(message: string): boolean {
  const trimmed = message.trim();
  if (CJK.test(trimmed)) {
    return (
      CJK_ANAPHORS.test(trimmed) ||
      zhWhatAbout(trimmed) !== null ||
      trimmed.replace(/[\p{P}\s]/gu, '').length <= 4
    );
  }
  if (CONTINUATIONS.test(trimmed)) return true;
  if (words(trimmed).some((w) => ANAPHORS.has(w))) return true;
  return contentWords(trimmed).length <= 2;
}

/**
 * Content words of the previous user turns, most recent turn first, that the message does not
 * already contain. For Chinese turns (no word boundaries) the turn itself minus question words.
 */
export function salientTerms(message: string, history: readonly HistoryTurn[], max = 6): string[] {
  const have = new Set(contentWords(message));
  const terms: string[] = [];
  const userTurns = history
    .filter((turn) => turn.role === 'user')
    .slice(-3)
    .reverse();
  for (const turn of userTurns) {
    if (CJK.test(turn.content)) {
      const core = turn.content
        .replace(CJK_QUESTION_WORDS, '')
        .replace(/[\p{P}\s]+/gu, ' ')
        .trim();
      if (core && !message.includes(core) && !terms.includes(core)) terms.push(core);
    } else {
      for (const word of contentWords(turn.content)) {
        if (have.has(word) || terms.includes(word)) continue;
        terms.push(word);
      }
    }
    if (terms.length >= max) break;
  }
  return terms.slice(0, max);
}

// "And the Team plan?", "What about for annual plans?": a continuation that names one thing.
const SWAP_OPENER =
  /^(?:and|or|also|then|so|what about|how about|and what about|and how about|same for)\b\s*/iu;
const SWAP_FILLER = /^(?:(?:for|with|about|on|in|of|to|the|a|an|my|your|our)\s+)+/iu;
const CLAUSE_START =
  /^(?:how|what|when|where|who|whom|why|which|can|could|do|does|did|is|are|was|were|will|would|should|shall|may|might|must|has|have|i|we|you)\b/iu;

function sameWord(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x === `${y}s` || y === `${x}s` || x === `${y}es` || y === `${x}es`;
}

/**
 * "And the Team plan?" after "How much does the Basic plan cost?" asks the same question of
 * another thing of the same kind: the follow-up's last word (its head, "plan") is a word of the
 * previous question, so the standalone question is the previous one with the named thing
 * ("Basic plan": the head and up to three words before it that are no stopwords) swapped for the
 * follow-up's. Appending terms instead gave "And the Team plan? basic cost", whose "how much" the
 * extractive answerer never saw, so it abstained. Null when the follow-up is no such fragment.
 */
export function swapIntoPrevious(message: string, previous: string): string | null {
  const opener = SWAP_OPENER.exec(message);
  if (!opener || CJK.test(message) || CJK.test(previous)) return null;
  const phrase = message
    .slice(opener[0].length)
    .replace(/[\s?!.]+$/u, '')
    .replace(SWAP_FILLER, '')
    .trim();
  const phraseWords = words(phrase);
  if (phraseWords.length === 0 || phraseWords.length > 4 || CLAUSE_START.test(phrase)) return null;
  const head = phraseWords.at(-1) as string;
  const tokens = [...previous.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu)].map((m) => ({
    text: m[0],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  const at = tokens.findLastIndex((t) => sameWord(t.text, head));
  if (at < 0) return null;
  // As many words as the follow-up names ("Team plan" for "Basic plan"): a longer walk took the
  // verb ("Do managers approve remote work requests?" + "What about leave requests?" became "Do
  // managers leave requests?").
  let first = at;
  while (first > 0 && at - first < phraseWords.length - 1) {
    const before = tokens[first - 1] as (typeof tokens)[number];
    const gap = previous.slice(before.end, (tokens[first] as (typeof tokens)[number]).start);
    if (!/^[\s-]+$/u.test(gap) || STOPWORDS.has(before.text.toLowerCase())) break;
    first--;
  }
  const from = (tokens[first] as (typeof tokens)[number]).start;
  const to = (tokens[at] as (typeof tokens)[number]).end;
  return `${previous.slice(0, from)}${phrase}${previous.slice(to)}`.trim();
}

/**
 * "那标准版呢？" after "专业版最多能有多少人": the previous question with the thing of the same kind
 * (sharing its last characters, "版") swapped for the named one: "标准版最多能有多少人". When the
 * previous question names no such thing ("那新疆呢" after "运费多少钱啊"), the named thing leads the
 * previous question whole: "新疆 运费多少钱啊". The question words stay, so the answerer still knows
 * what kind of fact is asked (appending the previous turn without them lost the amount).
 */
export function zhSwapIntoPrevious(message: string, previous: string): string | null {
  const named = zhWhatAbout(message);
  if (!named || !CJK.test(previous) || previous.includes(named)) return null;
  const asked = previous.replace(/[？?]\s*$/u, '');
  const chars = [...named];
  for (let k = Math.min(3, chars.length - 1); k >= 1; k--) {
    const suffix = chars.slice(-k).join('');
    const at = asked.indexOf(suffix);
    if (at < 0) continue;
    const prefix = named.slice(0, named.length - suffix.length);
    // The thing it replaces: a Latin name whole ("Pro" for "Team"), or as many Han characters.
    const latin = /[\p{Script=Latin}\p{N}]$/u.test(prefix)
      ? /[\p{Script=Latin}\p{N}]+$/u.exec(asked.slice(0, at))?.[0]
      : undefined;
    const start = latin !== undefined ? at - latin.length : at - prefix.length;
    const same = asked.slice(start, at);
    if (start < 0 || same.length === 0 || same === prefix) continue;
    if (latin !== undefined || /^\p{Script=Han}+$/u.test(same))
      return asked.slice(0, start) + prefix + asked.slice(at);
  }
  // No thing of the same kind, but a subject the question is asked of ("北京的运费是多少"): X takes
  // its place ("那上海呢" → "上海的运费是多少"); otherwise X leads the question whole.
  const subject = /^([^\s的]{1,6})的/u.exec(asked);
  if (subject?.[1] && !ZH_NOT_A_NOUN.test(subject[1])) return named + asked.slice(subject[1].length);
  return `${named} ${asked}`;
}

/**
 * An elliptical follow-up becomes the previous question with the named thing swapped in when it
 * names one ("And the Team plan?"); otherwise salient terms of the previous user turns are appended
 * to it. Anything else is left as it is.
 */
export function rewriteHeuristically(input: QueryRewriteInput): RewrittenQuery {
  const message = input.message.trim();
  if (!input.history.some((turn) => turn.role === 'user') || !isEllipticalFollowUp(message)) {
    return { query: message, method: 'none' };
  }
  // The last question that is not itself such a fragment: after "And the Team plan?", "And the Pro
  // plan?" swaps into the question both continue.
  const previous = input.history.findLast(
    (turn) => turn.role === 'user' && !SWAP_OPENER.test(turn.content.trim()),
  );
  const swapped = previous
    ? (swapIntoPrevious(message, previous.content.trim()) ??
      zhSwapIntoPrevious(message, previous.content.trim()))
    : null;
  if (swapped) return { query: swapped, method: 'heuristic' };
  const terms = salientTerms(message, input.history);
  if (terms.length === 0) return { query: message, method: 'none' };
  return { query: `${message} ${terms.join(' ')}`, method: 'heuristic' };
}

export function createHeuristicRewriter(): QueryRewriter {
  return { rewrite: async (input) => rewriteHeuristically(input) };
}

export const REWRITE_INSTRUCTIONS =
  'Rewrite the last question of the conversation so that it can be understood without the conversation. ' +
  'Keep its language and meaning. Reply with the rewritten question only.';

export interface GeneratorRewriterOptions {
  /** Turns of history shown to the model (most recent). */
  maxTurns?: number;
  /** Characters kept of each turn: answers can be long, the subject is usually early. */
  maxTurnChars?: number;
  maxTokens?: number;
  /** Called when the model fails and the heuristic is used instead (for logging). */
  onFallback?: (error: unknown) => void;
}

function rewritePrompt(message: string, turns: readonly HistoryTurn[], maxTurnChars: number): ChatMessage[] {
  const lines = turns.map(
    (turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.content.slice(0, maxTurnChars).trim()}`,
  );
  return [
    { role: 'system', content: REWRITE_INSTRUCTIONS },
    {
      role: 'user',
      content: `Conversation:\n${lines.join('\n')}\n\nLast question: ${message}\n\nStandalone question:`,
    },
  ];
}

/** First non-empty line, without quotes or a repeated label. */
export function cleanRewrite(text: string): string {
  const line =
    text
      .split(/\r?\n/u)
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  return line
    .replace(/^(standalone question|rewritten question|question)\s*[:：]\s*/iu, '')
    .replace(/^["'“”「]+|["'“”」]+$/gu, '')
    .trim()
    .slice(0, 1000);
}

/**
 * Asks the configured model to rewrite follow-ups (whenever there is an earlier user turn: the
 * model judges ellipsis better than the heuristic). Falls back to the heuristic when the prompt
 * does not fit, the model fails, or it answers nothing.
 */
export function createGeneratorRewriter(
  generator: Generator,
  options: GeneratorRewriterOptions = {},
): QueryRewriter {
  const maxTurns = options.maxTurns ?? 4;
  const maxTurnChars = options.maxTurnChars ?? 300;
  const maxTokens = options.maxTokens ?? 48;
  return {
    async rewrite(input) {
      if (!input.history.some((turn) => turn.role === 'user')) {
        return { query: input.message.trim(), method: 'none' };
      }
      let turns = input.history.slice(-maxTurns);
      let messages = rewritePrompt(input.message, turns, maxTurnChars);
      const cost = (m: ChatMessage[]) => m.reduce((n, x) => n + generator.countTokens(x.content) + 4, 0);
      // Small context windows (fixture models) fit fewer turns; drop the oldest first.
      while (turns.length > 1 && cost(messages) + maxTokens > generator.contextWindow) {
        turns = turns.slice(1);
        messages = rewritePrompt(input.message, turns, maxTurnChars);
      }
      try {
        if (cost(messages) + maxTokens > generator.contextWindow) {
          throw new AppError('prompt_too_long', 'the rewrite prompt does not fit the context window');
        }
        let text = '';
        for await (const event of generator.generate({
          messages,
          sources: [],
          question: input.message,
          maxTokens,
          temperature: 0,
          ...(input.signal ? { signal: input.signal } : {}),
        })) {
          if (event.type === 'delta') text += event.text;
        }
        const query = cleanRewrite(text);
        if (query.length > 0) return { query, method: 'generator' };
        options.onFallback?.(new Error('the model returned an empty rewrite'));
      } catch (error) {
        if (input.signal?.aborted) throw error;
        options.onFallback?.(error);
      }
      return rewriteHeuristically(input);
    },
  };
}

/** The extractive answerer cannot rewrite; any model generator can. */
export function createQueryRewriter(
  generator: Generator,
  options: GeneratorRewriterOptions = {},
): QueryRewriter {
  return generator.id === 'extractive'
    ? createHeuristicRewriter()
    : createGeneratorRewriter(generator, options);
}
