import { foldHan, writtenChinese } from '@grounded/text';

/**
 * Character n-gram overlap for Chinese questions (issue #15). Lexical terms of Chinese text are
 * character bigrams, and a question's bigrams include its question words ("由哪", "哪两", "多少"),
 * which the answering sentence never contains: coverage then stays low however well the sentence
 * matches. This measure drops the question words first and averages the coverage of the
 * question's characters and of its bigrams, so one paraphrased word costs a little, not a term.
 * A question word takes its noun with it when the answer never repeats that noun: "什么时候" is
 * answered by a date, not by "时候"; "多少钱" by an amount, not by "钱" (Chinese product probe).
 */
const QUESTION_WORDS =
  /什么时候|什么时间|多长时间|多少时间|什么地方|多少钱|什么样|什么|哪些|哪个|哪里|哪儿|哪一|哪|谁|多少|多久|多长|几|怎么样|怎么|怎样|如何|为什么|为何|何时|何地|何|是否|能否|吗|呢|请问/gu;

/**
 * Text as the Chinese measures compare it: full-width forms as ASCII ("３００"), Traditional folded
 * to Simplified, numerals and spoken forms written as documents write them ("三百兆" meets "300M"),
 * lower case.
 */
export function matchForm(text: string): string {
  return writtenChinese(foldHan(text.normalize('NFKC'))).toLowerCase();
}

/** Text as the customer typed it, full-width read as ASCII: no digit the written form makes of "一个". */
export function typedForm(text: string): string {
  return foldHan(text.normalize('NFKC')).toLowerCase();
}

/** A question as the measures read it: its question words go first, so "哪一天" leaves no "1". */
function askedForm(question: string): string {
  return matchForm(foldHan(question).replace(QUESTION_WORDS, ' '));
}

const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/u;

function contentRuns(asked: string): string[] {
  const runs: string[] = [];
  let run = '';
  for (const ch of asked) {
    if (CONTENT.test(ch)) run += ch;
    else if (run) {
      runs.push(run);
      run = '';
    }
  }
  if (run) runs.push(run);
  return runs;
}

export interface ChineseQuestionGrams {
  chars: Set<string>;
  bigrams: Set<string>;
  /** Latin or digit words of the question, whole: the only match an all-Latin sentence can make. */
  words: string[];
}

export function chineseQuestionGrams(question: string): ChineseQuestionGrams {
  const chars = new Set<string>();
  const bigrams = new Set<string>();
  const asked = askedForm(question);
  for (const run of contentRuns(asked)) {
    const cs = [...run];
    for (const [i, c] of cs.entries()) {
      chars.add(c);
      if (i + 1 < cs.length) bigrams.add(c + cs[i + 1]);
    }
  }
  // Words as typed: a digit the written form makes of "一个" would let an English "Step 1" sentence in.
  return { chars, bigrams, words: latinWords(typedForm(question).replace(QUESTION_WORDS, ' ')) };
}

const HAN = /\p{Script=Han}/u;

// A letter or digit of a word that is not Chinese ("rag", "2018").
const WORD_CHAR = /(?!\p{Script=Han})[\p{L}\p{N}]/u;

/** The question's Latin or digit words ("rag", "2018"), whole, each ending where Han begins ("vpn能用"). */
function latinWords(question: string): string[] {
  return question.match(new RegExp(`(?:${WORD_CHAR.source})+`, 'gu')) ?? [];
}

/** `word` in `lower` with no letter or digit of another word beside it (a Han character may be). */
function hasWord(lower: string, word: string): boolean {
  const other = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch);
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    if (!other(lower[at - 1]) && !other(lower[at + word.length])) return true;
  }
  return false;
}

/** In [0, 1]: mean of the shares of the question's content characters and bigrams in `sentence`. */
export function chineseOverlap(grams: ChineseQuestionGrams, sentence: string): number {
  if (grams.chars.size === 0) return 0;
  // A Traditional sentence meets a Simplified question (fold-han.ts), "5块钱" meets "5元".
  const lower = matchForm(sentence);
  // Letters count one by one in Chinese text, but in a sentence with no Chinese they would match
  // inside any English word ("r", "a", "g" and "ra" of "RAG" in "characters"): there the sentence
  // must hold one of the question's Latin or digit words whole. Read on the sentence as written:
  // "Pro: 300兆" is Chinese text though its written form "pro: 300m" has no Han left.
  if (!HAN.test(sentence) && !grams.words.some((w) => hasWord(lower, w))) return 0;
  let chars = 0;
  for (const c of grams.chars) if (lower.includes(c)) chars++;
  let bigrams = 0;
  for (const b of grams.bigrams) if (lower.includes(b)) bigrams++;
  const charShare = chars / grams.chars.size;
  return grams.bigrams.size === 0 ? charShare : (charShare + bigrams / grams.bigrams.size) / 2;
}
