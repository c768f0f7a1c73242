import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { highlightsOf, resolveCitations } from '@grounded/chat';
import { hasShared } from '@grounded/core';
import { checkGroundedness } from '@grounded/guardrails';
import { answerText, type ExtractiveOptions, extractAnswer } from '@grounded/llm';
import { type AnswererConfig, answererConfigs } from './answering-configs';
import {
  type AnsweringItem,
  loadCmrcItems,
  loadCmrcRetrievedItems,
  loadHotpotItems,
  loadOwnEn3Items,
  loadOwnItems,
  loadOwnZh2Items,
  loadOwnZhItems,
  loadSquadItems,
  loadWholeSetItems,
  OWN_EN3_SET_DIR,
  OWN_EN4_SET_DIR,
  OWN_EN5_SET_DIR,
  OWN_SET_DIR,
  OWN_ZH_SET_DIR,
  OWN_ZH2_SET_DIR,
  OWN_ZH3_SET_DIR,
  OWN_ZH4_SET_DIR,
} from './answering-data';
import { askProduct, type ProductAnswer, productSettings } from './answering-product';
import { normaliseAnswer } from './calibration/squad-abstention';
import { percentile } from './retrieval-metrics';

/**
 * `npm run eval -- answering` (issue #15): the extractive answerer as chat runs it, on SQuAD v2
 * (Normans + Rhine, paragraph split as in `eval guardrails`), CMRC 2018 dev (Chinese), HotpotQA
 * questions from HaluEval QA (`hotpot`, answerable only) and the own enterprise set in
 * eval/data/answering. Every figure is printed per half; tuning reads dev only.
 *   gold∈answer  answerable questions whose answer contains a gold answer (abstaining = miss)
 *   answered     answerable questions answered at all
 *   abstained    unanswerable questions abstained on
 *   hl∋gold      answerable questions answered whose highlight contains a gold answer (chat's
 *                highlightsOf on the answer text and its resolved citations)
 *   curve        answered correctly vs unanswerable abstained, as the gate's threshold moves
 *   guard-cut    answers of which chat's output guardrail (groundedness, default scorer) would
 *                remove a sentence: the product sends what the check leaves
 *   hl N words   mean length of a highlight: a short answer, not a sentence (a longer span
 *                contains the gold more easily, so the two are read together)
 * Choice rules, written before the test halves of this round were read (second round of #15):
 * - the gate (USE_LITE_ANSWERING_MODEL) and its threshold rule are unchanged: the highest threshold
 *   keeping ≥ 90% of the correct answers on each dev half. New support features (window support,
 *   swapped entity, gap-span support) got weight 0 in the sign-constrained dev fit and were dropped.
 * - the gap-span weights (packages/llm/src/generation/gap-span.ts) are those with the best dev
 *   hl∋gold on SQuAD dev and own dev together, read with `--split dev --hl-misses`.
 * The test halves are then read once, with `--configs default,chat`.
 * Third round (issue #15 reopened), written before its test halves were read:
 * - a candidate signal enters the gate only if the 5-fold out-of-fold dev curve of
 *   eval/calibration/answering-calibration.ts (own dev + SQuAD dev) abstains more at "keep ≥ 90% of
 *   the correct answers" than without it. Kept: WordNet antonyms (antonymSwap). Measured and left
 *   out: key-noun support (nouns of the question absent from the sources or the answer's chunk,
 *   with and without WordNet synonyms), a name of the paragraph missing from the sentence, a
 *   superlative/ordinal missing, more negation words, an uncovered yes/no predicate.
 * - the product default (USE_LITE_ANSWERING_MODEL's threshold) keeps the rule above: the highest
 *   threshold keeping ≥ 90% of the correct answers on each dev half, fitted on all dev rows.
 * - the test halves are read once, at the end, with `--configs default,chat`; nothing is changed
 *   after that reading.
 * Fourth round (highlights), written before its test halves were read: the candidate-span picker
 * of gap-span.ts (its rules and weights) and the later-claim margin of chat's highlightsOf were
 * chosen on dev hl∋gold only (SQuAD dev and own dev, `--split dev --hl-misses`); the test halves
 * were then read once with `--configs default,chat`, and nothing was changed after that reading.
 * Fifth round (abstention), written and committed before any signal of the round was fitted and
 * before its test halves were read:
 * - a new gate signal is kept only if, in the 5-fold out-of-fold dev curve of
 *   eval/calibration/answering-calibration.ts (own dev + SQuAD dev), at "keep ≥ 90% of the correct
 *   answers on each dev half" the unanswerable abstained rises on the two dev halves together
 *   (mean of own and SQuAD) and falls on neither; signals are added one at a time, best first.
 * - the product default is chosen by the same rule as before: the gate refitted on all dev rows,
 *   its threshold the highest that keeps ≥ 90% of the correct answers on each dev half.
 * - the test halves are read once, at the end, with `--configs default,chat`; nothing is changed
 *   after that reading.
 * Kept, in this order (5-fold dev, own / SQuAD unanswerable abstained at keep ≥ 90%): gapMissing
 * (29.4/35.0%), topAgree (41.2/35.7%), oppositeSwap (47.1/38.9%), gapFit (52.9/40.8%; from
 * 29.4/33.1%). Measured and left out: a question word with no match (stem, 5-letter prefix) in the
 * sentence or its neighbours, a missing word whose neighbour's match has another word beside it
 * ("warmer water" asked, "cold water" written), a key word absent from every source, a capitalised
 * question word missing, a missing dimension word ("how wide" without width), a modifier of a
 * matched word missing; each lowered one half or moved neither.
 * Test halves, read once (chat): SQuAD gold∈answer 84.4 → 81.3%, unanswerable abstained 25.8 →
 * 36.2%; own answered correctly 69.0 → 57.1%, abstained 45.0 → 65.0%; CMRC 82.1% (unchanged).
 * Sixth round (which sentences an answer holds, and in what order), written and committed before
 * any change of the round was tried or fitted and before its test halves are read:
 * - changes to sentence choice and order (packages/llm/src/generation/*) are tuned on own dev and
 *   SQuAD dev only (`--split dev --configs chat --misses`); no test half is read while tuning.
 * - a change ships iff own-dev gold∈answer (chat) rises, and SQuAD-dev gold∈answer and SQuAD-dev
 *   unanswerable abstained each fall by at most 1 point, and own-dev abstained does not fall by more
 *   than 1 point; chat p50 (`bench --only chat`) stays ≤ 100 ms.
 * - the gate is then refitted with eval/calibration/answering-calibration.ts, its threshold by the
 *   existing rule (the highest threshold keeping ≥ 90% of the correct answers on each dev half).
 * - the test halves are read once, by the merger, with `--configs default,chat`; nothing is
 *   changed after that reading.
 * Sixth round, outcome (dev only; `--sets own|squad --split dev --configs chat,chat-order`):
 * contextOrder (extractive-answerer.ts: heading terms, chunk retrieval rank, a stronger preference
 * for the asked kind of fact; the gate still reads the best sentence by support) raises 1st∋gold
 * on own dev 54.5 → 68.2% and SQuAD dev 85.6 → 86.6% with gold∈answer, answered, abstained and
 * hl∋gold unchanged on both (own 72.7/79.5/76.5/68.6%, SQuAD 88.7/89.7/43.9/68.4%). Own-dev
 * gold∈answer does not rise, so by the rule above it is not the default ('chat-order' measures
 * it). Also measured and not shipped: letting the gate read the context-ordered best sentence and
 * refitting it (own gold∈answer 75.0%, but own abstained 58.8% and SQuAD abstained 42.0%: the
 * threshold rule keeps 90% of more correct answers); IDF-weighted coverage, chunk-level coverage,
 * and dropping later sentences from other chunks with less lexical support (own gold∈answer
 * 68.2%: the gold is often in a later sentence of another chunk).
 * Seventh round (the merger, same day), written after the sixth round's dev figures were seen and
 * before any test half of either round was read: the sixth round's rule judged ordering by
 * gold∈answer, which counts every sentence of an answer and so cannot see which one comes first,
 * while a widget reader reads the first. Rule: contextOrder becomes the chat default iff, on both
 * dev halves, 1st∋gold rises and gold∈answer, answered, abstained and hl∋gold do not fall, and
 * chat p50 stays ≤ 100 ms. By the sixth round's dev figures above it does, so the chat config and
 * the product (apps/api container) turn it on; the gate is unchanged, so nothing is refitted. The
 * sixth round's 'chat-order' is now 'chat', and its 'chat' is 'chat-support-order'. The test halves
 * are then read once with `--configs default,chat,chat-support-order`.
 * Test halves, read once (chat vs chat-support-order): 1st∋gold own 73.8 → 73.8%, SQuAD 87.0 →
 * 86.5%, CMRC 74.5 → 74.5%; CMRC gold∈answer 82.1 → 84.3%; every other figure unchanged (SQuAD
 * 81.3% / 36.2%, own 57.1% / 65.0%, hl∋gold SQuAD 50.3%). Nothing was changed because of this
 * reading. Afterwards a code review found bugs in contextOrder (a named table row could be left out
 * of its own answer; the absolute floor was read on the context score; instruction words matched
 * nouns), and the product was found to put Chinese questions through the English similarity and
 * gate: fixed, each dev figure checked unchanged (own, SQuAD), CMRC dev 85.2 → 83.2% (the extra
 * sentences that had entered below the floor). The final code's test halves, read once more: every
 * figure as above except CMRC chat gold∈answer 82.5% (1st∋gold 74.5%).
 * Session of 2026-12-06 (the merger, before any change was tried): seen on the demo, "How do I
 * connect to the VPN?" led with "If the VPN disconnects repeatedly, switch…" and gave the steps out of
 * source order, because a conditional instruction ("If …, switch…") was not read as an instruction.
 * Rule: reading "If/When … ," before an instruction verb as an instruction ships iff, on own dev and
 * SQuAD dev (chat), 1st∋gold does not fall and gold∈answer, answered, abstained and hl∋gold are
 * unchanged; no test half is read for it.
 * Outcome (dev): every own-dev and SQuAD-dev figure unchanged (1st∋gold 68.2% / 86.6%): it ships.
 * Same session, same rule, written before trying it: "How do I report a security incident?" led
 * with "Do not try to investigate…" because "report" was not an instruction verb. More instruction
 * verbs (report, wait, keep, save, change, reset, pay, apply, register, book, cancel, …) ship iff
 * the rule above holds. (Prohibitions, "Do not …", stay out: they are not steps.)
 * Outcome (dev): every own-dev and SQuAD-dev figure unchanged: it ships.
 * Eighth round (issue #15, own set enlarged), written and committed after the 65 new own-set
 * questions (pb-*, ka-*) were committed and before any answerer change of the round was tried:
 * - the baseline is the current code on the enlarged own dev half; changes are tuned on own dev
 *   and SQuAD dev only (`--sets own,squad --split dev --configs chat --misses`), fixing general
 *   causes (sentence choice, paraphrase matching, table rows, continuation, gate features), never a
 *   question or a document.
 * - a change ships iff, against the baseline, own-dev gold∈answer (chat) rises, own-dev abstained
 *   does not fall by more than 1 point, SQuAD-dev gold∈answer and SQuAD-dev abstained each fall by
 *   at most 1 point, CMRC-dev gold∈answer (`--sets cmrc --split dev`) falls by at most 1 point, and
 *   chat p50 (`bench --only chat`) stays ≤ 100 ms.
 * - the gate, if refitted, keeps its threshold rule: the highest threshold keeping ≥ 90% of the
 *   correct answers on each dev half.
 * - the test halves are read once, at the end, with `--configs default,chat,chat-support-order`;
 *   nothing is changed after that reading.
 * Eighth round, outcome (dev; chat; own gold∈answer / answered / abstained, SQuAD the same, CMRC
 * gold∈answer). Baseline on the enlarged own dev half (66 answerable, 29 unanswerable): own
 * 66.7/75.8/58.6%, SQuAD 88.7/89.7/43.9%, CMRC 83.2%. Shipped, each passing the rule on its own:
 * - a question in a document (an FAQ's "When is payday?", which Markdown joins to its answer) is no
 *   answer sentence and labels what follows it as a heading; with it, a menu-path step ("Settings >
 *   Billing") is no person name (without that, the one unanswerable question that a question
 *   sentence had kept abstaining lost its missing-slot signal): own 68.2/75.8/58.6%, SQuAD
 *   unchanged, CMRC 83.1%.
 * - more instruction verbs ("Register…", "Renew…") and conditional instructions ("If you lose it,
 *   use…") for how-to questions: own 69.7/75.8/58.6% (1st∋gold 59.1 → 60.6%), SQuAD and CMRC
 *   unchanged.
 * Measured and not shipped: a table row's column names counted as heading terms instead of row
 *   content (own 65.2%), a row none of whose cells the question names counted half (own 66.7%,
 *   abstained 62.1%: a correct answer lost), heading terms in the sentence score with the
 *   similarity on (own 66.7%), and the gate refitted on the enlarged dev rows (its threshold rule
 *   gives own abstained 48.3% in-sample, below the current gate).
 * Test halves, read once on the final code (`--configs default,chat,chat-support-order`), nothing
 * changed after: own (enlarged test half, 65 answerable, 28 unanswerable) chat gold∈answer 52.3%,
 * answered 58.5%, abstained 64.3%, 1st∋gold 70.8% (chat-support-order 53.8/58.5/64.3%); SQuAD
 * chat 81.3% / 36.2% (unchanged); CMRC chat 82.5% (unchanged). Chat p50 42.0 ms (bench --only chat).
 * Merged (same day): the two instruction-verb lists and conditional prefixes above are joined into
 * one; dev re-read after the merge: own 69.7/75.8/58.6% (1st∋gold 60.6%), SQuAD and CMRC as above.
 * Same session (the merger), written before trying it: seen on the demo, "RAG 有什么好处？" took
 * "Passwords must be at least 14 characters long…" into its answer, because the Chinese overlap
 * matched the Latin letters r, a, g one by one inside English words. Rule: matching a Latin or digit
 * run of a Chinese question as one whole word (no single letters, no bigrams across it) ships iff
 * CMRC dev gold∈answer and 1st∋gold (chat) each fall by at most 0.5 point; no test half is read.
 * Outcome: CMRC dev gold∈answer 83.1 → 82.5% (1st∋gold 73.7 → 73.9%): fails by 0.1 point, not
 * shipped. Second candidate, same rule, written before trying it: letters stay matched one by one in
 * Chinese text, but a sentence with no Han character scores 0 unless it holds a Latin or digit word
 * of the question whole (an English sentence in a Chinese answer must name what is asked).
 * Outcome: CMRC dev unchanged (83.1%, 1st∋gold 73.7%): it ships.
 * Same session (the merger), written before any change was tried: seen on the demo, "What are your
 * support hours?" abstained where "What are the support hours?" answered: USE-lite's cosine falls
 * with "your" (0.33 → 0.28) and the gate with it. Neither dev set asks with "your", so `--your`
 * re-asks the dev questions that have "the" with "your" (own dev: correct 68.2% as written, 59.1%
 * with "your", 22 answerable / 9 unanswerable). Rule: reading "your" as "the" for the sentence
 * similarity (a customer's "your" is the company's) ships iff on `--your` own dev (chat) correct
 * rises and abstained does not fall by more than 1 point, and own, SQuAD and hotpot dev (as written)
 * are unchanged; no test half is read.
 * Outcome (dev): `--your` own correct 59.1 → 63.6% (answered 77.3%, abstained 44.4%, both
 * unchanged); own, SQuAD and hotpot dev as written unchanged: it ships.
 * Same session, written before trying it: "What is the largest file I can upload?" highlighted
 * "single" in "The largest single file you can upload is 50 GB…": a superlative or maximum of a
 * measurable thing (file, upload, attachment, size, storage, weight, length, quota, amount) asks for
 * a measure, like "how big". Rule: that question type ships iff, on own, SQuAD and hotpot dev (chat),
 * hl∋gold falls on none and gold∈answer, answered and abstained are unchanged; no test half is read.
 * Outcome (dev): every own, SQuAD and hotpot dev figure unchanged: it ships.
 * Same session, same rule, written before trying it: "How many users can the Team plan have?"
 * highlighted "20 per user per month": for "how many X" a money amount is no count, and a number
 * followed by X (not "per X") answers it over one that only shares the clause's words.
 * Outcome (dev): hl∋gold hotpot 40.5 → 41.2%, every other own, SQuAD and hotpot figure
 * unchanged: it ships.
 * Same session, written before trying it: a how-to question ("How do I connect to the VPN?") asks for
 * steps, not a fact, yet got an arbitrary noun of the answer as its highlight ("Wi-Fi", "Forgot").
 * Rule: no highlight for a how-to question of no typed kind ships iff hl∋gold falls on none of own,
 * SQuAD and hotpot dev (chat) and gold∈answer, answered and abstained are unchanged.
 * Outcome (dev): every own, SQuAD and hotpot figure unchanged: it ships.
 * Session of 2026-12-06, second (the merger), written before trying it: seen on the demo, "Is there a
 * free trial?" was answered by "Every new account starts with a 30-day free trial…" and highlighted
 * "not" from a third, unrelated claim ("Monthly plans are not refunded…"): a yes/no question's
 * polarity is its leading claim's, and a later claim's negation is no answer to it. Rule: reading
 * a yes/no question's highlight from the leading claim only ships iff, on own, SQuAD and hotpot dev
 * (chat), hl∋gold falls on none and gold∈answer, answered and abstained are unchanged; no test half
 * is read.
 * Outcome (dev): every own, SQuAD and hotpot figure unchanged (hl∋gold 56.0 / 70.1 / 41.2%): it
 * ships.
 * Merged with the probe round's same fix below, which reads the answer's first claim (in answer
 * order) rather than the leading one of the reordering: that version is kept (dev unchanged).
 * Same session, written before trying it: seen on the demo, "How long does it take to get a new
 * monitor?" abstained: the best sentence ("To request a new laptop, monitor or headset…, open a
 * ticket…") lacks the duration, which the next sentence of its paragraph states ("Standard equipment
 * is delivered within five working days."), but that sentence does not join it because it neither
 * opens with a pronoun nor repeats a noun ("equipment" for "monitor"). Rule: for a question of a
 * typed slot (not yes/no) whose best sentence states no fact of the slot, the next sentence of the
 * same paragraph joins when it states one, ships iff, against the code before it (chat, dev halves):
 * own gold∈answer does not fall and own abstained falls by at most 1 point, with own gold∈answer,
 * answered or abstained improving; SQuAD gold∈answer and abstained, hotpot gold∈answer and CMRC
 * gold∈answer each fall by at most 1 point; guard-cut stays 0. No test half is read.
 * Outcome (dev): own unchanged (69.7 / 75.8 / 58.6%); SQuAD gold∈answer 88.7 → 89.2%, answered 89.7
 * → 90.2%, abstained 43.9 → 43.3%, hl∋gold 70.1 → 69.7%; hotpot unchanged; CMRC 83.2%. Own does
 * not improve: not shipped.
 * Same session, written before trying them, each tried and judged on its own against the code
 * before it; seen on the demo: (a) "What's the price of Enterprise?" asked for no slot (the amount
 * pattern reads "what is the price") and got the highlight "plan": questionSlot reads "what's",
 * "who's", "where's", "when's", "how's" as "… is"; (b) "How much do I save with annual billing?"
 * highlighted "15% compared": an amount question whose sentence states no money amount takes a
 * percentage ("saves 15%", "a 2% fee"); (c) "How long must my password be?" highlighted "180 days"
 * in "…at least 14 characters long and are valid for 180 days": a "how long/wide/tall/high/deep/far"
 * question takes a measure followed by that adjective ("14 characters long") before any other span.
 * Rule for each: ships iff, on own, SQuAD and hotpot dev (chat), hl∋gold falls on none, and
 * gold∈answer, answered and abstained each fall by at most 0.5 point on each and rise or stay on
 * own (a changes the answerer's slot too); CMRC dev gold∈answer falls by at most 0.5 point; guard-cut
 * stays 0. No test half is read.
 * Outcome (dev): (a) every own, SQuAD, hotpot and CMRC figure unchanged: it ships.
 * (b) every own, SQuAD, hotpot and CMRC figure unchanged (own hl 2.2 → 2.3 words): it ships.
 * (c) was not tried this session (no time left): "How long must my password be?" still highlights
 * "180 days".
 * (c), tried in the session of 2026-12-06 (third), by the rule above: a first version without the
 * adjective ("300 km" where SQuAD's gold is "300 km long") lowered SQuAD dev hl∋gold 70.1 → 69.5%:
 * failed. With the adjective in the span ("14 characters long"): every own, SQuAD, hotpot and CMRC
 * dev figure unchanged (hl 1.9 → 2.0 words on SQuAD), guard-cut 0: it ships.
 * Same session, written and committed before trying it: seen on the demo, "can i get my money back if
 * i cancel my yearly plan after 2 months?" and "what happens when my trial runs out" abstained: the
 * customer's word is not the document's ("yearly" for "annual", "runs out" for "ends"). Rule: a
 * question word (or two-word phrasal verb) that no source uses is read as a WordNet synonym of one
 * of its first two senses (a lemma of the same synset) that the sources do use, for everything the
 * answerer computes from the question (similarity, coverage, gate); it ships iff, against the code
 * before it (chat, dev halves): own gold∈answer rises and own abstained falls by at most 1 point;
 * SQuAD gold∈answer and abstained each fall by at most 1 point; hotpot gold∈answer falls by at most
 * 1 point; hl∋gold falls by more than 1 point on none; CMRC unchanged; guard-cut stays 0; chat p50
 * (`bench --only chat`) stays ≤ 100 ms. No test half is read.
 * Outcome (dev, chat against chat/-synonyms in one run): own gold∈answer 69.7 → 71.2%, answered
 * 75.8 → 77.3%, abstained 58.6% (unchanged), hl∋gold 58.0 → 56.9% (the same hits over one more
 * answered question), 1st∋gold 62.1 → 63.6%; SQuAD gold∈answer 88.7% (unchanged), abstained 43.9
 * → 42.0%; hotpot unchanged. SQuAD abstained falls by 1.9 points (and own hl∋gold by 1.1): it
 * fails the rule and is not shipped (the code is not kept).
 * Same session, written and committed before trying it: seen on the demo, "how often do we get new
 * laptops?" asks for a frequency ("every four years"), a kind of fact the answerer has no slot for,
 * so neither the sentence choice nor the highlight looks for one. Rule: a `frequency` slot ("how
 * often", "how frequently", 多久一次 / 频率 …; stated as "every (N) days/weeks/…", "N times a/per …",
 * "once/twice a …", daily/weekly/monthly/…, 每天/每周/每隔…) ships iff, on own, SQuAD and hotpot dev
 * (chat), hl∋gold falls on none, gold∈answer, answered and abstained each fall by at most 0.5 point,
 * CMRC dev gold∈answer falls by at most 0.5 point and guard-cut stays 0. No test half is read.
 * Outcome (dev, chat): own, SQuAD and hotpot unchanged (69.7 / 75.8 / 58.6 / 58.0%, 88.7 / 89.7 /
 * 43.9 / 70.1%, 60.4 / 65.1 / – / 41.2%), CMRC gold∈answer 83.1 → 83.0%, guard-cut 0: it ships.
 * Same session, same rule as the frequency slot, written before trying it: seen on the demo, "how
 * often do i have to change my password?" is answered by a validity ("…are valid for 180 days")
 * and highlighted "last five": a frequency question whose sentence states no frequency takes a
 * duration, as an amount question takes a percentage.
 * Outcome (dev, chat): own, SQuAD, hotpot and CMRC unchanged against the frequency slot (CMRC 83.0%),
 * guard-cut 0: it ships.
 * Same session, written and committed before trying it: seen on the demo, "How much does the Team plan
 * cost?" against "The Basic plan costs $5 per month and the Team plan costs $20 per user per month"
 * highlights "$5", and "how big a file can i upload from the browser" highlights "50 GB" in "…is 50 GB
 * through the desktop app and 5 GB through the web browser": among several facts of the asked kind in
 * one clause, the question's words count for the fact they stand nearest to, except words before the
 * first fact, which are the subject of them all. Rule: that count (before the distance tie-break) ships
 * iff, on own, SQuAD and hotpot dev (chat), hl∋gold falls on none and rises on one at least,
 * gold∈answer, answered and abstained are unchanged, CMRC dev gold∈answer falls by at most 0.5 point and
 * guard-cut stays 0. No test half is read.
 * Outcome (dev, chat): a first version (nearest fact, conjuncts split at every "and") lowered hotpot
 * hl∋gold 41.2 → 40.5% ("born 4 May 1928) is a former military and political leader who served … from
 * 1981 to 2011" gave the term-of-office); with conjuncts counted apart only when they share a word (parallel
 * statements), every own, SQuAD and hotpot dev figure is unchanged: hl∋gold rises on none, so by its
 * rule it is not shipped (the code is not kept; "How much does the Team plan cost?" still highlights
 * "$5").
 * The third session's final code (with the probe2 round's answerer changes, each dev-neutral), test
 * halves read once at the end for the closing note (`--configs chat`), nothing changed after: every
 * figure as the second session's reading (own 55.4 / 60.0 / 64.3%, hl∋gold 41.0%, 1st∋gold 67.7%;
 * SQuAD 81.3 / 82.8 / 36.2%, hl∋gold 51.6%; hotpot hl∋gold 34.7%; CMRC 82.5%), guard-cut 0.
 * Review fix (same session): (b) takes a percentage only when the question is about money
 * ("How much annual leave…" took "up to 10%"); dev re-read on the merged code: own, SQuAD and
 * hotpot unchanged (own hl∋gold 58.0%, 1st∋gold 62.1%).
 * Second review (same session): clock times take a day's end "24:00" as a range's end and read no
 * time after a Latin letter ("é12:30"), Chinese text unchanged ("营业时间09:00至18:00"); by the
 * probe round's rule: own, SQuAD, hotpot and CMRC dev unchanged.
 * The session's final code (with the probe round below), test halves read once at the end for
 * the closing note (`--configs chat`), nothing changed after: own gold∈answer 52.3 → 55.4%,
 * answered 58.5 → 60.0%, abstained 64.3% (unchanged), hl∋gold 42.1 → 41.0%, 1st∋gold 70.8 → 67.7%;
 * SQuAD 81.3% / 36.2%, hl∋gold 51.6% (unchanged); hotpot hl∋gold 34.7% (unchanged); CMRC 82.5%.
 * Eighth round (highlights; a second helper in parallel, on the own set before it was enlarged),
 * written and committed before any picker change of the round was tried
 * and before its test halves are read. SQuAD dev is ~194 answerable questions from two articles,
 * and the picker rules earlier rounds drew from its misses did not carry to its test half (hl∋gold
 * dev 68.4%, test 50.3%). So this round tunes on a second, different set too: `hotpot` (HotpotQA
 * questions from HaluEval QA, its dev half by question hash, fixed before tuning), and only by
 * general rules (answer types, comparison options, name and noun-phrase boundaries), never per
 * question. Rule, applied literally:
 * - tuning reads dev halves only: `--sets own,squad,hotpot --split dev --configs chat --hl-misses`.
 * - a picker change (gap-span.ts, answer-slot.ts, chat's highlightsOf) ships iff, against the code
 *   before it, hl∋gold (chat) rises on hotpot dev and SQuAD dev together (their mean), falls by
 *   more than 1 point on none of hotpot dev, SQuAD dev and own dev, the mean highlight length
 *   ('hl N words') stays ≤ 3.0 words on each of the three, and gold∈answer, answered and abstained
 *   are unchanged on each (the highlight must not change the gate or the answer). The round's final
 *   code is checked by the same rule against the code before the round.
 * - each shipped rule has a unit test that fails without it; chat p50 stays ≤ 100 ms.
 * - the test halves are read once, at the end, with `--sets own,squad,hotpot --configs chat`;
 *   nothing is changed after that reading.
 * Before the round (dev, chat): hl∋gold own 68.6%, SQuAD 68.4%, hotpot 19.6% (hl 2.0 / 1.9 / 2.0
 * words); gold∈answer own 72.7%, SQuAD 88.7%, hotpot 60.4%.
 * Eighth round (highlights), outcome (dev, chat, written before the test halves were read). Shipped, each by the
 * rule above against the code before it (hl∋gold own / SQuAD / hotpot): comparison questions answered
 * by one of their named options (68.6 / 68.4 / 22.2%); a later claim's gap span when the gap
 * picker scores it higher by > 1, +1 when the claim opens with a name an earlier claim states
 * (68.6 / 67.8 / 31.4%); a figure's bound ("more than 1,600") and a place with its region ("Las
 * Vegas, Nevada") (68.6 / 67.8 / 34.0%); a lone capitalised adjective before a noun is no name, a
 * name closed by the head noun keeps it (68.6 / 67.8 / 35.3%); the agent after an asked verb's "by"
 * for "who", "named after who?" (68.6 / 67.8 / 39.9%); yes/no-form comparisons (40.5%); "What
 * happened to X?" → X's predicate (68.6 / 70.1 / 40.5%; its SQuAD gain is four questions of one
 * paragraph). hl words 2.3 / 1.9 / 2.3; gold∈answer, answered and abstained unchanged on all three.
 * Measured and not shipped: claim choice by the question's words near the span (local support;
 * SQuAD fell), a name with its number ("Highway 60"; no change), a measure with its dimension
 * ("300 km long"; SQuAD fell), typed-fact claims chosen by local support (one SQuAD question).
 * Test halves, read once (`--sets own,squad,hotpot --configs chat`), nothing changed after: hl∋gold
 * SQuAD 50.3 → 50.9% (hl 1.8 words), hotpot 34.7% (2.2 words; its test half was never read before),
 * own 56.0% (1.8 words); gold∈answer, answered and abstained as before (SQuAD 81.3 / 82.8 / 36.2%,
 * own 57.1 / 59.5 / 65.0%; hotpot 60.5 / 63.0%).
 * Merged (same day) with the own-set round and the merger's fixes above; the merged code's test
 * halves are read once at the end of the session, for the closing note only (`--configs
 * chat,chat-support-order`; nothing changed after): SQuAD 81.3% / 36.2% abstained, hl∋gold 50.9%;
 * own (enlarged) 52.3% / 64.3%, hl∋gold 42.1%, 1st∋gold 70.8%; hotpot hl∋gold 34.7%; CMRC 82.5%.
 * Review fixes and the merger's later changes above followed (each checked on dev); the final
 * code's test halves, read once more (`--configs chat`): every figure as just given except SQuAD
 * hl∋gold 51.6%; guard-cut 0 on every half.
 * Probe round (fixes from a new customer's documents), written before any answerer change was tried:
 * - a change to the answerer (packages/llm/src/generation) or chat's highlights ships only if, on
 *   each dev half (`--sets own,squad,hotpot --split dev --configs chat` and `--sets cmrc --split
 *   dev --configs chat`), gold∈answer, answered, abstained and hl∋gold fall by at most 0.5 point
 *   against the code before it, and guard-cut stays 0. Test halves are not read.
 * - baseline (dev, chat): own 69.7 / 75.8 / 58.6 / 56.0%; SQuAD 88.7 / 89.7 / 43.9 / 70.1%;
 *   hotpot 60.4 / 65.1 / – / 41.2%; CMRC 83.1 / 97.2 / – / 7.4%; guard-cut 0 on each.
 * Review fixes (after the probe round), written and committed before the fix was tried: the 24-hour
 * clock pattern of answer-slot.ts read "12:45" out of a "00:12:45" timestamp and ratios ("1:10",
 * "3:16") as times, so a transcript's timestamp lines took the date bonus. Rule: excluding hh:mm:ss
 * and ratios (an h:mm time needs a two-digit hour or a time cue) ships only if, on each dev half
 * (`--sets own,squad,hotpot --split dev --configs chat` and `--sets cmrc --split dev --configs
 * chat`), gold∈answer, answered, abstained and hl∋gold fall by at most 0.5 point against the code
 * before it, and guard-cut stays 0. Test halves are not read.
 * Outcome (dev, chat): every figure unchanged (own 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 /
 * 43.9 / 70.1%, hotpot 60.4 / 65.1 / – / 41.2%, CMRC 83.1 / 97.2 / – / 7.4%; 1st∋gold 62.1 / 86.6 /
 * 51.9 / 73.7%), guard-cut 0 on each: it ships.
 * Probe2 round (unseen customer documents: scanned policy, help centre, Word procedure, e-mail,
 * terms of service), written and committed before any answerer change of the round was tried:
 * a change to which spans are answer candidates (e.g. a bare list/clause number "3." or a run-in
 * heading "7. Hours." at the start of a line read as a sentence) ships only if, on the dev halves
 * (`--sets own,squad --split dev --configs chat` and `--sets cmrc --split dev --configs chat`),
 * own gold∈answer and hl∋gold rise or stay and no figure (gold∈answer, answered, abstained,
 * hl∋gold, 1st∋gold) falls by more than 1 point against the code before it, and guard-cut stays 0.
 * Fixes are for the general cause seen in the probe, never for one question; test halves are not
 * read.
 * Outcome (dev, chat): a leading list/clause number is blanked before the highlight is picked, and
 * a bare "3." is no sentence: own 69.7 / 75.8 / 58.6 / 58.0% (gold∈answer / answered / abstained /
 * hl∋gold; 1st∋gold 62.1%), SQuAD 88.7 / 89.7 / 43.9 / 70.1% (86.6%), CMRC 83.1 / 97.2 / – / 7.4%
 * (73.7%), guard-cut 0: every figure unchanged against the code before it, so it ships.
 * Second change of the round: a run-in heading ("7. Hours. Visits are…", up to four capitalised
 * words and a full stop opening a line whose text goes on) is no sentence, and heads the sentences
 * after it. Dev (chat): own, SQuAD and CMRC figures as above, all unchanged: it ships.
 * Third change: a short "field: value" line ("Effective date: 1 March 2025") is a sentence, not a
 * label. Dev (chat): own, SQuAD and CMRC figures as above, all unchanged: it ships.
 * Fourth change, rule written and committed before it is tried: in the gate's typeMissing, a role
 * with its determiner ("the site manager", "your line manager") is the person a who-question asks
 * for. It ships by the rule above and only if abstained (unanswerable) falls on neither dev half.
 * Outcome: own and SQuAD dev unchanged, but the probe's question stayed abstained (gate 0.40 →
 * 0.47, threshold 0.48): a change with no measured effect, not shipped.
 * Probe2 review (content losses), rule written and committed before the fixes are tried: a run-in
 * heading needs its list or clause number ("7. Hours."), a dotted clause number is blanked only
 * before a word that opens a clause sentence (never "1.5 TB", "12.50 EUR", "3.5 Million"), and a
 * "field: value" line answers only when its value holds a figure and its key is no "Part 2" /
 * "Section 3" heading. These narrow the round's changes; they ship by the rule above against the
 * round's code (own, SQuAD and CMRC dev, chat), else the change they narrow is reverted.
 * Outcome (dev, chat): own 69.7 / 75.8 / 58.6 / 58.0% (1st∋gold 62.1%), SQuAD 88.7 / 89.7 / 43.9 /
 * 70.1% (86.6%), CMRC 83.1 / 97.2 / – / 7.4% (73.7%), guard-cut 0: every figure unchanged, so the
 * narrowed rules ship (the review's cases answer as before the round).
 * Dimension-word round (session 11), written and committed before the change is tried: on the demo,
 * "what's the minimum password length" led with "You cannot reuse any of your last five passwords"
 * (highlight "last five") over "Passwords must be at least 14 characters long": the question's
 * "length" and "minimum" match no word of the right sentence. Change: lexicalTerms reads a dimension
 * noun and its adjective as one term (length/long, width/wide, height/high/tall, depth/deep,
 * weight/weigh/heavy) and "minimum"/"min" as "least", on both sides (a closed list of English
 * derivations, no word from an evaluation set). It ships only if, on the dev halves (`--sets
 * own,squad,hotpot --split dev --configs chat` and `--sets cmrc --split dev --configs chat`), own
 * gold∈answer and hl∋gold do not fall, no other figure (gold∈answer, answered, abstained, hl∋gold,
 * 1st∋gold) falls by more than 0.5 point against the code before it, and guard-cut stays 0. Test
 * halves are not read.
 * Outcome (dev, chat): own 69.7 / 75.8 / 58.6 / 58.0% (1st∋gold 62.1%) and SQuAD 88.7 / 89.7 / 43.9 /
 * 70.1% (86.6%) unchanged; hotpot 60.4 → 60.9 / 65.1 → 65.5 / hl∋gold 41.2 → 40.9% (1st∋gold 51.9%
 * unchanged); CMRC 83.0 / 97.2 / 7.4% unchanged; guard-cut 0: it ships. On the demo the password
 * question now leads with the 14-character rule.
 * Review of the round (same rule, against the round's code): "min" (as often minutes) and a bare
 * "least" ("the least expensive") no longer read as "minimum"; the phrase "at least" does; the
 * answerability focus list drops "long" (it would now have made "what length…" generic). Dev:
 * every figure as just given (own, SQuAD, hotpot, CMRC): it ships.
 * Contact-slot round (session 11), written and committed before the change is tried: on the demo,
 * "who do I contact if I lost my laptop" / "where do I report a security incident" abstained or
 * led elsewhere (a who-question asks for a person and a where-question for a place, and "report it
 * immediately to security@example.internal or call extension 4411" holds neither), and "what's the
 * email for reporting a lost device" highlighted "suspicious link". Change: a `contact` answer slot
 * (who do I contact / e-mail / call, how do I reach, where do I report / send, what is the e-mail /
 * phone number / hotline, 联系方式 / 电话 / 邮箱 / 找谁) whose spans are e-mail addresses, phone
 * numbers, extensions, URLs and a desk, team or role. It ships by the dimension-word round's rule
 * (own gold∈answer and hl∋gold do not fall, no other dev figure falls by more than 0.5 point,
 * guard-cut 0), against the code before it. Test halves are not read.
 * Outcome (dev, chat): own 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 43.9 / 70.1%, hotpot
 * 60.9 / 65.5 / – / 40.9%, CMRC 83.0 / 97.2 / – / 7.4%, 1st∋gold and guard-cut as before: every
 * figure unchanged, so it ships (the dev halves hold few contact questions; on the demo "what's
 * the email for reporting a lost device" now highlights the address; the gate still abstains on
 * "where do I report a security incident").
 * Review of the round (same rule): contact questions only where the question asks to reach a desk
 * (not "how do I call the API", "reach my sales target"; Chinese only without a time, length or
 * size asked); digit groups are a phone number only when written or named as one (no order,
 * card or invoice numbers, IP addresses, year ranges); a desk named by its function, never any
 * team; a where-question with no contact point takes a place. Dev: every figure unchanged: ships.
 * True-casing round (session 11), written and committed before the change is tried: customers type
 * in lower case, and USE-lite reads case: "How much does the team plan cost?" abstained where "…the
 * Team plan…" answered (cosine 0.351 vs 0.411 against the Team plan sentence; "enterprise" 0.490 vs
 * "Enterprise" 0.643). Change: before the sentence similarity reads the question, a word typed in
 * lower case takes the casing the sources give it when they never write it in lower case inside a
 * sentence ("team" → "Team", "vpn" → "VPN"). It ships only if, on the dev halves as written
 * (`--sets own,squad,hotpot --split dev --configs chat`, `--sets cmrc …`), own gold∈answer does not
 * fall and no figure falls by more than 0.5 point, and on the new `--lowercase` dev probe (own and
 * SQuAD) gold∈answer rises on at least one half and falls on neither, with abstained (unanswerable)
 * falling by at most 1 point on each. Test halves are not read.
 * Outcome: fails, not shipped. As written: own, hotpot and CMRC unchanged, SQuAD abstained 43.9 →
 * 44.6%. Lower case (`--lowercase`, which alone costs own 69.7 → 66.7% and SQuAD 88.7 → 80.9%
 * gold∈answer): own 66.7 → 66.7% (1st∋gold 63.6 → 60.6%), SQuAD 80.9 → 86.1% but its abstained
 * 49.7 → 45.2% (−4.5, over the 1-point bound), hotpot 54.5 → 58.7%. Restoring the case of names
 * restores the gate's answering, unanswerable questions' included; the code was removed, the probe
 * stays.
 * Probe3 round (unseen documents: product catalogue CSV, Chromium-printed policy PDF with a table,
 * a crawled 4-page website, a Markdown changelog, an onboarding guide, a Word contract), written and
 * committed before any answerer change of the round was tried: a change to the answerer
 * (packages/llm/src/generation) or chat's highlights ships iff, against the code before it, on dev
 * (`--sets own,squad --split dev --configs chat` and `--sets cmrc --split dev --configs chat`):
 * own-dev gold∈answer does not fall, own-dev hl∋gold does not fall, SQuAD-dev gold∈answer and
 * SQuAD-dev unanswerable abstained each fall by at most 1 point, own-dev abstained falls by at most
 * 1 point, CMRC-dev gold∈answer falls by at most 0.5 point, and guard-cut stays 0. Fixes target
 * the general cause (a class of documents), never one probe question; test halves are not read.
 * Outcome (dev, chat; gold∈answer / answered / abstained / hl∋gold, 1st∋gold): highlights and
 * table rows in answer-slot.ts (a column name may end with its unit in brackets, "Price (EUR)"; a
 * row's cell asked by kind, price / weight / stock / colour; ISO currency codes as money; the figure
 * after the noun of "what's the limit / range / warranty…"; no weight for a price question; time
 * off asked "how many holidays" as a duration): own 69.7 / 75.8 / 58.6 / 58.0% (62.1%), SQuAD
 * 88.7 / 89.7 / 43.9 / 70.1% (86.6%), CMRC 83.0 / 97.2 / – / 7.4% (73.7%), guard-cut 0, each
 * unchanged against the code before it: it ships.
 * Second change, same rule: a date question naming a weekday ("When is the showroom open on
 * Saturday?") asks for a clock time, the first one stated after that day. Dev (chat): every own,
 * SQuAD and CMRC figure as just given, unchanged: it ships.
 * Third change, same rule: a how-to answer whose lead is a step of a numbered procedure ("1. …",
 * "2) …") gives that procedure's steps in order (up to 12), not three of them by support. Dev
 * (chat): every own, SQuAD and CMRC figure as just given, unchanged: it ships.
 * Fourth, same rule: (a) "within 48 hours" as a date span for when-questions: own 68.2 / 75.8 /
 * 58.6 / 56.0% (gold∈answer and hl∋gold fall; it is a gate input too): not shipped; (b) a row the
 * question names by a whole cell ("what is SKU HT-820") highlights its first other cell, not a
 * column name: own, SQuAD and CMRC unchanged: it ships.
 * Fifth, same rule: a table row counts as named by the question when its key cell's words are in
 * the question except those every key of its column shares over three or more candidate rows ("the
 * City" names "Lumora City"). Dev (chat): own, SQuAD and CMRC unchanged: it ships. (Dev holds few
 * such tables, so its effect on unanswerable questions over them is not measured there.)
 * Sixth, same rule: the deadline "within 48 hours" as the highlight of a when-question whose
 * sentence states no date (the highlight only, not the gate's date spans; see 4a). Dev (chat): own,
 * SQuAD and CMRC unchanged: it ships.
 * Seventh, same rule: in gap-span.ts a hyphenated sentence word equal to a question word without its
 * hyphen ("Wi-Fi" / "wifi", "e-mail" / "email") is a question word, not a candidate answer. Dev
 * (chat): own, SQuAD and CMRC unchanged: it ships.
 * Chinese product probe (probezh, 2026-12-06), rule written and committed before any change of the
 * round was tried: a probe of six new documents (Simplified and Traditional Chinese, HTML, CSV,
 * Markdown table, plain text, one English) with ~110 colloquial questions found failure classes;
 * a fix of a general class (matching of Chinese text, sentence choice, highlights, answer slots)
 * ships iff, against the code before it (dev, chat), CMRC-dev gold∈answer (`--sets cmrc --split
 * dev --configs chat`) does not fall by more than 0.3 point, CMRC-dev hl∋gold does not fall, and
 * own-dev, SQuAD-dev and hotpot-dev gold∈answer, answered, abstained and hl∋gold (`--sets
 * own,squad,hotpot --split dev --configs chat`) each fall by at most 1 point. Gate weights and
 * guardrail models are not touched; no test half is read. Baseline (dev, chat): CMRC 83.0% /
 * 97.2% / – / 7.4% (1st∋gold 73.7%); own 69.7 / 75.8 / 58.6 / 58.0%; SQuAD 88.7 / 89.7 / 43.9 /
 * 70.1%; hotpot 60.4 / 65.1 / – / 41.2%.
 * Outcome (dev, chat; each change checked against the code before it, all shipped by the rule):
 * Traditional→Simplified folding for matching (BM25, lexical terms, n-gram overlap) and a Latin
 * word ending where Han begins ("Pro方案") left every dev figure unchanged; the Chinese gap
 * highlight (chinese-gap.ts: 谁/什么/哪 questions, the asked kind's noun, a Latin name at a long
 * run's edge), a condition's threshold figure (满299元) passed over, a count's counted noun, and a
 * "when" question's duration raised CMRC hl∋gold 7.4 → 36.4%; question words taking their noun
 * (什么时候, 多少钱) raised CMRC gold∈answer 83.0 → 83.2%; a recurring day of the month (每月15日)
 * as a date moved no dev figure. Final: CMRC 83.2% / 97.2% / – / 36.4% (1st∋gold 73.7%); own,
 * SQuAD and hotpot unchanged (as the baseline above). Measured and not shipped: letting a name of
 * the asked kind (哪家公司) run over farther question words (CMRC hl∋gold 37.2%, but spans of whole
 * clauses), and stopping it at a preposition instead (36.1%: falls).
 * Chinese probe review fixes (fixzh, 2026-12-06), rule written and committed before any fix was
 * tried: the fixes of the review's findings (plain-text Chinese headings losing text, the '那X呢'
 * follow-up rewrite, Traditional anchors, counted nouns, why-questions, gap-span leads, a count's
 * clause, lower-casing, the closing message's language) ship iff, on the dev halves (`npx tsx
 * eval/run.ts answering --sets cmrc --split dev --configs chat` and `--sets own,squad,hotpot
 * --split dev --configs chat`), no figure falls by more than 0.5 point against c1df23c and
 * guard-cut stays 0; a content-loss fix in ingestion ships regardless of hl figures. Baseline
 * c1df23c (dev, chat; gold∈answer / answered / abstained / hl∋gold): CMRC 83.2 / 97.2 / – / 36.4%
 * (1st∋gold 73.7%); own 69.7 / 75.8 / 58.6 / 58.0%; SQuAD 88.7 / 89.7 / 43.9 / 70.1%; hotpot
 * 60.9 / 65.5 / – / 40.9%.
 * Outcome (dev, chat): ingestion (numbered Chinese lines are headings only when body text follows;
 * 部 and numeral-led titles excluded; never the title) moves no answering figure, and ships as a
 * content-loss fix. The answer-slot / chinese-gap fixes as first written returned no gap for every
 * 为什么 question: CMRC hl∋gold 36.4 → 35.9% (15 new misses: "册封为什么官职" is "as what", and a
 * why-question's gap is often its reason). Narrowed: a why-question keeps its gap but not a
 * condition ("如果…"), and a count takes its classifier alone when the question names no noun
 * ("18次"). Final: CMRC 83.2 / 97.2 / – / 36.9% (1st∋gold 73.7%; no new hl miss, 8 fixed:
 * "27公里" for "27公"); own 69.7 / 75.8 / 58.6 / 58.0%; SQuAD 88.7 / 89.7 / 43.9 / 70.1%; hotpot
 * 60.9 / 65.5 / – / 40.9%; guard-cut 0: every fix ships.
 * Probe3 review fixes (fix3, 2026-12-06), rule written and committed before any fix was tried:
 * probe3 review fixes ship iff, on the dev halves (`npx tsx eval/run.ts answering --sets
 * own,squad,hotpot --split dev --configs chat` and `--sets cmrc --split dev --configs chat`), no
 * figure falls by more than 0.5 point against c1df23c and guard-cut stays 0. Baseline at c1df23c
 * (gold∈answer / answered / abstained / hl∋gold, 1st∋gold): own 69.7 / 75.8 / 58.6 / 58.0%
 * (62.1%), SQuAD 88.7 / 89.7 / 43.9 / 70.1% (86.6%), hotpot 60.9 / 65.5 / – / 40.9% (51.9%), CMRC
 * 83.2 / 97.2 / – / 36.4% (73.7%). A finding not fixable in time narrows or reverts its rule.
 * Outcome (dev, chat, at b8cc427 with all fixes; also at 833741e after the first six): own 69.7 /
 * 75.8 / 58.6 / 58.0% (62.1%), SQuAD 88.7 / 89.7 / 43.9 / 70.1% (86.6%), hotpot 60.9 / 65.5 / – /
 * 40.9% (51.9%), CMRC 83.2 / 97.2 / – / 36.4% (73.7%), guard-cut 0 on each: every figure unchanged,
 * so they ship. Fixed: numbered procedures (only lists of mostly instructions, one line per item
 * with nothing between; a window of up to 12 items around the lead, the gate's sentence kept; a
 * short step is no run-in heading), a weekday's clock time from its own clause (none when closed,
 * none for a day in a name beside a year), time off as a duration only when its noun ends the
 * asked phrase, ISO currency codes case-sensitive and after symbols and currency words, a price or
 * weight cell must hold a figure, a name in the question with a word outside the cell and the
 * column's shared words names no row, a measure noun's bare number keeps its noun and is read in a
 * window (linear), a glossary header only of header words, no deadline for a past-tense when.
 * Narrowed, not wholly fixed: A8 and A12 read capitals and question tense only (a lower-case
 * "southern africa", or a present-tense when-question over a narrative "Within two years…", still
 * pass); A11 fixes measureNounSpan, while slotSpans' own patterns stay quadratic on such input.
 * Second review of the probe3 and Chinese fix rounds (merger, same rule: no dev figure falls by more
 * than 0.5 point, guard-cut 0): the numbered-procedure expansion reverted (steps with sub-bullets
 * lost step 1, phrase-led steps fell out of order; a short step with an object is still no run-in
 * heading); an ISO-code amount drops only when a noun follows it ("CAD 101 course"), not beside any
 * symbol amount; amounts end on a digit ("NOK 2,000," lost its comma); a weekday's clock time is
 * that of its own clause with lists of days kept together, "closed" only next to a day with no time,
 * a date after the day no name; a bare number takes no conjunction or participle as its noun; the
 * "那X呢" pattern is bounded (a message of spaces backtracked for seconds) and takes no pronoun or
 * filler; the closing message is Chinese when the question has Chinese grammar. Dev: own 69.7 /
 * 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 43.9 / 70.1%, hotpot 60.9 / 65.5 / – / 40.9%, CMRC 83.2 /
 * 97.2 / – / 36.9%, guard-cut 0: unchanged, so they ship.
 * Session 11's final code, test halves read once at the end (`--configs chat`), nothing changed
 * after: own 55.4 / 60.0 / 64.3 / 41.0% (unchanged); SQuAD 81.3 / 82.8 / 36.2 / 50.9% (hl∋gold 51.6 →
 * 50.9%); hotpot hl∋gold 34.7% (unchanged); CMRC 82.5 → 82.7% gold∈answer, hl∋gold 37.0%.
 * After that reading, one more review fix (a table cell asked by kind: a header with words the
 * question does not use, "Shipping fee (EUR)", names another amount) was made, judged on dev only
 * (every dev figure unchanged); the test halves were then read again to report the final code,
 * choosing nothing.
 * Last change (found in the final quick-start check, after both test readings; judged on CMRC dev by
 * the Chinese probe round's rule, ≤ 0.5 point): a Chinese definition question ("什么是检索增强生成？",
 * "…是什么意思") gets no gap highlight (the demo's own question got "RAG）先从企业自己的文档中").
 * CMRC dev hl∋gold 36.9 → 36.7%, every other figure unchanged. The test halves were not read again.
 * True-casing, second round (session 12), written and committed before the change is written:
 * session 11's rule judged lower case against the lower-case baseline, so the extra abstention that
 * lower case itself causes (SQuAD dev unanswerable abstained 43.9% cased → 49.7% lower case, with
 * gold∈answer 88.7 → 80.9%) counted as a good to keep. A customer's casing should not change the
 * answer: this round's rule asks that a lower-case question behave like the question as written.
 * It is written after session 11's dev figures were seen (no test half of it was read). Change: the
 * question the sentence similarity reads takes, for each word typed in lower case that the sources
 * never write in lower case inside a clause, the casing the sources give it there ("team" → "Team",
 * "vpn" → "VPN"); function words are left alone. It ships iff (a) on `--lowercase` (own and SQuAD
 * dev, chat) the share of questions whose answer (abstention included) equals the cased question's
 * (`same-as-cased`, new) rises on both halves, and gold∈answer and unanswerable abstained each end
 * no farther from the cased figure than before on either half; (b) as written (`--sets
 * own,squad,hotpot --split dev` and `--sets cmrc --split dev`, chat) own gold∈answer does not fall
 * and no figure falls by more than 0.5 point; (c) chat p50 stays ≤ 100 ms. Test halves are not read.
 * Outcome: (a) `--lowercase` (before → after; cased figure): own same-as-cased 82.1 → 83.2%,
 * gold∈answer 66.7 → 66.7% (69.7%), abstained 62.1 → 62.1% (58.6%); SQuAD same-as-cased 79.2 →
 * 90.6%, gold∈answer 80.9 → 86.1% (88.7%), abstained 49.7 → 45.2% (43.9%). (b) as written: own
 * 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 43.9 → 44.6 / 70.1%, hotpot 60.9 / 65.5 / – /
 * 40.9%, CMRC 83.2 / 97.2 / – / 36.7%, 1st∋gold and guard-cut unchanged. (c) chat p50 54 ms (two
 * helpers running beside it). It ships (packages/llm/src/generation/true-case.ts).
 * Same round, same rule, against that code: English orthography as well (the question's first
 * letter, "i", weekdays and months other than "may" and "march" capitalised whatever the sources
 * hold; "can i reach you by phone on saturday?" abstained at 0.477 where the cased question
 * answered at 0.483). (a) `--lowercase`: own same-as-cased 83.2 → 96.8%, gold∈answer 66.7 → 68.2%
 * (cased 69.7%), abstained 62.1 → 58.6% (58.6%); SQuAD same-as-cased 90.6 → 95.7%, gold∈answer
 * 86.1 → 88.7% (88.7%), abstained 45.2 → 43.9% (44.6%). (b) as written: own and SQuAD unchanged,
 * hotpot 60.9 → 60.4 / 65.5 → 65.1 / hl∋gold 40.9 → 40.5% (each within 0.5), CMRC unchanged. It
 * ships.
 * Review of the round (same rule): a line set as a heading ("REFUND POLICY", "Billing & Invoices") is
 * no evidence of a word's case; more clause starts ("1)", "a)", "3.2", "…", quotes, tabs); "i'm",
 * "i've" as "I"; "i.e." left; the first word capitalised only when it is a function word ("npm",
 * "2fa", "$20 plan" stay); `same-as-cased` counts two abstentions as the same answer. Dev: as
 * written unchanged against the round (own 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 44.6 /
 * 70.1%, hotpot 60.4 / 65.1 / – / 40.5%, CMRC 83.2 / 97.2 / – / 36.7%); `--lowercase` own 68.2 /
 * 74.2 / 58.6%, same-as-cased 98.9%; SQuAD 88.7 / 89.7 / 43.9%, same-as-cased 96.0%: it ships. Known
 * and left: the chat path embeds the recased question once more (the query cache holds the question
 * as typed; bench p50 stays far under 100 ms), and table-row naming and the gate's unseenNames
 * still read the question's own casing.
 * Question-mark round (session 12), written and committed before the change is written: on the demo
 * "What are the support hours" abstained where "What are the support hours?" answered (USE-lite
 * cosine 0.300 vs 0.329, gate 0.467 vs 0.494 at threshold 0.48); customers often leave the mark off.
 * Change: the question the similarity reads ends with "?" when it opens with a question word or an
 * auxiliary ("what", "how", "can", "is", …) and ends with no punctuation. New dev probe `--no-qmark`
 * (the questions' final "?" removed; `same-as-cased` then compares with the question as written).
 * It ships iff (a) on `--no-qmark` (own and SQuAD dev, chat) same-as-cased rises on both halves and
 * gold∈answer and abstained each end no farther from the as-written figure on either half; (b) as
 * written (own, SQuAD, hotpot, CMRC dev, chat) own gold∈answer does not fall and no figure falls by
 * more than 0.5 point; (c) chat p50 stays ≤ 100 ms. Test halves are not read. Baseline
 * (`--no-qmark`; as written in brackets): own 68.2 (69.7) / 77.3 / 58.6 (58.6)%, same-as-cased
 * 87.4%; SQuAD 89.2 (88.7) / 90.2 / 42.0 (44.6)%, same-as-cased 92.3%.
 * Outcome: (a) `--no-qmark`: own same-as-cased 87.4 → 97.9%, gold∈answer 68.2 → 69.7% (69.7%),
 * abstained 58.6 → 58.6% (58.6%); SQuAD same-as-cased 92.3 → 98.9%, gold∈answer 89.2 → 88.7%
 * (88.7%), abstained 42.0 → 42.7% (44.6%). (b) as written: every own, SQuAD, hotpot, CMRC and ownzh
 * dev figure unchanged. It ships. Seen in the probe and left to the next rule: without the mark,
 * hl∋gold falls (own 58.0 → 54.9%, SQuAD 70.1 → 51.1%): chat's highlights read the mark too.
 * Highlights without the mark (same session), written and committed before the change: the gap
 * picker answers a question only when it opens with what/which/how/why… or ends with "?", and
 * "who", "whom", "where" and "when" are not in its list ("Who was the Norse leader" got no
 * highlight, "…leader?" got "Rollo"). Change: those openers count too. It ships iff on `--no-qmark`
 * hl∋gold rises on own and SQuAD dev, and as written no own, SQuAD, hotpot, CMRC or ownzh dev figure
 * moves.
 * First step (openers): `--no-qmark` hl∋gold own 54.9 → 56.9%, SQuAD 51.1 → 64.9%. Second step,
 * same rule against the first, written before it is tried: the misses left put the wh-word inside
 * ("From which countries…", "The bend … goes to what direction"), so a wh-word anywhere in the
 * message makes it a question for the gap picker.
 * Outcome: `--no-qmark` hl∋gold own 56.9 → 56.9%, SQuAD 64.9 → 70.1% (as written: 58.0%, 70.1%);
 * as written own, SQuAD, CMRC and ownzh unchanged, hotpot hl∋gold 40.5 → 41.2%: the rule said no
 * figure moves (meant: falls), and hotpot moved up because 7 of its 235 dev questions end without a
 * mark ("Who was once considered the best kick boxer…."), the case the change is for. Ships, with
 * that said. Both steps together: `--no-qmark` own 54.9 → 56.9%, SQuAD 51.1 → 70.1%.
 * Capitals round (session 12), written and committed before the change is written: "HOW MUCH IS
 * THE TEAM PLAN" abstained on the demo where the question as written answers; shouted and Title-Case
 * questions are typed too. Change (true-case.ts): a question with no lower-case letter is read in
 * lower case first, then true-cased as a lower-case one; in a Title-Case question (every content word
 * capitalised) a capitalised word the sources write only in lower case inside a clause is lowered.
 * New dev probes `--uppercase` and `--titlecase`. It ships iff on each of them (own and SQuAD dev,
 * chat) same-as-cased rises on both halves and gold∈answer and abstained end no farther from the
 * as-written figure on either half; as written (own, SQuAD, hotpot, CMRC, ownzh dev) own gold∈answer
 * does not fall and no figure falls by more than 0.5 point; chat p50 ≤ 100 ms. No test half is read.
 * Baseline (gold∈answer / answered / abstained, same-as-cased): `--uppercase` own 22.7 / 25.8 / 100.0%,
 * 47.4%; SQuAD 22.7 / 23.2 / 82.2%, 38.7%; `--titlecase` own 60.6 / 66.7 / 75.9%, 68.4%; SQuAD 75.8 /
 * 76.3 / 49.7%, 76.9% (as written: own 69.7 / 75.8 / 58.6%, SQuAD 88.7 / 89.7 / 44.6%).
 * Outcome: `--uppercase` own 22.7 → 68.2 / 25.8 → 74.2 / 100.0 → 58.6%, same-as-cased 47.4 → 97.9%;
 * SQuAD 22.7 → 88.7 / 23.2 → 89.7 / 82.2 → 40.1%, 38.7 → 94.0%. `--titlecase` own 60.6 → 62.1 / 66.7 →
 * 68.2 / 75.9 → 69.0%, 68.4 → 74.7%; SQuAD 75.8 → 82.0 / 76.3 → 83.0 / 49.7 → 43.3%, 76.9 → 84.9%.
 * Each ends nearer the as-written figure on both halves. As written: own, SQuAD, hotpot, CMRC and
 * ownzh dev unchanged. It ships.
 * Review of the capitals round, after the test halves were read (below; judged on dev only, by the
 * round's rule against the code before the round): a shouted acronym or code keeps its capitals when
 * the sources never write it in lower case and either write it in capitals anywhere ("SSO: yes") or
 * it holds a digit ("ABC123"); a question needs two Latin words to be shouted ("VPN?", "VPN 연결
 * 방법" are not); a Title-Case word capitalised anywhere inside a sentence of the sources ("The
 * **Team** plan") keeps its capital; words in links and addresses are no evidence. Dev: as written
 * unchanged; `--uppercase` own 68.2 / 58.6%, same-as-cased 97.9%, SQuAD 88.7 / 40.1%, 94.0%;
 * `--titlecase` own 62.1 / 69.0%, 73.7% (74.7% before the fix), SQuAD 82.0 / 43.3%, 84.9%;
 * `--lowercase` own 98.9%, SQuAD 95.7% (96.0%). Every probe stays far nearer the as-written figures
 * than before the round: it ships.
 * Session 12's code (d076c5e, before the fix above), test halves read once (chat; gold∈answer /
 * answered / abstained / hl∋gold): own 56.9 / 60.0 / 64.3 / 43.6% (session 11: 55.4 / 60.0 / 64.3 /
 * 41.0%); SQuAD 80.7 / 82.3 / 35.0 / 52.5% (81.3 / 82.8 / 36.2 / 50.9%); hotpot 60.5 / 63.0 / – /
 * 34.7%; CMRC 82.1 / 95.1 / – / 37.2% (82.7%, hl 37.0%); ownzh 48.4 / 51.6 / 68.2 / 50.0%. For the
 * record, the Chinese gate off on the same test halves (chat/-zhgate, read once, choosing nothing):
 * ownzh 61.3 / 64.5 / 59.1 / 45.0%, CMRC 82.7 / 96.5%. The gate does not hold on the test half: it
 * abstains on 2 more of 22 unanswerable questions and loses 4 of 31 correct answers (dev: +4 of 23,
 * −1 of 28). The product default was chosen by the round's rule before this reading, as issue #15
 * asks, and is not changed after it; the next round needs a larger Chinese dev set and an
 * out-of-fold threshold.
 * Chinese gate round (zhgate, 2026-12-06), rule written and committed before any fit and before any
 * figure on the Chinese own set (eval/data/answering-zh, `--sets ownzh`, committed at e6e298e) was
 * printed: a gate for Chinese questions, on features computed for Chinese (character-bigram
 * coverage of the question's content, idf-weighted coverage, a number or Latin term of the
 * question missing, the asked slot absent (chinese-gap / answer-slot), agreement between the top
 * candidates, retrieval margin and rank), logistic with signs constrained to their general-purpose
 * side, few features, fitted on the ownzh DEV half only (eval/calibration/chinese-gate-calibration.ts);
 * it is added to the Chinese path's present gate (it can only abstain more). Threshold = the highest
 * that keeps ≥ 90% of the ownzh-dev answers that are correct without it. It ships iff, against the
 * code before it (dev halves, chat): ownzh-dev unanswerable abstained rises by ≥ 10 points, CMRC-dev
 * gold∈answer (`--sets cmrc --split dev --configs chat`) falls by at most 1 point, and the English
 * dev figures (`--sets own,squad --split dev --configs chat`: own 69.7 / 75.8 / 58.6%, SQuAD 88.7 /
 * 89.7 / 43.9%) are unchanged. Chosen on dev only; no test half is read in this round (the ownzh
 * test half is read once, at the end, by the session that asked for it).
 * Outcome (dev, chat; gold∈answer / answered / abstained): the fit chose idfCoverage, runnerUpGap
 * and retrievalMargin (CHINESE_GATE_MODEL). ownzh 67.9 / 78.6 / 52.2% → 64.3 / 67.9 / 78.3% (+26.1
 * points abstained; one correct answer of 19 lost); CMRC 83.2 / 97.2% → 83.2 / 97.2% (unchanged);
 * own 69.7 / 75.8 / 58.6% and SQuAD 88.7 / 89.7 / 43.9% unchanged. It passes the rule as written.
 * But the CMRC check cannot see the gate's retrievalMargin (1 with a single source): asked as chat
 * asks, each CMRC dev question against the top 5 chunks retrieved from all dev paragraphs (`--sets
 * cmrcr`, added after the rule, dev only), gold∈answer falls 80.5 → 74.4% and answered 97.7 →
 * 88.2% (`--configs chat,chat/-zhgate`); without the margin feature the fit's next choice
 * (idfCoverage, runnerUpGap, unseenShare) fails the rule itself (CMRC 83.2 → 79.3%, ownzh 73.9%).
 * Chinese gate, second fit (zhgate), rule written and committed before it was tried: the same
 * features and signs, fitted on ownzh dev and cmrcr dev together (cmrcr rows: CMRC dev questions
 * with their retrieved sources, all answerable; each set weighing the same), features added one at
 * a time while ownzh-dev abstained at the threshold rises; threshold = the highest that keeps ≥ 90%
 * of the ownzh-dev answers correct without the gate AND ≥ 99% of the cmrcr-dev ones. It replaces
 * the first fit iff, against no Chinese gate (chat/-zhgate, dev): ownzh abstained rises by ≥ 10
 * points (52.2%), cmrcr gold∈answer falls by at most 1 point (80.5%), CMRC gold∈answer by at most 1
 * point (83.2%), and own and SQuAD dev are unchanged. Otherwise the first fit stays (it passed its
 * own rule) and this one is recorded as failed.
 * Outcome (dev, chat; gold∈answer / answered / abstained; against chat/-zhgate): the second fit
 * chose coverage, rarestMissing and seenMissing (threshold 0.41). ownzh 67.9 / 78.6 / 52.2% → 64.3
 * / 71.4 / 69.6% (+17.4 points abstained, one correct answer of 19 lost); cmrcr 80.5 / 97.7% →
 * 80.1 / 96.5%; CMRC 83.2 / 97.2% → 83.0 / 96.4%; own 69.7 / 75.8 / 58.6% and SQuAD 88.7 / 89.7 /
 * 43.9% unchanged. It passes, and replaces the first fit as CHINESE_GATE_MODEL. No test half read.
 * Review of the round (merger, session 12): on ~106 realistic questions of its own a reviewer found
 * about 1 in 20 correct Chinese answers refused near the threshold (a paraphrased word: 电话 /
 * 分机, 回 / 响应), in line with the fit's "keep ≥ 90%"; left as the round's trade-off. Fixed: the
 * gate reads only questions in Chinese (isMostlyChinese), not English ones naming a Chinese product,
 * and a non-finite retrieval score no longer makes its probability NaN (which no threshold stops).
 * Dev: ownzh and CMRC unchanged.
 * Word-forms round (session 12), written and committed before the change is written: a question and
 * the answering sentence often use two forms of one word that the Porter stemmer keeps apart ("I
 * lost my phone" / "lose", "paid" / "pay", "sent" / "send", "adding" → "ad" but "add" → "add",
 * "e-mail" → "mail" but "email" → "email", "wi-fi" → "wi fi"). Change, in lexicalTerms: a closed
 * list of English irregular verb forms read as their base (ambiguous forms such as "left", "found",
 * "won", "saw" left out), "adding"/"added" as "add", and a hyphen after a one-letter part, or
 * between two parts of at most two letters, joined ("e-mail", "x-ray", "wi-fi"). It ships by the
 * dimension-word round's rule: on the dev halves (`--sets own,squad,hotpot --split dev --configs
 * chat` and `--sets cmrc,ownzh --split dev --configs chat`) own gold∈answer and hl∋gold do not fall,
 * no other figure falls by more than 0.5 point against the code before it, guard-cut stays 0 (ownzh
 * 3). Test halves are not read.
 * Outcome (dev, chat): as first written, with forms of stop words ("made", "took", "got") read as
 * stop words, a unit test failed ("made by what manufacturer" lost its "made"; own, SQuAD and hotpot
 * had risen: SQuAD gold∈answer 89.2%, hotpot 61.3%); without them: own 69.7 / 75.8 / 58.6 / 58.0%
 * unchanged; SQuAD 88.7 / 89.7 / 44.6 / 70.1 → 70.7%; hotpot 60.4 → 60.9 / 65.1 → 65.5 / – / 41.2 →
 * 41.6% (1st∋gold 51.9 → 51.5%, within 0.5); CMRC 83.0 / 96.4 / – / 36.9% and ownzh 64.3 / 71.4 /
 * 69.6 / 45.0% unchanged; guard-cut 0 (ownzh 3). It ships.
 * Review of the question-mark, highlight and word-forms rounds (same rules, against their code): a
 * wh-word anywhere made requests questions ("Tell me how refunds work", "I don't know what to do"
 * highlighted a name; "WHO guidelines", "know-how"): now a question word opens the message or one of
 * its clauses (after a comma or a preposition: "From which…", "…and what other river"), in lower
 * case or capitalised; a negated auxiliary opens a complaint, not a question ("Can't log in", "Did
 * not receive my refund": no mark added); "met", "broke" and "stole" are as often other words
 * ("MET Office", "I am broke") and are left out; only a closed list of hyphenated spellings is joined
 * ("e-mail", "e-book", "x-ray", "t-shirt", "wi-fi"; "EU-US", "p-value", "Q-and-A" are not). Dev, as
 * written: own 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5 / – /
 * 41.6%, CMRC 83.0 / 96.4 / – / 36.9%, ownzh 64.3 / 71.4 / 69.6 / 45.0%, unchanged; `--no-qmark` hl∋gold
 * own 56.9%, SQuAD 70.7%: they ship.
 * Ninth round (soft lexical coverage, issue #15), written and committed before the signal was
 * built or fitted: customers paraphrase ("return postage" for "Return shipping", "swap" for
 * "exchanges"), so a correct sentence gets a gate probability just under the threshold. Candidate:
 * a gate signal from word-level USE-lite cosines, each question content word the chosen sentence
 * (and the neighbour the answer includes) does not match lexically credited with its best cosine
 * against the sentence's content words (idf-weighted soft coverage or soft-missing share). At most
 * 3 variants of the feature are tried, chosen on dev only. Rule:
 * - the signal is kept only if, in the 5-fold out-of-fold dev curve of
 *   eval/calibration/answering-calibration.ts, at "keep ≥ 90% of the correct answers on each dev
 *   half", the unanswerable abstained rises on the two dev halves together (mean of own and SQuAD)
 *   and falls on neither;
 * - then the gate is refitted on all dev rows with the unchanged threshold rule, and it ships only
 *   if on dev (chat) own gold∈answer does not fall, SQuAD gold∈answer falls by at most 1 point,
 *   CMRC dev gold∈answer (`--sets cmrc --split dev --configs chat`) falls by at most 0.5 point, and
 *   chat p50 (`bench --only chat`) stays ≤ 100 ms. Chinese questions do not use it. No test half is
 *   read.
 * Ninth round, outcome (dev only). softMatch (packages/llm/src/generation/soft-match.ts), 5-fold
 * out-of-fold at keep ≥ 90%, own / SQuAD unanswerable abstained, against 41.4 / 33.8% without it
 * (`npx tsx eval/calibration/answering-calibration.ts chat +softMatch`):
 * - (1) credit ramping from cosine 0.45 to 0.60 against every sentence word: 34.5 / 31.2%, falls;
 * - (2) 0.50 → 0.65, sentence words matching a question word excluded: 44.8 / 32.5%, SQuAD falls;
 * - (3) 0.55 → 0.70, that exclusion, negations ("not", "n't") excluded on both sides (USE-lite puts
 *   "not" near "tried", "already", "can't"): 58.6 / 33.8%: rises on the two together, falls on
 *   neither: kept by the first clause.
 * Refitted on all dev rows, threshold 0.445 by the unchanged rule (bias -2.132; idfCoverage 1.826,
 * focusMissing -0.91, negationMismatch -1.873, unseenNames -0.871, numberMismatch -3.798, semantic
 * 1.562, antonymSwap -3.829, gapMissing -1.872, topAgree 0.261, oppositeSwap -1.395, gapFit 0.903,
 * softMatch 2.159, others 0). Dev (chat; gold∈answer / answered / abstained), current gate → refit:
 * own 69.7 / 75.8 / 58.6 → 74.2 / 81.8 / 65.5%; SQuAD 88.7 / 89.7 / 43.9 → 89.2 / 89.7 / 36.9%;
 * CMRC 83.2 → 83.2%; chat p50 36.7 → 29.6 ms (same machine, loaded: noise). The rule's conditions
 * hold, but they are necessary, not sufficient, and two figures the rule did not name fall far:
 * hotpot 60.9 / 65.5 → 47.7 / 50.2% and SQuAD abstained 43.9 → 36.9%. Own and SQuAD dev are the
 * rows the gate is fitted on (in-sample); hotpot is the one dev set outside the fit, and it drops
 * 13 points. The same refit without softMatch gives own 74.2 / 81.8 / 58.6%, SQuAD 90.2 / 91.2 /
 * 40.8%, hotpot 50.2 / 54.5%: most of the hotpot loss is the refit itself (as in the eighth round),
 * softMatch adds own abstained +6.9 and costs SQuAD gold∈answer 1.0, SQuAD abstained 3.9 and hotpot
 * 2.5 points. Not shipped: USE_LITE_ANSWERING_MODEL is unchanged, and the feature, its word-vector
 * option and cache were not merged (a weight of 0 adds nothing to the product; branch h/soft of
 * session 12).
 * Topic-query round (session 13, 2026-12-06), written and committed before its questions exist and
 * before any change is tried. Seen on the demo: "refund policy", "What is the refund policy?" and
 * "how do refunds work" abstain, though the collection has a section headed "Refunds and
 * cancellation" whose every sentence is about refunds: the gate reads the answer's one-sided
 * negation ("…are not refunded…") as a mismatch (negationMismatch, weight −2.06) and the noun
 * "policy", which no source uses, as an unseen term. New own questions `tq-*`, written by a helper
 * who read only the own documents and questions.jsonl, committed before any answerer runs on them:
 * about 70 answerable topic queries as typed into a widget (keywords, "what is the X policy", "how
 * does X work", "tell me about X"), gold strings from that topic's key sentences, and about 30
 * unanswerable on-topic ones (the topic is absent). They join the own set, split by id as the rest;
 * `--id-prefix tq-` reports them alone and `--id-prefix '!tq-'` the own set without them. Candidate
 * changes, general and by closed lists, none per question: (a) a question that asks about a topic,
 * not a fact (no asked slot, no wh-word but "what is / how does … work / tell me about", or no verb
 * at all) does not count a one-sided negation; (b) nouns that name a kind of text or arrangement
 * (policy, rules, process, procedure, terms, conditions, information, details, options) are not
 * terms a sentence must contain when such a question asks about a topic. Rule: a change ships iff,
 * on dev (chat, `--sets own,squad,hotpot --split dev --configs chat`, `--sets cmrc,ownzh …`), tq- dev
 * answerable gold∈answer rises; tq- dev unanswerable abstained falls by at most one question; own dev
 * without tq- and SQuAD and hotpot dev lose no more than 0.5 point on any of gold∈answer, answered,
 * abstained and hl∋gold; CMRC and ownzh dev gold∈answer fall by at most 0.5 point; guard-cut stays 0.
 * No gate weight is refitted. Test halves are read once, at the end of the session.
 * Outcome (a) (dev, chat; `topicQuery` in packages/llm/src/generation/topic-query.ts, negationMismatch 0 for
 * a topic query): tq- dev gold∈answer 75.0 → 77.8% (36 answerable), answered 75.0 → 77.8%, abstained 86.7 →
 * 86.7% (15 unanswerable); own dev without tq- 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%,
 * hotpot 60.9 / 65.5 / – / 41.6%, CMRC 83.0%, ownzh 64.3%, guard-cut 0, all unchanged: it ships.
 * Outcome (b) (dev, chat; a topic query's text-kind words left out of the gate's term features): tq- dev
 * gold∈answer 77.8 → 86.1%, answered 77.8 → 86.1%, abstained 86.7 → 86.7%; own dev without tq-, SQuAD,
 * hotpot, CMRC and ownzh as above, unchanged; guard-cut 0: it ships.
 * Two more candidates of the round, written and committed after (b) and before either is tried, seen
 * on the demo with (a) and (b) in: "security" and "tell me about security" abstain although every
 * sentence under the heading "Security" is about it (the word is in the heading only), and "refunds?"
 * highlights "plans", "What is the refund policy?" "60 days": a topic query asks for no one fact.
 * (c) For a topic query, question terms found in the heading the best sentence stands under count
 * as held by the answer in the gate's term features (the answerer's candidates already know their
 * heading). (d) A topic query gets no highlight. Each ships by the round's rule above, against the
 * code before it; (d) moves no tq- figure but hl∋gold, so for (d) the rule is that hl∋gold falls on
 * none of own (without tq-), SQuAD and hotpot dev and no other figure moves.
 * Added to (c) before it is tried (one change, judged together): (b)'s words extended to the words
 * that frame the request, "tell me about", "info on", "how does … work" ("tell", "work" are no terms
 * the answer must hold).
 * Outcome (c) (dev, chat): tq- dev gold∈answer 86.1 → 86.1%, abstained 86.7 → 86.7%: it does not rise,
 * so (c) fails the round's rule and was removed without reading the other sets ("equipment for new
 * hires" rose from p 0.351 to 0.451, still under 0.48). "tell me about security" and a bare "security"
 * still abstain on the demo.
 * Outcome (d) (dev, chat; `highlightsOf` returns none for a topic query): own dev without tq- 69.7 /
 * 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5 / – / 41.6%, tq- 86.1 /
 * 86.1 / 86.7 / 0.0%: nothing moves, so it ships.
 * Review of the round (read-only reviewer), fixed by the round's rule: a negated message ("tell me about
 * plans that are not refunded", "cannot log in", "nothing arrived", "dont …") was read as a topic query,
 * so its own negation was dropped; a clause after the frame ("how do I get to work", "explain why my
 * refund was refused") likewise; "information", "options", "terms", "conditions" are as often the
 * subject ("personal information", "stock options") and are no longer framing words; other scripts
 * (Korean, Cyrillic) are not English; a message over 200 characters is no topic query (the trailing-
 * punctuation pattern was quadratic); a topic query keeps a typed or table-cell highlight ("York
 * store phone") and loses only the gap picker's guess. Dev (chat) after the fixes: tq- 86.1 / 86.1 /
 * 86.7%, own without tq- 69.7 / 75.8 / 58.6 / 58.0%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 /
 * 65.5 / – / 41.6%, CMRC 83.0%, ownzh 64.3%, guard-cut 0: unchanged.
 * Session 13's final answerer (29886c6; later commits touch no answering code), test halves read once
 * (`--sets own,squad,hotpot,cmrc,ownzh --split test --configs chat`, gold∈answer / answered / abstained /
 * hl∋gold): own 63.0 / 69.0 / 65.1 / 27.5% (without tq- 56.9 / 60.0 / 64.3 / 43.6%, as session 12's; tq- alone
 * 74.3 / 85.7 / 66.7 / 6.7%), SQuAD 80.7 / 82.3 / 35.0 / 52.5%, hotpot 60.5 / 63.0 / – / 34.7%, CMRC 82.1 /
 * 95.1 / – / 37.2%, ownzh 48.4 / 51.6 / 68.2 / 50.0%. The code before the round (9c8b208) on the tq- test
 * half, read once for the record: 71.4 / 82.9 / 66.7 / 6.9%. Nothing was changed after this reading.
 * Chinese gate, third look (session 13), written and committed before its set exists. Session 12's test
 * reading showed the Chinese gate losing more correct answers (4 of 31) than it gained abstentions (2 of
 * 22), and issue #15 forbids changing a default on a test reading; so the question goes to new dev data.
 * A new Chinese set, eval/data/answering-zh2 (`--sets ownzh2`): about five new Chinese enterprise
 * documents and about 100 spoken-Chinese questions, about 40 of them unanswerable but on-topic, written
 * by a helper who reads no code, no gate and no earlier Chinese set, committed before any answerer runs
 * on it; all of it is dev (it chooses; there is no test half). Rule, with chat against chat/-zhgate on
 * ownzh2: the gate stays the chat default iff the points it adds to unanswerable abstained are at least
 * the points it takes from answerable gold∈answer; otherwise the chat path turns it off (Chinese
 * questions keep the lexical default gate they had before the round that added it). No refit, no
 * threshold change: on or off only.
 * Outcome (ownzh2, 66 answerable + 40 unanswerable, committed in 3b9fac5 before any answerer ran on it;
 * gold∈answer / answered / abstained / hl∋gold): with the gate 40.9 / 47.0 / 72.5 / 35.5%, without it
 * (chat/-zhgate) 40.9 / 48.5 / 70.0 / 34.4%. The gate adds 2.5 points abstained (1 of 40) and takes 0 from
 * gold∈answer (the one answer it withholds was wrong): it stays the default. Seen beside it: on these
 * fresh documents the Chinese path answers under half of the answerable questions (47.0%), its lexical
 * default gate abstaining where ownzh dev answers 71.4% and CMRC 96.4%.
 * Product-retrieval round (session 14, 2026-12-06), written and committed before any setting below is
 * tried. `--configs product` (answering-product.ts) asks the product itself. On own dev without tq-
 * it answers 63.6% correctly where `chat` on the eval's retrieval says 69.7%: "How long until I get my
 * money back?" retrieves no refund chunk, because BM25 matches only its common words and the product's
 * search (DEFAULT_RANKING: score fusion, vector weight 0, chosen on SciFact train) lets the USE-lite
 * list order only what BM25 did not find. Candidates: the vector weight w in score fusion
 * (SEARCH_VECTOR_WEIGHT) at 0.25, 0.5 and 1, each for every query. Judged through `--configs product`
 * on dev only: own dev (with tq-), ownzh dev, ownzh2. A candidate passes iff (1) own dev gold∈answer
 * rises by ≥ 3 points over w = 0; (2) own dev abstained falls by ≤ 5 points; (3) ownzh dev and ownzh2
 * each lose at most one correct answer and at most one abstention; (4) its SciFact train nDCG@10
 * (`npm run eval -- retrieval`, the "train nDCG@10 with vector weight" lines; 0.25 read as the mean
 * of 0.2 and 0.3) is no more than 0.01 below w = 0's. Of the passing candidates the one with the
 * highest own dev gold∈answer becomes DEFAULT_RANKING's vector weight (a tie: the smaller w). If a
 * candidate passes (1), (2) and (4) and fails only (3), it is tried once more with Chinese queries
 * (no Latin letter) keeping weight 0, since USE-lite is an English model; judged by the same rule.
 * No other setting changes; the gates are not refitted. The test halves are read once through
 * `--configs product` after the round, whatever its outcome.
 * Outcome (dev, `--configs product` with SEARCH_VECTOR_WEIGHT; gold∈answer / abstained): own dev (102
 * answerable + 44 unanswerable) w 0: 69.6 / 70.5%, 0.25: 71.6 / 68.2%, 0.5: 74.5 / 68.2%, 1: 76.5 /
 * 70.5%; ownzh dev (28 + 23) 64.3 / 65.2%, 64.3 / 65.2%, 64.3 / 69.6%, 60.7 / 69.6%; ownzh2 (66 + 40)
 * 47.0 / 72.5%, 45.5 / 72.5%, 45.5 / 75.0%, 45.5 / 75.0%. SciFact train nDCG@10 (the retrieval eval's
 * grid, 0.25 and 0.5 added to it and read exactly): 0.7004, 0.7032, 0.6925, 0.6077. So 0.25 fails (1)
 * (+2.0 points), 1 fails (4) (−0.093), and 0.5 passes all four (+4.9 points; abstained −2.3; ownzh no
 * loss, ownzh2 one answer; SciFact −0.0079): DEFAULT_RANKING's vector weight is 0.5. Read against the
 * rule as written: (4) named only 0.25's reading (the mean of 0.2 and 0.3, 0.7032, the same as read
 * exactly) and none for 0.5, which the grid lacked; the mean of 0.4 and 0.6 (0.6912, −0.0092) passes
 * too. All four product runs were one process on the rule commit's code (40e20b4); the sentence-rule
 * fix (9e94004) came after them.
 * Test halves, read once after the round and its review fixes (bafb224), `--sets own,ownzh --split test
 * --configs product/SEARCH_VECTOR_WEIGHT=0,product` (gold∈answer / answered / abstained / hl∋gold): own
 * (100 + 43) w 0: 60.0 / 69.0 / 67.4 / 23.2%, w 0.5: 58.0 / 68.0 / 65.1 / 22.1%; ownzh (31 + 22) 48.4 / 54.8 /
 * 63.6%, 48.4 / 58.1 / 63.6%. The dev gain does not carry over: on own test the new weight loses two
 * correct answers and one abstention. By the rule the default stays 0.5 (nothing is changed on a test
 * reading). The product answers own test 58.0% correctly where `chat` on the eval's retrieval said 63.0%.
 * Price-noun round (session 14), written and committed before the change is written: on the demo "What is
 * the Team plan price?" bolds "2 TB", not "$20 per user per month": questionSlot reads "what is the price"
 * as an amount only when the money noun follows "the" at once, so "What is the cancellation fee?" and
 * "what's your shipping cost" ask for no typed fact and the gap picker guesses. Change: a what-question
 * whose noun phrase (after the/your/our, up to four words) ends in price, cost, fee or charge asks for an
 * amount. It ships iff, on dev only (`--configs chat`: own without tq-, SQuAD, hotpot, ownzh; and
 * `--configs product`: own, ownzh, ownzh2), no set loses more than one correct answer or one abstention
 * and none loses hl∋gold. No test half is read for it.
 * Outcome (dev): chat own without tq- 69.7 / 75.8 / 58.6 / 58.0%, ownzh 64.3 / 71.4 / 69.6 / 45.0%, SQuAD
 * 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5 / – / 41.6%; product own 75.5 / 80.4 / 68.2 / 35.4%, ownzh
 * 75.0 / 82.1 / 65.2 / 43.5%, ownzh2 53.0 / 60.6 / 70.0 / 37.5%: every figure as before, so it ships. The
 * demo's "What is the Team plan price?" now bolds "$20 per user".
 * Time-frame round (session 15), written and committed before the change is written: "How early before
 * payday can I look at my payslip?" abstains against "Payslips are published in PeopleHub three working days
 * before payday." The gate strips "how long", "how far", "how often" … from the question's terms (they ask for
 * a slot; answer-slot.ts already reads "how soon / quickly / fast / far ahead" as a duration), but not "how
 * early", "how soon", "how late", "how fast", "how quickly", "how frequently": their adjective stays a content
 * term no answer repeats ("early"), and counts as missing and rare. Change: HOW_ADJECTIVE also holds early,
 * soon, late, fast, quickly and frequently (the frame, not content; the expected answer type is unchanged).
 * It ships by the price-noun round's rule (dev only; chat: own without tq-, SQuAD, hotpot, ownzh; product: own,
 * ownzh, ownzh2): no set loses more than one correct answer or one abstention and none loses hl∋gold. No test
 * half is read for it.
 * Outcome (dev). The first reading lost one hl∋gold through the product (own 36.6 → 35.4%: "What are the help
 * desk hours?", a question the change does not touch). Asked alone it got the same highlight before and after:
 * its highlight sat on a near-tie that USE-lite's batch noise (about 1e-7 per vector component, a sentence's
 * vector changing with the batch it was embedded in) decided by what was asked before it. That was fixed first,
 * as a bug of its own (sentence-similarity.ts embeds each sentence on its own call; b417209), and the rule then
 * read on that code, before and after the change: chat own without tq- 69.7 / 75.8 / 58.6 / 58.0%, ownzh 64.3 /
 * 71.4 / 69.6 / 45.0%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5 / – / 41.6%; product own 75.5 / 80.4 /
 * 68.2 / 35.4%, ownzh 75.0 / 82.1 / 65.2 / 43.5%, ownzh2 53.0 / 60.6 / 70.0 / 37.5%, each the same before and
 * after: it ships. The question that motivated it still abstains ("look" is the next term no source sentence
 * holds); "How fast do they respond to a P1 incident?" and "How soon must I report a stolen laptop?" answer
 * as before.
 * Reverted after review (same session, before any test half): the pattern is not anchored to a question frame,
 * so it also strips a noun phrase's word ("how late payments affect my credit", "how early withdrawal
 * penalties apply" lose "late" and "early"), and "how late / early" get no answer slot, so "How late is the
 * store open?" would lose the only word that asks for a closing time. With dev unchanged and the motivating
 * question still abstaining, the change bought nothing measured and risks these; HOW_ADJECTIVE is as before.
 * The review also found b417209's one embed call per sentence unfair to other users' queries (each sentence
 * queued as an interactive call of its own) and the eval's chat config still batching: both now embed with
 * EmbedOptions.alone (one call, single-text batches; ba42e85).
 * Acronym-index round (session 15), written and committed before the change is written: on the demo "Do you
 * support SSO?" abstains. Chat reads an acronym as the source phrase whose initials spell it (acronyms.ts), but
 * only among the chunks retrieval returned, and nothing retrieves the plan chunk: it says "single sign-on",
 * never "SSO", so BM25 has no term for the question's one content word and "support" pulls IT-support chunks.
 * Change: the BM25 index also holds, as terms of a chunk, the initials of each named run of 3–6 words in it
 * (every word capitalised, "Paid Time Off", or a hyphenated compound, "single sign-on"; content words, a stop
 * word only as a hyphenated part; one line; acronyms.ts's reading of a run, now shared), so "SSO" retrieves the
 * chunk and chat's expansion then reads it. Queries are tokenized as before. It ships iff (1) BM25-only nDCG@10
 * of `npm run eval -- retrieval --bm25-only` on SciFact and SQuAD v2 falls by at most 0.005 on each; (2) the
 * price-noun round's rule holds on dev (chat: own without tq-, SQuAD, hotpot, ownzh; product: own, ownzh,
 * ownzh2); (3) on the demo, "Do you support SSO?" answers with the single sign-on sentence. No test half is read.
 * Outcome: it FAILS (3) and is not shipped. (1) SciFact BM25-only train nDCG@10 at the product's setting, with
 * the initials against without, document weight 0 / 0.5 / 1 / 2 / 4: 0.6810 / 0.6923 / 0.6982 / 0.7015 / 0.7007
 * against 0.6805 / 0.6916 / 0.6971 / 0.7004 / 0.7001; SQuAD v2 identical: passes. (2) every dev figure, chat
 * and product, the same with and without: passes. (3) the index now retrieves the plan chunk and chat expands
 * the question to "Do you support single sign-on?", but the gate still abstains (so do "Does Acme have SSO?" and
 * "Is SSO included?"; "Which plans include SSO?" answers): a yes/no question whose verb no source sentence
 * holds. The code was removed; an acronym the retrieved chunks do not spell out stays unexpanded.
 * Fresh-documents round (session 16, 2026-12-07), written and committed before its set exists and before
 * any change is tried. Every round since session 9 has read the own set's dev half, and the test half shows
 * the cost: through the product own dev is answered 75.5% correctly, own test 58.0%. The gate's threshold
 * (USE_LITE_ANSWERING_MODEL, 0.48) was chosen by its rule (the highest threshold that keeps, on each dev
 * set, ≥ 90% of the answers that are correct without the gate) on own dev and SQuAD dev only, documents
 * the answerer's rules were drawn from. New set eval/data/answering-en3 (`--sets en3`): five new English
 * documents (car rental, dental clinic, remote-work policy, coworking, energy supplier) and 100 questions
 * (60 answerable, 40 unanswerable on a covered topic), written by a helper who read no code and no other
 * set, committed before any answerer runs on it; all of it dev (it has no test half). Candidate: the same
 * rule with en3 as a third dev set beside own dev and SQuAD dev (all three read with `--configs chat`, the
 * eval's retrieval, as the calibration reads them; eval/calibration/answering-calibration.ts
 * `--threshold-only`); the gate's weights are unchanged, so the threshold can only stay or fall. It ships
 * as the rule gives it: the threshold becomes the rule's value on the three sets when that is lower than
 * the rule's value on own dev and SQuAD dev alone (both printed; today's code, not 0.48 from memory).
 * Whatever the outcome, dev figures are reported for chat (own, SQuAD, hotpot, en3) and product (own, en3),
 * and the own and SQuAD test halves are read once after the round, choosing nothing.
 * Outcome (dev; `npx tsx eval/calibration/answering-calibration.ts chat +gapFit --threshold-only`): the rule on
 * own dev and SQuAD dev alone gives 0.42 on today's code (the shipped 0.48 keeps 86.5% of own dev's 89 correct
 * answers, no longer the ≥ 90% it was chosen for: later rounds changed features without a refit); with en3 it
 * gives 0.02. At 0.48 the gate keeps 62.2% of en3's 45 correct answers and abstains on 65.0% of its 40
 * unanswerable questions; at 0.42, 68.9 / 47.5%; at 0.02 it is off in effect (keeps 91.1%; abstains own 2.3%,
 * SQuAD 8.9%, en3 0%). By the letter of the rule the threshold would become 0.02. It is NOT shipped: the rule
 * had no floor on abstention, a mistake in writing it, and following it would switch the gate off and fail
 * issue #15's abstention targets on every set (own ≥ 80%, SQuAD ≥ 50%), where its purpose was a trade-off.
 * This is a rule not followed, recorded as such; the threshold stays 0.48. What the round found is the cause:
 * on fresh documents the gate separates badly (balanced accuracy 0.64 at 0.48), and 6 of the 17 correct en3
 * answers it withholds carry numberMismatch (weight −3.6), each a quantity of the customer's own case compared
 * with a limit the document states: "I'm 22, am I old enough…" / "at least 23 years old", "2 hours late" /
 * "more than 24 hours late", "cancel… in 10 hours" / "up to 24 hours", "16 hours a week" / "fewer than 20 hours
 * per week". The next round takes that.
 * Situational-quantity round (session 16), written and committed before the change is written: numberMismatch
 * (a number of the question that the answer lacks) was built for SQuAD's unanswerable questions, which change a
 * year or a count of the paragraph; a customer instead states a quantity of their own case, and the document
 * states the limit it is compared with, so the two numbers differ by design. Change: a number of the question
 * followed by a unit of a closed list (minutes, hours, days, weeks, months, years, kWh, km, miles, kg, percent,
 * as a word or hyphenated: "2 hours", "30-day", "16 hours a week"), or preceded by a currency sign (£ $ € ¥), or
 * stating an age ("I'm 22", "I am 22", "aged 22", "22 years old", "12-year-old"), does not count as missing when
 * the answer holds a number of the same kind (the same unit; a currency sign; an age, or "years old" / "aged" /
 * "age" with a number). Every other number counts as before (years, counts, identifiers, ordinals). It ships iff,
 * on dev only, against the code before it: en3 (`--configs chat`) gold∈answer rises and its abstained falls by at
 * most one question; on chat own, SQuAD, hotpot and ownzh dev and on product own, ownzh2 and en3 dev no set loses
 * more than one correct answer or one abstention and none loses hl∋gold (the price-noun round's rule). No weight
 * or threshold is refitted; the own and SQuAD test halves are read once after the round, choosing nothing.
 * Outcome (dev; before → after; gold∈answer / answered / abstained / hl∋gold): chat en3 48.3 / 56.7 / 62.5 /
 * 29.4% → 51.7 / 60.0 / 62.5 / 27.8% (two more correct answers, the same 10 highlight hits over 36 answers
 * instead of 34); chat own 75.5 / 79.4 / 68.2 / 35.8%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5 / – /
 * 41.6%, ownzh 64.3 / 71.4 / 69.6 / 45.0%, unchanged; product en3 51.7 / 56.7 / 52.5 / 26.5% → 55.0 / 60.0 / 52.5 /
 * 27.8%, ownzh2 53.0 / 60.6 / 70.0 / 37.5% unchanged, own 75.5 / 80.4 / 68.2% unchanged with hl∋gold 36.6 → 35.4%:
 * one question, it-01 "What are the help desk hours?", which has no number (its numberMismatch is 0 before and
 * after); the code before the change gave 35.4% on it too in a run earlier the same day, so it is run-to-run
 * noise of the product path (recorded as a bug to find: session 15's fix made the answerer deterministic, not
 * the product's ingest and retrieval). It ships.
 * Review of the round (read-only reviewer; same rule, against the code before the round): a number's kind alone
 * cleared real mismatches, a plan's name ("the 12-month fixed deal" against "Fix 24: fixed for 24 months") and
 * SQuAD-style swaps ("in the 3 days of the riots" against "Over 5 days of riots"; "$2 million" against "$5
 * million"); "I'm 3 payments behind" read as an age. Narrowed: only a number in a clause in the first person
 * (I, my, we, our…) counts as the customer's own, only a number the sentence states as a limit (at least, more
 * / fewer / less than, up to, within, under, over, "or more", "+", aged…) clears it, "I'm N" is an age only when
 * nothing follows N but punctuation or a conjunction; "5 working days", "turned 24", currency words and nights
 * added. Dev after the fix: every figure as after the first version (chat en3 51.7 / 60.0 / 62.5 / 27.8%, own,
 * SQuAD, hotpot, ownzh unchanged; product en3 55.0 / 60.0 / 52.5 / 27.8%, own 75.5 / 80.4 / 68.2 / 35.4%, ownzh2
 * unchanged): it ships narrowed. Eleven runs of it-01 alone through the product on unchanged code, one process
 * each, gave the same sources and highlight; the flip seen in two full runs has not been reproduced alone.
 * Story-negation round (session 16), written and committed before the change is written: negationMismatch
 * (weight −2.06) reads the whole message, so a customer's account of their case counts as the question's
 * negation: "I still haven't paid a bill I got over a month ago. Will there be a fee?" is not read as a yes/no
 * question (the message opens with "I"), and "You still haven't sorted out my complaint. When can I go to the
 * ombudsman?" is scored against "If we have not resolved your complaint…" as a negation mismatch (en3 dev en-09,
 * en-11, both withheld). Change: in a message of more than one sentence, negationMismatch reads only the last
 * sentence that asks (ends in "?" or opens with a wh-word or an auxiliary), for its yes/no test and its negated
 * terms; the sentences before it are the customer's case. A one-sentence message is read as before. It ships by
 * the situational-quantity round's rule, against the code before it (en3 chat gold∈answer rises, its abstained
 * falls by at most one question; chat own, SQuAD, hotpot, ownzh and product own, ownzh2, en3 dev lose no more
 * than one correct answer or one abstention and none loses hl∋gold, beyond product own's it-01, shown to flip
 * between runs of unchanged code). No test half is read for it.
 * Outcome (dev; before → after; gold∈answer / answered / abstained / hl∋gold): chat en3 51.7 / 60.0 / 62.5 /
 * 27.8% → 53.3 / 61.7 / 62.5 / 29.7%; product en3 55.0 / 60.0 / 52.5 / 27.8% → 58.3 / 63.3 / 52.5 / 31.6%; chat
 * own 75.5 / 79.4 / 68.2 / 35.8%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5 / – / 41.6%, ownzh 64.3 /
 * 71.4 / 69.6 / 45.0%, product own 75.5 / 80.4 / 68.2 / 35.4%, ownzh2 53.0 / 60.6 / 70.0 / 37.5%, unchanged. It
 * ships.
 * Review of the round (read-only reviewer; same rule, against the code before the round): the last sentence that
 * looked like a question replaced the real one, so a polite follow-up ("Which plans are not refunded? Can you
 * check?", "…? Any idea?"), a sign-off read as an auxiliary ("Thanks,\nWill"), a link's "?" or a question wrapped
 * over two lines lost the question's own negation. Fixed: the sentences that ask are those ending in "?" (links
 * left out, a single line break read as a space), or when none does those opening with a wh-word or an auxiliary;
 * negationMismatch is the highest over them. Dev after the fix: chat en3 53.3 / 61.7 / 62.5 / 29.7%, product en3
 * 58.3 / 63.3 / 52.5 / 31.6%, every other figure as before the round: it ships as fixed.
 * Third review (both rounds' fixes; judged on dev only, after the own and SQuAD test halves were read once for the
 * session, unchanged from session 15 on every figure): a question typed without its "?" after a polite opener
 * ("Hi, can you help? Which plans are not refunded") was dropped, and a line break joined a story line to the
 * question; "US" and "tell me" counted as the first person and a licence's "3 years" as an age's kind. Fixed:
 * opener-led sentences after the last "?" ask too, a line joins the one above only when it goes on in lower case
 * (CRLF too), "US" and "tell / show / let / give me" are not the customer speaking, and an age is not also a
 * duration. Dev after the fixes (chat own, SQuAD, hotpot, ownzh, en3; product own, ownzh2, en3): every figure as
 * before them.
 * Range-and-party round (session 16), written and committed before either change is written, from en3 dev's
 * withheld correct answers after the two rounds above: (a) "I'm going to be 2 hours late returning the car, what
 * happens?" is scored against "If you return the car between 1 and 3 hours late, we charge a late return fee of
 * €30" and still carries numberMismatch: a range ("between 1 and 3 hours") is a limit the customer's quantity is
 * compared with, like "up to" or "more than", and the situational-quantity change does not read it; (b) "How long
 * do I have to change my mind after signing up with you?" carries oppositeSwap against "…a 14-day cooling-off
 * period after you sign up, during which you can cancel without any fee": "with" followed by a person ("with
 * you", "with us") names a party, not the attribute "without" negates ("plans with SSO" / "without SSO"). Change:
 * (a) both ends of "between N and M <unit>" are limits of that unit's kind; (b) oppositeSwap does not read "with"
 * when a personal pronoun follows it. Judged together, by the situational-quantity round's rule, against the code
 * before them. No test half is read for it.
 * Outcome (dev): FAILS, not shipped, code removed. chat en3 gold∈answer 53.3% before and after (the curve rose,
 * 60.0 → 61.7% answered correctly at 40% abstained, but neither question crossed the threshold: car-07's gate
 * probability 0.02 → 0.48, just under 0.48; en-12's 0.02 → 0.35); every other dev figure, chat and product,
 * unchanged.
 * Story-slot round (session 16), written and committed before the change is written, from the story-negation
 * review: questionSlot (which kind of fact is asked: the answerer's sentence order, the highlight, the gate's
 * slot and gap features) and the gate's expected answer type read the whole message, so a customer's account
 * decides the asked kind: "When I ordered last week, nothing arrived. Where is my parcel?" asks for a date by
 * its story, and "I still haven't paid a bill… Will there be a fee?" is no yes/no question because the message
 * opens with "I". Change: for an English message of more than one sentence, questionSlot and expectedAnswerType
 * read its first sentence that asks (the story-negation round's askedSentences); a one-sentence message, and a
 * message with no sentence that asks, as before. It ships iff, on dev against the code before it, en3 (chat)
 * gold∈answer or hl∋gold rises and neither falls, its abstained falls by at most one question, and on chat own,
 * SQuAD, hotpot, ownzh and product own, ownzh2, en3 no set loses more than one correct answer or one abstention
 * and none loses hl∋gold (product own's it-01 excepted, as above). No test half is read for it.
 * Outcome (dev): FAILS, not shipped, code removed. chat en3 53.3 / 61.7 / 62.5 / 29.7% before and after, and
 * chat own, SQuAD, hotpot and ownzh unchanged: no dev question's answer or highlight moved (en3's story questions
 * ask in their last sentence with no competing wh-word before it). The product runs were not completed.
 * Back-reference round (session 17, 2026-12-07), written and committed before the change is written, from en3
 * dev's rw-02: "During which hours do I have to be reachable when working from home?" is answered "During these
 * hours you must be reachable on Teams and by phone." The hours are in the sentence before it ("Core collaboration
 * hours are 10:00 to 15:00…"), which the answer leaves out, so neither the answer nor its highlight states them.
 * The issue's build point 2 joins a following sentence that continues the best one; a sentence that points back
 * needs the one before it. Change: when the sentence that leads the answer points back (it opens with a pronoun or
 * a demonstrative, or its second word is one: "During these hours", "In this case"), the question asks for a kind
 * of fact (questionSlot, not yes/no), the sentence does not state one, and the sentence just before it in the same
 * source does, that sentence leads and the pointing one follows it; the gate reads the pair as it reads a joined
 * continuation. It ships by the story-slot round's rule: on dev against the code before it, en3 (chat)
 * gold∈answer or hl∋gold rises and neither falls, its abstained falls by at most one question, and on chat own,
 * SQuAD, hotpot, ownzh and product own, ownzh2, en3 no set loses more than one correct answer or one abstention
 * and none loses hl∋gold (product own's it-01 excepted). No test half is read for it.
 * Outcome (dev, against the code before it, same machine and morning): ships. chat en3 53.3 → 55.0 / 61.7 /
 * 62.5 / 29.7% (rw-02 now answered with its hours; 1st∋gold 45.0 → 46.7%); SQuAD abstained 44.6 → 43.9% (one
 * question: "When was the authoritative Brockhaus Enzyklopädie written?" now answers with the date of the
 * sentence before "After this number was placed into the authoritative Brockhaus…", the one loss the rule
 * allows); chat own, hotpot and ownzh unchanged (hotpot 1st∋gold 51.5 → 51.9%). Product en3 58.3 / 63.3 / 52.5 /
 * 31.6 → 34.2%, ownzh2 unchanged, own 75.5 / 80.4 / 68.2 / 35.4% with it and 76.5 / 81.4 / 68.2 / 34.9% in
 * another run with it and in one without it: tq-32 ("support hours") flips between answered and abstained on
 * either code (as it-01's highlight does), so product own's difference is run-to-run, not the change.
 * Review of the round (read-only reviewer; same rule, against the code before the round): any sentence opening with
 * a pronoun or "word + this/these" counted as pointing back, whatever the sentence before said, so an unrelated
 * sentence stating the asked kind of fact could lead and turn an abstention into a wrong answer ("This warranty
 * covers…" after "Orders ship within 2 days" for "How long is the warranty?"; "This service…" under the next
 * heading; "It is not possible to…"; "IT handles…"); and a low-scoring head lowered the relative floor for the
 * sentences after it. Fixed: a sentence points back only by a demonstrative (this, these, those, such) within its
 * first three words whose noun the sentence before uses, under the same heading; the relative floor is the
 * stronger of the two sentences'. Dev against the code before the round: chat en3 53.3 → 55.0 / 61.7 / 62.5 /
 * 29.7% (rw-02), SQuAD back to 44.6% abstained ("After this number…" no longer takes the date before it), every
 * other chat figure unchanged (hotpot 1st∋gold 51.5%); product own 75.5 / 80.4 / 68.2 / 35.4%, ownzh2 unchanged,
 * en3 58.3 / 63.3 / 52.5 / 34.2%. It ships as fixed.
 * Second review (read-only reviewer): a demonstrative with the same noun can name another thing ("The old plan cost $10
 * a month. This plan includes…" for "How much does the new plan cost?"; "Last year the office closed on 23 December.
 * This year…"), and the head then gave the wrong fact. Fixed: a time noun (year, month, week, day, season…) never
 * points back, nor a noun the sentence before sets apart (last, old, previous, prior, former, other, next, earlier,
 * original before it). Judged as a review fix, on dev only, after the test halves were read: every chat and product dev figure
 * unchanged (chat en3 55.0 / 61.7 / 62.5 / 29.7%, product en3 58.3 / 63.3 / 52.5 / 34.2%). It ships.
 * Notice round (session 17), written and committed before the change is written, from en3 dev's en-10: "I'm
 * moving house soon. How much notice do you need?" is read as asking for an amount of money (questionSlot's "how
 * much"), so "…take your tariff with you at no cost" leads and is highlighted, and "Tell us at least 2 days before
 * you move" comes third. Notice and warning are measured in time, as "how much time" already is. Change: "how much
 * (advance / prior) notice" and "how much (advance / prior) warning" ask for a duration. It ships by the story-slot
 * round's rule (dev only, against the code before it). No test half is read for it.
 * Outcome (dev): FAILS, not shipped, code removed. chat en3 55.0 / 61.7 / 62.5 / 29.7% before and after: en-10
 * now leads with "Tell us at least 2 days before you move" and is highlighted "at least 2 days" (1st∋gold 46.7 →
 * 48.3%), but the gate withholds it (probability 0.07), so neither gold∈answer nor hl∋gold rises; every other dev
 * figure, chat and product, unchanged.
 * Lead-gate round (session 17), written and committed before the change is written, from en3 dev's en-04 and
 * en-07: under contextOrder (chat and the product) the answer leads with the sentence of the highest context score
 * (slot, heading and retrieval rank included), but the gate judges the sentence of the highest support score.
 * "When is the cheap rate?" leads with "…a cheaper rate of 8.5p per kWh between 00:30 and 04:30" and the gate
 * reads a tariff row with no time (slotMissing 1, probability 0.47); "How much do I save by paying by direct
 * debit?" leads with the row "…Discount: £5 per fuel per month cheaper" and the gate reads "If you pay by Direct
 * Debit…, your old supplier may object…" (typeMissing, slotMissing and gapMissing 1, probability 0.30). The gate
 * should judge the answer it lets through. Change: under contextOrder the gate's features are those of the
 * sentence that leads the answer with the sentence that joins it (the how-to head, the back-reference head or the
 * continuation, as the answer takes them); runnerUpGap is that sentence's support score minus the best other's,
 * sourceRank its source's. Without contextOrder nothing changes. It ships by the story-slot round's rule (dev
 * only, against the code before it). No test half is read for it.
 * Outcome (dev): FAILS, not shipped, code removed. chat en3 55.0 / 61.7 / 62.5 / 29.7 → 58.3 / 65.0 / 60.0 / 28.2%
 * (two more correct answers, one fewer abstention, the same 11 highlights over more answers); but chat own
 * abstained 68.2 → 65.9% and hl∋gold 35.8 → 34.6%, SQuAD 88.7 → 88.1% and hl∋gold 70.7 → 70.5%, and product en3
 * hl∋gold 34.2 → 31.6% (product own abstained 68.2 → 65.9%): hl∋gold falls on three sets, which the rule forbids.
 * Amount-fallback round (session 17), written and committed before the change is written, from en3 dev's
 * highlight misses: a price question whose first claim states no amount gets the gap picker's typed number
 * instead, which is no amount ("What does the unlimited flex membership cost a month?" is highlighted "2" from
 * "…pause… for up to 2 months"; "How much do I save by paying by direct debit?" gets "1st" from "…on the 1st of
 * each month" while a claim states "£5 per fuel per month"). A price is stated with its currency, "free" or a
 * percentage, which the amount pattern reads; a bare number answers another question, as a weight or length
 * already does (probe3). Change (highlight only, answer-slot's scoredHighlightSpan): for an amount question, a
 * claim with no amount gets no highlight, so a later claim may give it. It ships iff, on dev against the code
 * before it: en3 (chat) hl∋gold rises; hl∋gold falls on no other dev set (chat own, SQuAD, hotpot, ownzh;
 * product own, ownzh2, en3; product own's it-01 excepted); gold∈answer, answered and abstained are unchanged on
 * every chat set; the mean highlight stays ≤ 3.0 words. No test half is read for it.
 * Outcome (dev): FAILS, not shipped, code removed. chat en3 hl∋gold 29.7% before and after (cw-01 and en-07 lost
 * their wrong highlights but gained no right one), own 35.8 → 33.3%, SQuAD 70.7 → 69.5%: a bare number is the
 * amount SQuAD and own gold answers give often enough. gold∈answer, answered and abstained unchanged; the
 * product runs were stopped once the chat figures had failed.
 * Exhaustive-small round (session 17, product determinism), written and committed before the change is written:
 * on unchanged code the product answered own dev's tq-32 ("support hours") in some full runs and abstained in
 * others, and highlighted it-01 "8 am to 6 pm" or "within one hour" (a 3-run check this session: 2 distinct
 * answer signatures; the top chunk's fused score 1.473311 in one run, 1.473446 in another). Cause: the HNSW graph
 * depends on the order chunks are inserted, which follows which ingestion job finishes first, and at efSearch 64 a
 * top-50 candidate list over a few hundred vectors can miss a neighbour (synthetic 600 clustered vectors: recall@50
 * 1.0 for two insertion orders, 0.98 for a third); min-max score fusion then moves every score, and retrieval's
 * order with it. Change: an index of at most 4,096 live vectors is searched with a candidate list as large as the
 * index, which visits every vector the graph reaches, so the result is the exact top-k whatever the insertion
 * order. It ships iff (a) three full product runs of own dev (fresh ingestion each) give one answer signature
 * (every question's answered-or-not and highlight); (b) on dev (product own, ownzh2, en3), against the code before
 * it, no set loses more than one correct answer or one abstention and none loses hl∋gold (product own's it-01 and
 * tq-32 excepted, as they are what moves); (c) bench chat p50 stays ≤ 100 ms. No test half is read for it.
 * Outcome: ships. (a) three full product runs of own dev after the change (eval/_det2-style script, fresh container
 * and ingestion each): one signature, tq-32 abstained and it-01 "within one hour" in all three, with the same
 * fused scores to nine decimals (1.473311439), which are the scores of the two matching runs before the change;
 * (b) product dev own 75.5 / 80.4 / 68.2 / 35.4%, ownzh2 53.0 / 60.6 / 70.0 / 37.5%, en3 58.3 / 63.3 / 52.5 /
 * 34.2%, each as the code before it gives in its common state; (c) `bench --only chat` p50 35.8 ms, guardrails
 * 6.2%. The chat configuration's figures cannot move: its retrieval is the eval's exact scan. Cost: at 4,096
 * vectors a search takes ~2 ms instead of ~0.25 ms (synthetic, 512-d, top 50); three runs are evidence, not a
 * proof, that no other source of run-to-run change is left.
 * Review of the round (read-only reviewer): a candidate list as large as the index visits every vector the graph
 * reaches, but HNSW does not promise that every vector is reachable (with 5 boilerplate vectors repeated 200 times
 * among 3,000, one insertion order left 57 distinct chunks unreachable, another none), and identical vectors tie in
 * the order they were inserted. Fixed: an index of at most 2,048 live vectors keeps copies of them and is searched
 * by an exact scan (exact-search.ts, equal scores in id order), copied out of the graph once after a load; the
 * unit test builds three insertion orders with duplicates and a reload and asks for identical lists. Same rule:
 * (a) three full product runs of own dev, one signature, tq-32 abstained and it-01 "within one hour" in all;
 * (b) product dev own 75.5 / 80.4 / 68.2 / 35.4%, ownzh2 53.0 / 60.6 / 70.0 / 37.5%, en3 58.3 / 63.3 / 52.5 /
 * 34.2% (with the back-reference review fix); (c) `bench --only chat` p50 51.0 ms (35.8 ms in the run before: the
 * machine's spread), guardrails 7.0%. A scan of 2,048 512-d vectors takes ~1.9–3.4 ms (graph 0.16–0.19 ms;
 * synthetic, top 50, under load). Ships as fixed.
 * Which-hours round (session 17), written and committed before the change is written, from en3 dev's rw-02 after the
 * back-reference round: "During which hours do I have to be reachable when working from home?" now answers "Core
 * collaboration hours are 10:00 to 15:00…" but is highlighted "5 working days" from a later claim: questionSlot
 * reads "what are the … hours" and "opening/office/business hours" as asking for clock times, not "which hours" or
 * "what hours", so the question asks for no kind of fact and the gap picker chooses. Change: "which/what (one or
 * two words) hours" asks for a date-or-time (the clock-time slot), as "what are the … hours" does. It ships by the
 * story-slot round's rule (dev only, against the code before it). No test half is read for it.
 * Outcome (dev): FAILS, not shipped, code removed. Every dev figure, chat and product, unchanged (en3 chat 55.0 /
 * 61.7 / 62.5 / 29.7%): rw-02 is still highlighted "5 working days", because chat's highlightsOf reads first the
 * claims holding more of the question's words, and "Switching usually takes 5 working days" shares "working"
 * with "…when working from home", so its deadline span is taken before the first claim's clock times.
 * Same-document round (session 18, 2026-12-07), written and committed before the change is written, from a count of
 * where chat's highlight comes from on the dev halves (an uncommitted scratch script over own, en3, SQuAD and
 * hotpot dev): a highlight taken from a later claim instead of the first is right in 1 of 9 such answers on own and
 * en3 when that claim cites another document (rw-08 "How long until I can try again?" after a lock-out gets "3
 * days" from "If a payment fails, we try again after 3 days"; rw-02 gets "5 working days" from a switching
 * policy; ab-07, pb-20, ka-08, tq-87 likewise), while on SQuAD and hotpot, whose claims all cite one passage, a later
 * claim gives 29 right highlights. The first claim is the answerer's best-supported sentence; a claim from another
 * document that shares more of the question's words shares them in another policy's context. Change (highlight
 * only, chat's highlightsOf): a later claim may take the highlight from the first claim (read first for holding
 * more of the question's words, or by a gap span that scores clearly higher) only when it cites the first claim's
 * document; a claim of another document is still read when the claims before it state no fact of the asked kind.
 * It ships iff, on dev against the code before it: hl∋gold rises on chat own or chat en3; hl∋gold falls on no dev
 * set (chat own, SQuAD, hotpot, ownzh, en3; product own, ownzh2, en3); gold∈answer, answered and abstained are
 * unchanged on every set; the mean highlight stays ≤ 3.0 words. No test half is read for it.
 * Outcome (dev, against the code before it): ships. chat en3 hl∋gold 29.7 → 32.4% (rw-02 now "10:00 to 15:00"
 * instead of "5 working days"); rw-08 loses its wrong "3 days" for the first claim's "180 days", as wrong; own's
 * ab-07 moves from "15 minutes" to "21 days", short of its gold "21 days after the invoice date". Every other
 * figure unchanged: chat own 75.5 / 79.4 / 68.2 / 35.8%, SQuAD 88.7 / 89.7 / 44.6 / 70.7%, hotpot 60.9 / 65.5%
 * (41.6%), ownzh 64.3 / 71.4 / 69.6 / 45.0%, en3 55.0 / 61.7 / 62.5%; product own 75.5 / 80.4 / 68.2 / 35.4%,
 * ownzh2 53.0 / 60.6 / 70.0 / 37.5%, en3 58.3 / 63.3 / 52.5 / 34.2%; mean highlight ≤ 2.3 words.
 * Review of the round (read-only reviewer): comparison questions lost their answer when the two options stood in
 * two documents (comparisonAnswer read the claims in the restricted order); a claim continuing from a name the
 * first states ("Halden Partners has its head office in Rotterdam") lost its bridge across documents, which a
 * crawled site or a wiki makes common and no dev set can show (hotpot joins its passages into one source); the cap
 * also reordered the later claims among themselves; a first claim citing "[1, 2]" counted only its first source's
 * document; and a gap span of a same-document claim read before the first could still be taken by another
 * document's. Fixed: the comparison reads the order by question words as before; the first claim's documents are
 * those of every source its marker cites; later claims keep their order, only a same-document one goes before the
 * first; a gap span of the first claim's documents is taken by another document's claim only when it bridges.
 * Each with a unit test that fails on the round's first version. Judged on dev with the unit round in (below),
 * against its figures: every chat and product dev figure unchanged (en3 chat hl∋gold 35.1%, rw-02 kept).
 * Unit round (session 18), written and committed before the change is written, from the dev highlight misses
 * whose highlight is a bare number: "出差一天给多少饭补？" is highlighted "80" from "…每天发放伙食补助80元" (ownzh
 * tr-06; tr-11 "5000" for 5000元; product ownzh2 card-01 "600", exp-09 "300"), and "What's the minimum password
 * length?" "14" from "…at least 14 characters long" (en3 rw-07). A figure without its unit answers nothing: "80"
 * could be 80 of anything. Cause: a Chinese 多少 question reads as a count, and when every figure of the sentence
 * is money the count reader falls back to the bare figures; and a bare number keeps its counted noun only when a
 * stop or a preposition follows the noun, not an adjective of measure ("14 characters long"). Change (highlight
 * only, answer-slot): (a) for a Chinese 多少/几 question whose sentence states no figure but money, the figure
 * keeps the currency unit written right after it (元, 块, 美元, 欧元); (b) a bare number's counted noun may be
 * followed by an adjective of measure (long, wide, tall, high, deep, thick, old). It ships iff, on dev against the
 * code before it: hl∋gold rises on at least one of chat ownzh, chat en3, product ownzh2, product en3; hl∋gold falls
 * on no dev set (chat own, SQuAD, hotpot, ownzh, en3; product own, ownzh2, en3); gold∈answer, answered and
 * abstained are unchanged on every set; the mean highlight stays ≤ 3.0 words. No test half is read for it.
 * Outcome (dev, against the code before it, the same-document round in): ships. hl∋gold chat ownzh 45.0 → 55.0%
 * (tr-06 "80元", tr-11 "5000元"), chat en3 32.4 → 35.1% (rw-07 "14 characters"), product ownzh2 37.5 → 42.5%
 * (card-01 "600元", exp-09 "300元"), product en3 34.2 → 36.8% (rw-07); every other figure unchanged (chat own
 * 35.8%, SQuAD 70.7%, hotpot 41.6%, product own 35.4%); gold∈answer, answered and abstained unchanged on every
 * set; mean highlight ≤ 2.3 words.
 * Review of the round (read-only reviewer; nothing serious): a question counting days, hours, ages or times
 * ("逾期多少天会停卡？") took a fee beside it with its unit, which looks like a confident answer; a figure in 万 or
 * 千 ("5万元"), Traditional characters ("600塊") and other currencies (日元, 港元, 人民币, 英镑…) kept no unit;
 * and a linking verb after a number read as its counted noun ("500 seems high" → "500 seems"). Fixed, each with a
 * unit test that fails without it; judged on dev with the paid yes/no round in: every chat and product dev figure
 * unchanged.
 * Paid yes/no round (session 18), written and committed before the change is written, from en3 dev's highlight
 * misses: "I just turned 24. Will I pay anything extra for being a young driver?" is highlighted "aged 23" from
 * "Drivers aged 23 to 24 pay a young driver surcharge of €18 per day…" (car-02), and "Do I pay for my kids'
 * check-ups if I'm a patient with you?" gets no highlight from "Children under 18 are seen for check-ups free of
 * charge…" (den-10). A yes/no question about what is paid is answered by the amount ("€18 per day", "free of
 * charge"), which says the yes or the no and more; its polarity ("not") or its own verb says less. Change
 * (highlight only, answer-slot's scoredHighlightSpan): when the question's last sentence opens with an auxiliary
 * and asks about paying (pay, paid, charge, fee, cost, surcharge, free; not "pay by/with/in/via…", which asks for a
 * method), a claim's amount (the amount slot's spans: a currency figure, "free", "free of charge", "no charge")
 * is its highlight; a claim with none keeps what it gives now. It ships iff, on dev against the code before it:
 * hl∋gold rises on chat en3 or product en3; hl∋gold falls on no dev set (chat own, SQuAD, hotpot, ownzh, en3;
 * product own, ownzh2, en3); gold∈answer, answered and abstained are unchanged on every set; the mean highlight
 * stays ≤ 3.0 words. No test half is read for it.
 * Outcome (dev, against the code before it): ships. hl∋gold chat en3 35.1 → 40.5%, product en3 36.8 → 42.1%
 * (car-02 "€18 per day", den-10 "free of charge"; den-02 moves from "free" to "free of charge", its first claim's
 * amount, still not its gold £25, which the second claim states). Every other figure unchanged: chat own 35.8%,
 * ownzh 55.0%, SQuAD 70.7%, hotpot 41.6%, product own 35.4%, ownzh2 42.5%; gold∈answer, answered and abstained
 * unchanged on every set; mean highlight ≤ 2.3 words.
 * Review of the round (read-only reviewer): the pattern caught questions that ask no amount ("Is parking free?",
 * "Can I charge the headphones…?", "Is the fee refundable?", "Do you charge my card on the 1st?", "Do I need a
 * credit card for the free trial?", an embedded "how long…"), and the first amount could contradict the
 * sentence's own yes or no ("We don't charge for returns, except for oversized items (£15)" → "£15"; "no fee …
 * over $50" → "over $50"). Fixed: the question must ask whether one pays (charge me/for/extra, a/any/extra fee or
 * charge, pay for/extra/anything, cost anything), not about the fee's terms, how or when to pay, or whether
 * something is free; its slot is yes/no or none; a figure a condition bounds ("over £50") is skipped; a "no",
 * "not" or "included" of the sentence before the figure, outside a condition's clause ("If you do not attend…"),
 * leaves the polarity. Unit tests fail without the fix. Judged on dev: every chat and product dev figure unchanged
 * (the round's gains, car-02 and den-10, kept).
 * Test halves, read once after session 18's three rounds and their review fixes (`--sets own,squad,hotpot,cmrc,ownzh
 * --split test --configs chat`, `--sets own,ownzh --split test --configs product`), nothing changed after: chat own
 * 63.0 / 69.0 / 65.1 / 27.5%, SQuAD 80.7 / 82.3 / 35.0 / 52.5%, hotpot 60.5 / 63.0% (34.7%), CMRC 82.1% (37.1%),
 * ownzh 48.4 / 51.6 / 68.2 / 50.0%; product own 58.0 / 68.0 / 62.8 / 23.5% (22.1% before), ownzh 51.6 / 58.1 /
 * 63.6 / 44.4%.
 * Table-row round (session 19), written and committed before the change is written, from the dev highlight misses
 * of own and en3 (chat): a table row is highlighted with a cell of a row the question does not name ("What is the
 * hotel limit in Paris?" → "€180" from "City: Berlin; Hotel limit per night: €180…", while the next claim says
 * "For cities not listed, the hotel limit is $200 per night"; tr-08); a row the question names is not read when
 * an earlier prose claim states a fact of the asked kind ("What does the unlimited flex membership cost a month?"
 * → "2" from a claim about pausing, while "Plan: Flex Unlimited; Price per month (excl. VAT): £189" is a later
 * claim; cw-01; den-04 the same with "Day: Saturday; Hours: 9:00 – 13:00"); a price asked of a row whose figure
 * stands in a cell of another header gets none ("bikes up to €4,000" under "What Northwind pays"; pb-13). Change
 * (highlight only): (a) a row whose key (first) cell the question does not contain, while the question names a
 * capitalised thing the row does not contain, gives no highlight; (b) a claim that is a row the question names
 * (rowAnswersQuestion) is read before every other claim, whatever its document; (c) a price question whose row
 * has no price column takes the first money amount stated in one of the row's cells. It ships iff, on dev against
 * the code before it: hl∋gold rises on chat own, chat en3 or product en3; hl∋gold falls on no dev set (chat own,
 * SQuAD, hotpot, ownzh, en3; product own, ownzh2, en3); gold∈answer, answered and abstained are unchanged on every
 * set; the mean highlight stays ≤ 3.0 words. Parts that fail it are removed and the rest judged again by the same
 * rule. No test half is read for it.
 * Outcome (dev, against the code before it): ships. hl∋gold chat own 35.8 → 37.0%, chat en3 40.5 → 45.9%, product
 * own 35.4 → 36.6%, product en3 42.1 → 50.0% (cw-01 "£189", den-04 "9:00 – 13:00", pb-13 "€4,000", and in product
 * rw-11 "20 working days"; tr-08 now takes the next claim's "$200", without its "per night", so still no hit).
 * Every other figure unchanged: chat ownzh 55.0%, SQuAD 70.7%, hotpot 41.6%, product ownzh2 42.5%; gold∈answer,
 * answered and abstained unchanged on every set; mean highlight ≤ 2.3 words. The first dev run lost en-01 ("What's
 * the electricity price per kWh…?"): the "Wh" inside "kWh" was read as a name the row lacks; a name must start a
 * word, and the figures above are the run after that fix. (c) is narrowed to questions the amount slot does not
 * read ("What's the most expensive…"): a "How much…" question keeps the amount slot's choice nearest its words.
 * Bound-and-rate round (session 19), written and committed before the change is written, from the dev highlight
 * misses of own (chat and product): a highlight drops what makes its figure the answer. "How long does it take
 * you to answer an email?" → "one business day" from "e-mails are answered within one business day" (ka-19: the
 * answer is a deadline, "within"); "What is the hotel limit in Paris?" → "$200" from "the hotel limit is $200 per
 * night" (tr-08: a limit per night, as an amount highlight keeps "$0.60 per mile" already); "Which month's salary
 * includes the bonus?" → "15th" from a later claim, while the first says "The bonus is paid with the April salary"
 * (pb-20: a bare month name is no date span, so the question's month is never found). Change (highlight only;
 * slotSpans, which the gate reads, is left as it is): (a) a duration span preceded by "within" takes it, as
 * "up to" and "at least" are taken now; (b) the figure a measure noun's question finds ("What is the … limit")
 * keeps its rate ("per night", "a month"), as amounts do; (c) a question that asks which or what month is
 * answered by a month name the claim states and the question does not. It ships iff, on dev against the code
 * before it: hl∋gold rises on chat own or product own; hl∋gold falls on no dev set (chat own, SQuAD, hotpot,
 * ownzh, en3; product own, ownzh2, en3); gold∈answer, answered and abstained are unchanged on every set; the mean
 * highlight stays ≤ 3.0 words. Parts that fail it are removed and the rest judged again by the same rule. No test
 * half is read for it.
 * Outcome (dev, against the table-row round's code): ships. hl∋gold chat own 37.0 → 40.7%, product own 36.6 → 40.2%
 * (ka-19 "within one business day", pb-20 "April", tr-08 "$200 per night"; rw-09 and sh-12 stay misses, now
 * "within 3 working days" and "within 30 days", the wrong claim's deadline as before). Every other figure
 * unchanged: chat en3 45.9%, ownzh 55.0%, SQuAD 70.7%, hotpot 41.6%, product ownzh2 42.5%, en3 50.0%; gold∈answer,
 * answered and abstained unchanged on every set; mean highlight ≤ 2.4 words.
 * Review of the table-row round (read-only reviewer): (b) put a base-rate row before the prose exception the
 * question asks about ("What's the hotel limit in London during conference weeks?" → the row's £240 over "During
 * conference weeks the London hotel limit rises to £300"; yearly prices, late fees, seniority the same), and a
 * common cell ("Billing: monthly") made a row "named"; (a) took the highlight away for a weekday or month ("…on a
 * Sunday"), an acronym the row spells out ("EU" for "Europe", "UK"), an accent ("Zurich" for "Zürich") or a
 * sentence's first word; (c) took a condition's threshold ("salary over €30,000", "free on orders over €50") and
 * answered "cheapest way/month" and yes/no questions with a figure. Fixed: a row is read first only when the
 * question names its key cell, and not past an earlier claim of its document that states a fact of the asked
 * kind about the row's key with a question word the row lacks; (a) skips days, months, acronyms the row spells
 * out and sentence openings, and folds accents (a capitalised condition such as "…if I pay by Visa" still takes
 * the row's highlight away: no bold figure is a smaller fault than another row's); (c) skips thresholds,
 * "cheapest way/month…" and yes/no questions. Review of the bound-and-rate round: the month rule took the month
 * of a full date alone ("In what month and year…" → "March" for "March 1998"), the first month of the sentence
 * whatever its clause, a month inside a name ("March Madness", "June Carter") and a title-case verb ("Payments May
 * be deferred"), and matched "may" inside "mayor"; a rate stopped after one word ("23 kg per checked"). Fixed: a
 * sentence with a date span holding a month is left to the date slot; among month names the one of the asked
 * clause, nearest the question's words, wins (the date slot's chooser, now one function); a month before a
 * capitalised word, a "May" after no preposition or article and a month the question names as a whole word are
 * skipped; "month and year" and "month-end" are no month question; a rate's noun may take one word before it. Unit
 * tests fail without each fix. Judged on dev against the bound-and-rate round's code: every chat and product dev
 * figure unchanged (both rounds' gains kept; a first version of the (b) fix lost cw-01 and den-04 and was
 * narrowed to the rule above before this reading).
 * Bound-and-decimal round (session 19), written and committed before the change is written, from ownzh dev's
 * highlight misses and an older review: "生病请假几天以上要开医院证明？" is highlighted "2天" from "连续请病假超过2天的，须提供
 * 二级以上医院出具的诊断证明" (hr-06): the threshold asked is "超过2天", and an English highlight keeps its bound already ("more than
 * 1,600", "up to $500"); and a count question over a sentence stating "0.65%" is highlighted "0": the bare-number
 * pattern stops before ".65" when the percent sign after it rules out the whole figure (an earlier session's reviewer).
 * Change: (a) highlight only (withUnit): a Chinese bound right before a count, amount, duration or percentage
 * (超过, 不超过, 满, 至少, 最多, 最少, 不少于, 不低于, 低于, 高于, 不足, 少于, 多于) is part of it; (b) the count
 * slot's bare number never ends inside a figure (a decimal point or a thousands comma with a digit after it).
 * (b) changes slot spans, which the gate reads (slotMissing). It ships iff, on dev against the code before it:
 * hl∋gold rises on chat ownzh or product ownzh2; hl∋gold falls on no dev set (chat own, SQuAD, hotpot, ownzh,
 * en3; product own, ownzh2, en3); gold∈answer, answered and abstained are unchanged on every set; the mean
 * highlight stays ≤ 3.0 words. Parts that fail it are removed and the rest judged again by the same rule. No test
 * half is read for it.
 * Outcome (dev, against the code before it): ships. hl∋gold chat ownzh 55.0 → 60.0% (hr-06 "超过2天"); product
 * ownzh2 42.5% unchanged (card-05 now "不少于3个月", the wrong claim's figure with its bound, still a miss). Every
 * other figure unchanged: chat own 40.7%, en3 45.9%, SQuAD 70.7%, hotpot 41.6%, product own 40.2%, en3 50.0%;
 * gold∈answer, answered and abstained unchanged on every set ((b) moved no gate decision); mean highlight ≤ 2.4
 * words. A unit test of the unit round now expects "最多200人" for "标准版最多能有多少人" (the bound, as "up to 200").
 * Review of the round (read-only reviewer): a negated bound lost its negation and said the reverse ("入职未满1年…"
 * → "满1年", "不满99元" → "满99元", "不高于24%" → "高于24%", "没有超过30天" → "超过30天"); the 满 of 期满 ("on
 * expiry") read as a bound; Traditional forms (超過, 滿) were missed; and a figure with two separators could be
 * matched from its middle ("2.0.1" → "0.1", "12.03.2024" → "03.2024"). Fixed: negated bounds are taken whole,
 * 期满 / 届满 are skipped, Traditional forms are listed, and a bare number does not start after a digit and a
 * separator. Unit tests fail without the fix. Judged on dev: every chat and product dev figure unchanged.
 * Test halves, read once after session 19's three rounds and their review fixes (`--sets own,squad,hotpot,cmrc,ownzh
 * --split test --configs chat`, `--sets own,ownzh --split test --configs product`), nothing changed after: chat own
 * 63.0 / 69.0 / 65.1 / 29.0% (27.5% before), SQuAD 80.7 / 82.3 / 35.0 / 52.5%, hotpot 60.5 / 63.0% (34.7%), CMRC
 * 82.1% (37.1%), ownzh 48.4 / 51.6 / 68.2 / 50.0%; product own 58.0 / 68.0 / 62.8 / 25.0% (23.5% before), ownzh
 * 51.6 / 58.1 / 63.6 / 44.4%. Only the own set's highlight moved (+1.5 points in each config).
 * Probe after the reading (a helper's own three documents and 67 questions, never seen here; 48 of 65 scored
 * highlights held the expected answer): a month range was cut ("open from May to September" → "May") and "what
 * months…" was no month question. Fixed as a review fix of the bound-and-rate round (months joined by ranges(),
 * "months" read); judged on dev: every chat and product dev figure unchanged. No test half was read again.
 * Probe-leftovers round (session 20), written and committed before any change of the round is written: the
 * probe's failures above that the session-19 changes did not touch, rebuilt as unit cases (its documents are
 * gone): (a) a two-event sentence gives the other event's clock ("What time is check-out?" → "3:00 pm" from
 * "Check-in is from 3:00 pm and check-out is by 11:00 am"); (b) a when-question over a sentence that dates by a
 * bare month ("…is closed for cleaning every August", "…open from May to September") gets no highlight, or a
 * price ("When is the maintenance fee charged?" → "$39"); (c) a minimum-age question gets none ("What is the
 * minimum age to join?" over "…at least 16 years old") or a cut one ("least 16 years"); (d) "万分之五" is no
 * figure; (e) "学生卡打几折" does not reach a 折扣 cell; (f) "Which plan has no minimum term?" gets the cell
 * ("none"), not the row's key. Highlight only. Each change ships iff its unit case fails without it and, on dev
 * against the code before it (chat own, SQuAD, hotpot, ownzh, en3; product own, ownzh2, en3), no hl∋gold falls,
 * gold∈answer, answered and abstained are unchanged on every set, and the mean highlight stays ≤ 3.0 words (the
 * cases come from a probe, not dev, so no dev gain is asked). No test half is read for it. Held-out check: two
 * new sets, eval/data/answering-en4 and answering-zh3, are being written now by helpers who read no code and no
 * other set, before any change of the round; they are run once, on the session's start commit (22f2710) and on
 * its final code, and reported as they come out; nothing is changed after that reading.
 * Added to the round before its change is written: (g) the gate's rival-name check for table rows
 * (namesOtherThing) reads a capitalised run from inside a word ("Wh" of "kWh" in "the 750 kWh Lumora"), a
 * bug noted in session 19. Gate-affecting; it ships iff every dev figure above (gold∈answer, answered,
 * abstained, hl∋gold, chat and product) is unchanged, as a bug fix, with a unit test that fails without it.
 * Outcome (dev, against the code before the round, after both reviews' fixes): every chat and product dev figure
 * unchanged (gold∈answer, answered, abstained, hl∋gold; mean highlight ≤ 2.4 words); one highlight text moved and
 * stays a miss (ownzh vip-01 "18元" → "18元/月"). The probe's cases pass as unit tests that fail without the round.
 * Two read-only reviews found regressions in the first versions: "and" splitting a subject ("Students and seniors
 * are charged…", "Checked bags and…"), a month of another thing ("orders placed in December", "items sold in…")
 * put before a deadline or the asked verb's month, counts and ranges read as ages ("10+ rooms", "16-25 year
 * olds" cut), age and "age limit" questions that ask a price or a yes/no, "What room rate…" answered by the key,
 * 费率 / 免费次数 / 评价 headers read as a price, 三千分之一 read as 千分之一. Each is fixed with a unit test.
 * Notice round (session 20), written and committed before the change is written, from en3 dev's highlight misses:
 * "How much notice do I need to give to cancel a Flex plan?" is highlighted "1" (cw-12, chat and product) from
 * "…can be cancelled with 1 month's notice": "how much" asks for money, none is stated, and the bare number is
 * taken. Change (highlight only): "how much notice" asks for a duration, and a duration keeps the "notice" that
 * follows it ("1 month's notice", "30 days' notice", "two weeks' written notice"). It ships iff, on dev against
 * the code before it, hl∋gold rises on chat or product en3; falls on no dev set (chat own, SQuAD, hotpot, ownzh,
 * en3; product own, ownzh2, en3); gold∈answer, answered and abstained are unchanged on every set; the mean
 * highlight stays ≤ 3.0 words. No test half is read for it.
 * Outcome (dev, against the probe-leftovers round's code): ships. hl∋gold chat en3 45.9 → 48.6%, product en3 50.0 →
 * 52.6% (cw-12 "1 month's notice"); every other figure unchanged, gold∈answer, answered and abstained on every set
 * too (the question's slot, which the gate reads, moved no gate decision); mean highlight ≤ 2.4 words.
 * Between round (session 20), written and committed before the change is written, from en3 dev's highlight
 * misses: (a) "between the 1st and the 28th" is highlighted "1st" (en-08) and "between 00:30 and 04:30" would be
 * "00:30": a range given as "between X and Y" is cut to its first end, where "X to Y" is joined already; (b) "When
 * is the cheap rate?" is highlighted "24.8p per kWh" (product en-04), a table row's price cell read before the
 * claim that states the hours: a "when" question's row cell is taken only when it states a date or a time.
 * Highlight only. Each part ships iff, on dev against the code before it, hl∋gold rises on chat or product en3;
 * falls on no dev set (chat own, SQuAD, hotpot, ownzh, en3; product own, ownzh2, en3); gold∈answer, answered and
 * abstained are unchanged on every set; the mean highlight stays ≤ 3.0 words. No test half is read for it.
 * Added before the dev reading, after trying (a) on its cases: en-08's "1st" is no date span at all (the gap
 * picker's number), so (a) also reads a day of the month as a date ("the 1st", "the 28th of each month", not "the
 * 3rd floor"). That span is read by the gate too; the rule above (gate figures unchanged) covers it.
 * Dev reading (against the notice round's code): (a) with the day-of-month date span costs own 2 correct answers in
 * each config (chat own 75.5 / 79.4 → 73.5 / 78.4%, product own 75.5 / 80.4 → 73.5 / 79.4%; the gate reads date spans)
 * while hl∋gold rises on en3 (chat 48.6 → 51.4%, product 52.6 → 57.9%): it fails the rule and is not shipped. Tried
 * next, written before its reading: (a') the day of the month read for the highlight's date spans only, not as a
 * slot span the gate reads, with (a)'s "between" join and (b); judged by the same rule against the notice round's code.
 * Outcome of (a') with (b) (dev, against the notice round's code): ships. hl∋gold chat en3 48.6 → 51.4% (en-08 "the
 * 1st and the 28th"), product en3 52.6 → 57.9% (en-08, and en-04 "00:30 and 04:30", which needs (b) too); every other
 * figure unchanged, gold∈answer, answered and abstained on every set too; mean highlight ≤ 2.5 words.
 * Review of the notice and between rounds (read-only reviewer): the row check used the question's raw slot, so a
 * "when" clause inside a what-question lost its cell ("What is the unit rate when I pay by direct debit?" → none),
 * and it refused any cell without a date span ("Pay day: the 25th", "Refund time: 5-10 business days"); its
 * fallback did not join ranges; a day the question gives was taken ("…if I move in after the 15th?" → "the 15th");
 * one ordinal of a list was read as a day ("the 3rd and 4th floors", "the 2nd and 4th Tuesday") and a day that
 * anchors a deadline took its place ("within 14 days of the 1st" → "the 1st"). Fixed: the slot with the when-clause
 * stripped; only a price, percentage or rate cell is refused; ranges joined; asked days skipped; a list of days is
 * one span with no noun after its last; a day after "<duration> of/after/from/before" is skipped. Unit tests fail
 * without each fix. Judged on dev against the round's code: every chat and product dev figure unchanged. The notice
 * round's cases were found fine.
 * Held-out reading (en4: 60 answerable + 40 unanswerable English questions over five new documents; zh3: 48 + 32
 * Chinese over four; written by helpers who read no code while the probe-leftovers round was made, read once on the
 * session's start code (22f2710 with the sets' wiring, dd17961) and once on its final code (9c14f25), with `--sets
 * en4,zh3 --split test --configs chat` and `--configs product`; gold∈answer / answered / abstained / hl∋gold):
 * chat en4 38.3 / 45.0 / 32.5 / 25.9 → 38.3 / 45.0 / 32.5 / 29.6%, zh3 22.9 / 31.3 / 53.1 / 46.7% both; product en4
 * 35.0 / 43.3 / 32.5 / 30.8 → 35.0 / 43.3 / 32.5 / 34.6%, zh3 39.6 / 43.8 / 43.8 / 42.9% both (one en4 question
 * refused by the input checks, in both). The session's rounds moved only the English highlight (+2 questions in
 * each config). The answerer itself does far worse on these documents than on the dev sets its rules were drawn
 * from (own dev 75.5%, en3 55.0 / 58.3% gold∈answer): answers and abstentions, not highlights, are what fresh
 * documents lack. Nothing was changed after this reading; en4 and zh3 stay test sets.
 * Fresh dev sets en5 (five English documents, 60 + 40) and zh4 (four Chinese, 48 + 32), written after that reading by
 * helpers who read no code and no other set, for later rounds to draw rules from. First reading (dev, final code of
 * the session, `--sets en5,zh4 --split dev --configs chat|product --misses`): chat en5 43.3 / 48.3 / 50.0 / 27.6%, zh4
 * 18.8 / 31.3 / 68.8 / 20.0%; product en5 41.7 / 46.7 / 45.0 / 25.0%, zh4 27.1 / 41.7 / 56.3 / 15.0%. Of product en5's 60
 * answerable questions 21 abstain with the gold in the prompt and 11 with retrieval's miss, 3 answer wrongly; 22 of 40
 * unanswerable are answered (zh4: 25 abstain with the gold in the prompt). The chat curve on en5 (38.3% answered
 * correctly at 50% of unanswerable abstained) shows the gate's score barely separates the two on fresh documents:
 * a threshold cannot fix that; the next round's work is the gate's signals on such documents. No change was drawn
 * from these sets in this session.
 * Fresh-documents gate round (session 21; rule written before the product change, drawn from en5 dev). Exploration
 * on dev only (the chat answerer forced to answer, its gate features per question, read by a scratch script): on en5
 * the shipped gate ranks correct answers BELOW unanswerable questions (AUC, correct vs unanswerable, 0.454; own dev
 * 0.876, SQuAD dev 0.701, en3 0.711). Its lexical features are inverted there (idfCoverage 0.426, unseenShare 0.412):
 * the answerable questions paraphrase ("flippers", "ladies-only") and tell a story first ("My son is 16. Can I…"),
 * while the unanswerable ones reuse the documents' words ("yearly pass" against a monthly one). A gate fitted on own
 * and SQuAD dev alone reaches 0.457 on en5 whatever its features; with en3 among its training rows, 0.531
 * (leave-one-set-out: fitted on three of own, SQuAD, en3, en5 and read on the fourth).
 * Change: (1) the gate's term features (coverage, idfCoverage, unseenShare, rarestMissing, proximity) read the
 * sentences that ask, not a story before them (askedSentences, which negationMismatch already reads); (2) a new
 * feature `unlinkedMissing`: the asked content words the gate's sentence lacks that WordNet links to none of its
 * words (same synset, a hypernym or hyponym within two steps, a holonym within two, a meronym or derivation within
 * one), capped at 3 and divided by 3: "flippers" is linked to "fins", "ladies" to "women", "Spain" to "EU", while
 * "yearly", "Japan", "cargo" are linked to nothing of a sentence that does not answer them; (3) the English gate
 * (USE_LITE_ANSWERING_MODEL) refitted on four English dev sets, own dev, SQuAD dev, en3 and en5, each weighing the same
 * (SQuAD weighing half, tried, lowered the leave-one-set-out AUC of en3 and en5); (4) its threshold: the highest that
 * keeps >= 85% of the correct answers on own dev and on SQuAD dev. The fit's old rule said 90%, but the shipped
 * threshold (0.48) keeps 86.5% of own dev's today (later rounds moved the features): 85% keeps the product's
 * operating point where it is, so the refit changes which answers pass, not how many.
 * Evidence for (1) and (2), leave-one-set-out AUC before → with (1) → with (1)+(2): own 0.690 → 0.724 → 0.764, SQuAD
 * 0.551 → 0.546 → 0.552, en3 0.697 → 0.689 → 0.727, en5 0.509 → 0.531 → 0.572.
 * Accepted if, on `eval answering` dev (chat: own, squad, hotpot, en3, en5; product: own, en3, en5): own dev's
 * gold∈answer and abstained each stay within 2 points of today in both configurations, and en3's and en5's
 * gold∈answer + abstained does not fall in either configuration. SQuAD dev abstains less (its weight halves): reported
 * as is. en3 and en5 are in the fit, so their dev figures flatter it; the held-out en4 is read once more after the
 * round, as the honest figure.
 * As built, and what the first dev reading changed (all on dev): the WordNet link has no meronym step (a part of the
 * asked word linked "yearly" to "monthly" through year/month), and a word is looked up by its first form that is a
 * lemma ("letter" is not "let" with an ending). The first dev reading met the rule on own, en3 and en5, but hotpot dev
 * (multi-hop, all answerable; not in the rule) fell 60.9 → 44.3% gold∈answer in chat: a second hop's words are not in
 * the best sentence. The read-only review found real faults, fixed with unit tests that fail without them: a shared
 * part of hyphenated words ("ladies-only" against "Men-only") hid the differing one, a letter of another script read
 * as its low byte, and a story's names were dropped with it ("I have the Pebble plan. Can I roll data over?" against
 * the Granite plan's sentence): a story's capitalised words now stay. Then three ways to spare hotpot were fitted
 * (dev, calibration script): hotpot among the fitted sets (own's leave-one-set-out AUC 0.80 → 0.67, own unanswerable
 * abstained 52%: rejected), the runner-up sentence read with the best one (hotpot kept 65% of its correct answers,
 * own abstained 61%), and the runner-up only when it comes from the best sentence's own source (the passage's second
 * hop; a sentence of another document does not complete the first's fact). The last is shipped: leave-one-set-out
 * AUC own 0.708 → 0.817, SQuAD 0.545 → 0.539, en3 0.688 → 0.762, en5 0.532 → 0.593 (these replace the exploration's
 * figures above); in-sample at its threshold 0.46, kept of correct / unanswerable abstained: own 86.5 / 75.0%, SQuAD
 * 94.3 / 22.9%, en3 76.1 / 72.5%, en5 61.4 / 65.0%, hotpot 63.9% kept (the gate before kept about 65%). Added to the
 * acceptance before the second dev reading: hotpot dev's gold∈answer within 2 points of 60.9%, and the Chinese dev
 * figures (ownzh chat, ownzh2 product, zh4 both) unchanged within 2 points, since the asked-sentence reading also
 * reaches the lexical gate Chinese questions use.
 * Second dev reading (before → after; gold∈answer / answered / abstained / hl∋gold): chat own 75.5 / 79.4 / 68.2 /
 * 40.7 → 76.5 / 82.4 / 75.0 / 36.9%, en3 55.0 / 61.7 / 62.5 / 51.4 → 60.0 / 71.7 / 72.5 / 41.9%, en5 43.3 / 48.3 / 50.0 /
 * 27.6 → 46.7 / 46.7 / 62.5 / 25.0%, SQuAD 88.7 / 89.7 / 44.6 / 70.7 → 93.3 / 94.3 / 22.9 / 68.3%, hotpot 60.9 / 65.5 →
 * 59.6 / 64.7%, ownzh and zh4 unchanged; product own 75.5 / 80.4 / 68.2 / 40.2 → 72.5 / 78.4 / 68.2 / 38.8%, en3 58.3 /
 * 63.3 / 52.5 / 57.9 → 53.3 / 61.7 / 65.0 / 43.2%, en5 41.7 / 46.7 / 45.0 / 25.0 → 46.7 / 46.7 / 62.5 / 25.0%, ownzh2
 * and zh4 unchanged. Product own's gold∈answer fell 3.0 points: the rule's 2 were missed. Of the answers it lost,
 * ab-07 ("…locked for non-payment?") counted the prefix "non" as a missing word: a hyphenated prefix (non-, pre-,
 * co-…) is no word now (a unit test fails without it), the gate refitted (leave-one-set-out AUC own 0.818, SQuAD
 * 0.538, en3 0.762, en5 0.592; threshold 0.46 unchanged) and read a third time, judged by the same rule. The others
 * are paraphrases WordNet cannot link ("keep unused days" against "roll over", "help desk hours" against "8 am to
 * 6 pm"): what the feature costs.
 * Third dev reading (refitted gate): chat own 76.5 / 82.4 / 75.0 / 36.9%, en3 58.3 / 70.0 / 72.5 / 40.5%, en5 46.7 /
 * 46.7 / 65.0 / 25.0%, SQuAD 93.3 / 94.3 / 22.9 / 68.3%, hotpot 59.6 / 64.7%, ownzh and zh4 unchanged; product own
 * 73.5 / 79.4 / 68.2 / 38.3%, en3 53.3 / 61.7 / 65.0 / 43.2%, en5 46.7 / 46.7 / 62.5 / 25.0%, ownzh2 and zh4
 * unchanged. Every point of the rule holds (product own gold∈answer −2.0, at the bound): shipped. hl∋gold fell
 * where the gate now passes other questions (chat en3 51.4 → 40.5%, product en3 57.9 → 43.2%).
 * Held-out en4, read a third time after the round (`--sets en4 --split test`, chat then product; first two readings
 * above): chat 38.3 / 45.0 / 32.5 / 29.6 → 40.0 / 45.0 / 45.0 / 25.9%, product 35.0 / 43.3 / 32.5 / 34.6 → 33.3 /
 * 38.3 / 42.5 / 30.4%. On unseen documents the round abstains on 4-5 more of 40 unanswerable questions and answers
 * one more (chat) or one fewer (product) of 60 answerable correctly: a real gain, far smaller than dev suggests. zh3
 * was not read again: nothing Chinese moved on dev.
 * A second read-only review, after that reading, found: a sign-off after the question or the opening word of a story
 * sentence read as a story's name ("Can I roll data over? Thanks, Anna Smith"), a name hidden as a substring of the
 * asked text, and a stand-alone "post" dropped as a prefix; fixed, each with a unit test that fails without it. The
 * refit on the fixed code gives the same model and the same dev lines (calibration script), so the readings stand.
 * Left as risks for a later round: a same-chunk runner-up that holds the asked word can cancel the feature ("Yearly
 * passes are sold at the desk" beside "A monthly pass costs £32"); two-letter words (EU, UK, US) are not read; a
 * plural WordNet lists as a lemma of its own ("days", "hours", "arms") loses its singular's links.
 *
 * Spoken-Chinese round (session 22). Where zh4 dev loses answers in the product (`--sets zh4 --split dev --configs
 * product --misses`, and the forced answers on the product's own sources): of its 48 answerable questions the gold is
 * in the prompt for 45, the answer forced past every gate holds it for 28, and the product answers 13. So the losses
 * are the sentence choice and the gates, not retrieval. Of the 17 wrong choices with the gold in the prompt, several
 * are customers' words against the documents' for the same thing: "三百兆的宽带" against "300M", "一个钟头以后"
 * against "首1小时…之后每小时5元", "晚上十一点", "礼拜一". The Chinese measures compare characters, so these share
 * nothing. Leave-one-set-out AUC of the Chinese gate refitted on ownzh, zh4 and ownzh2 dev (exploration, nothing
 * shipped) is no better than the best sentence's support alone (zh4 0.70 chat, 0.63 on the product's sources), so a
 * refit on the same features is not tried.
 * Change: the answerer's Chinese character measures (chineseOverlap, which ranks the sentences, and the Chinese gate's
 * features) read the question and the sentences through one normalisation, `writtenChinese` (packages/text): numerals
 * of quantities as digits ("三百" before a measure word, "十一点", "第二位"), and general spoken or informal forms as
 * written ones (钟头 → 小时, N块(钱) → N元, N号 → N日, N兆 → NM, 周岁 → 岁, 星期/礼拜 → 周). The list is of pairs
 * that hold in Chinese in general, not of one set's wording. Retrieval's tokenizer is not changed in this step. The
 * gates are not refitted: the features mean what they meant.
 * Rule, on dev only: zh4 gold∈answer does not fall in either configuration (chat, product) and rises in at least one;
 * zh4 abstained falls by at most one question (3.1 points) in each; ownzh (chat) and ownzh2 (product) gold∈answer
 * within 2 points and abstained within one question; CMRC dev (chat) gold∈answer and hl∋gold within 1 point; own dev
 * (chat) unchanged, as no English path changes. Honest note: a first draft was read on zh4, ownzh, ownzh2, CMRC and
 * own dev before this rule was written (zh4 chat 18.8 → 20.8% gold∈answer, product 27.1 → 29.2%; ownzh2 abstained
 * 70.0 → 67.5%; CMRC and own dev unchanged); the rule's bounds were not moved to fit it. zh3 (held out, read twice in
 * session 20) is read once more after the round.
 * Reading (dev, the shipped code; gold∈answer / answered / abstained / hl∋gold): zh4 chat 18.8 / 31.3 / 68.8 / 20.0 →
 * 20.8 / 31.3 / 71.9 / 20.0%, product 27.1 / 41.7 / 56.3 / 15.0 → 29.2 / 41.7 / 56.3 / 15.0%; ownzh chat 64.3 / 71.4 /
 * 69.6 / 60.0 → 64.3 / 67.9 / 69.6 / 57.9% (a wrong answer now abstains); ownzh2 product 53.0 / 60.6 / 70.0 / 42.5 →
 * 53.0 / 60.6 / 67.5 / 40.0% (one unanswerable question more is answered, within the bound); CMRC dev 83.0% gold∈answer
 * and 37.2% hl∋gold, unchanged; own dev chat unchanged (76.5 / 82.4 / 75.0 / 36.9%). Every point holds: shipped. A
 * small gain, one or two questions of zh4's 48: most wrong choices are paraphrase that no character measure can see
 * ("两个孩子一起报名" against "兄弟姐妹同时报名"), and no Chinese synonym resource or sentence encoder with a licence
 * the product can ship is on npm (node-synonyms is GPL-3.0).
 * Held-out zh3, read a third time after the round (`--sets zh3 --split test --configs chat,product`, before and
 * after in the same session): chat 22.9 / 31.3 / 53.1 / 46.7% and product 39.6 / 43.8 / 43.8 / 42.9%, unchanged.
 * A read-only review then found that the first version broke the round's own premise in places: whether a numeral
 * became digits hung on the character after it, so "十一放假" (question) and "十一期间" (document) parted; "哪一"
 * lost its question word to "哪1"; two digits together took a value ("一两个月" → 12个月); a weekday's digit ran
 * into the time after it ("周六十点" → 周60点); full-width digits were not read; a sentence whose only Han was "兆"
 * fell to the all-Latin guard. Fixed, each with a unit test that fails without the fix: a run with a unit is a
 * number whatever follows it, two digits together have no value, question words go before numerals are read, a
 * weekday is written "周N " apart from what follows, NFKC first, the guard reads the sentence as written, and
 * termMissing reads the words as typed (its meaning unchanged). The dev lines above are the same on the fixed code
 * (CMRC 1st∋gold 73.5 → 73.7%, as before the round); zh3 is read again on it at the end of the session.
 * An extension, judged by the same rule, passed it (zh4 hl∋gold one question more in chat and product): lexicalTerms
 * (packages/text) wrote Chinese as documents write it too, for the highlight and the lexical gate. A second
 * read-only review found that it broke callers that read terms against the raw text: table-row keys drop digit
 * terms (answer-slot's rowKeyTerms), so "周一" and "周六" rows keyed alike and a named row skipped every gate
 * ("周六几点开门" answered with Monday's hours where it abstained); nearestToQuestion searched written-form terms in
 * the sentence as written. Reverted (197a537): one question of hl∋gold is not worth a class of wrong rows. The same
 * review found the weekday written "周6 " and "每周二十小时" read as Tuesday; a weekday now keeps its Han digit
 * ("周六 "), 周 after 每 or a count and before what it counts is the week ("每周20小时", "每周1次"); the all-Latin
 * guard's words are the ones the customer typed (not digits of written numerals); termMissing reads NFKC. Each has a
 * unit test that fails without it. Dev lines on this code: the round's reading above, unchanged.
 *
 * Numbered-key round (session 22), written and committed before the change, from the second review's finding that
 * a table row's key drops its figures (answer-slot's rowAnswersQuestion and rowKeyTerms): with rows "Model: Pixel
 * 7; Price: $599" and "Model: Pixel 8; Price: $699", "How much is the Pixel 9?" is answered with the Pixel 7's row,
 * since a row the question names skips every gate and "Pixel 7" keys as "pixel". Models, plans, rooms, routes and
 * versions are keyed by a figure beside a word. Change: a key cell's figures count as its words when it has a word
 * too (a cell of figures alone, a price or a date, still names nothing). It ships iff on dev, against the code
 * before it: gold∈answer does not fall and abstained does not fall on own, en3, en5 (chat and product), SQuAD and
 * hotpot (chat), beyond one question per set; hl∋gold does not fall beyond one question; a unit test with the rows
 * above fails without the change.
 * Outcome: shipped by the rule, then REVERTED; the code is as before the round. Three versions were tried. (1) Figures
 * as key words (ba07dda): dev unchanged but for en3's cw-07 in both configurations (one question, within the rule).
 * (2) After a review found it too strict ("the X1 Carbon 11th Gen", "三号机", "1 May" no longer named "X1 Carbon Gen
 * 11", "3号机", "1 May 2025") and too loose through a column's shared words ("the Dell XPS 16" named "ThinkPad 16"):
 * a cell names by its words and its figures must agree, all asked or none the cell lacks (52cc846). (3) A cell
 * stating a price skips the figure check, which restored cw-07 (7a7609c): every dev line then equalled the one
 * before the round. Held-out en4, read on (2) and on (3): chat 40.0 / 45.0 / 45.0 / 25.9 → 38.3 / 43.3 / 45.0 / 23.1%,
 * product 33.3 / 38.3 / 42.5 / 30.4 → 31.7 / 36.7 / 42.5 / 27.3%, one answer lost in each on unseen documents. A
 * third review of (3) then found the fix partial: the check is per cell, so any other cell still names the wrong row
 * ("How much is the Pixel 9 with 128 GB?" through "Storage: 128 GB"; "the Dell XPS 16 with 32 GB RAM" through a RAM
 * cell); any figure of a story blocks the right row ("I have 2 kids, how much is the Family ticket?" against "Family
 * 4"), which also takes highlights away through namesAnotherRow; and an "amount" key ("5 GB for £10", "Free 10 GB
 * tier") skips the check. With a cost on held-out documents and the class not closed, the round is reverted. For a
 * next round: a key cell whose figures conflict with a figure the question gives beside the same words ("Pixel 9"
 * against "Pixel 7") should rule the row out, not just fail to name it, with the story's figures (asked sentences
 * only) and the amount's own figure kept apart; the reviews' inputs are the test cases.
 *
 * Numbered-key round 2 (session 23), written and committed before the change. (a) A row whose key (first) cell
 * gives a figure beside a word that the question's asked sentences give only with other figures is about another
 * thing ("Model: Pixel 7" against "How much is the Pixel 9?"; "Plan: 5 GB" against "the 10 GB plan"; "7号机"
 * against "五号机"): it names no row (rowAnswersQuestion) and its slot is no answer (namesAnotherRow). A figure beside
 * a word: a word that is a lexical term, then a figure, or a figure then such a word, nothing between but spaces;
 * an ordinal ("11th") or a figure run into letters ("7a") is none. Chinese is read through writtenChinese: a figure
 * before 号, 日, 月, 年, 型, 代, 楼, 层, 期 or 级. Naming is otherwise as now: the check only rules rows out. (b)
 * Judged apart, after (a): a row that namesAnotherRow finds about another thing (the question gives a name with no
 * word in the row: "the Dell XPS 16 with 32 GB RAM" against "Model: ThinkPad 16; RAM: 32 GB", named today through
 * its RAM cell) names no row either. Each ships iff on dev, against the code before it: gold∈answer and abstained
 * do not fall beyond one question per set on own, en3, en5 (chat and product), SQuAD and hotpot (chat), ownzh,
 * zh4 (chat), ownzh2 and zh4 (product); hl∋gold does not fall beyond one question per set; and unit tests with the
 * three reviews' inputs hold (Pixel 9 and "Pixel 9 with 128 GB" not answered with the Pixel 7 row; "X1 Carbon 11th
 * Gen", "三号机", "1 May", "I have 2 kids, … the Family ticket" still name their rows), each new rule with a test
 * that fails without it. The held-out sets are read once, at the end, and reported: they decide nothing.
 * Outcome of (a): shipped. Three read-only reviews shaped it; every dev line (all seven sets in chat, five in
 * product, the miss lists too) is identical to the code before it at each version, so the dev sets hold no
 * numbered row and the rule's gate is met without a gain to show. The reviews' inputs are the unit tests. What
 * they changed: a figure before its word ("5 GB", "for 3 people") is a quantity and is not read; month names
 * and weekdays number no row (dates: "May 1" against "1 May 2025"); a less precise figure is the same one ("14"
 * for "14.0", "9" for "9:00", "24" for "2024", "7" for "7s"); a figure that opens a range ("3-5", "1 and
 * later") is not read; lists count ("Pixel 7 or 8", "小米14和15", "3号和5号机"); the whole message is read, as
 * naming reads it ("I want the Pixel 9. How much is it?"), and a figure given to the word anywhere keeps the
 * row; full-width digits, traditional Han, Han right beside a figure ("请问Pixel 9多少钱", "小米15"), 5路 and
 * 号 with its noun are read; and, beyond the rule as written, any cell that numbers the question's word
 * otherwise names nothing ("Office: Room 214" for "Who sits in Room 215?"), not only the key. Left, as found
 * by the third review: a figure before its word in a key ("24-month contract" against "the 12-month
 * contract", "the 43 bus"), Roman numerals ("Tier II"), "#14" and "No. 5", and a date of another day ("May 2"
 * against "May 1, 2025"): each is answered with the row as before the round.
 * (c) Written after (a) shipped, before its code: the same check on sentences. A sentence that numbers a word of
 * the question otherwise ("The Pixel 7 costs $599." for "How much is the Pixel 9?", "3号机每小时200元" for "五号机
 * …") is no candidate for the answer, unless the question asks yes or no ("Does it run on Windows 11?" is
 * answered by "Windows 10 is required"). If no candidate is left, the answer abstains. Same rule as (a) and (b),
 * judged on the same dev lines, with a unit test that fails without it.
 * Outcome of (b): shipped; every dev line identical, a unit test (Dell XPS against ThinkPad 16) fails without it.
 * Outcome of (c): NOT shipped. On dev it stayed within the letter of the rule (zh4 chat gold∈answer 20.8 → 18.8%,
 * one question; zh4 product 29.2 → 27.1%; answered fell by two questions on zh4 in both and on ownzh2 in product;
 * hl∋gold one question fewer on zh4), but what it lost is a class, not noise: trip-07 ("折扣票提前10天改签要多少钱"
 * against "起飞前7天（含）以上") is a threshold, and a read-only review found the same in principle for many sentences
 * that answer while naming another figure of the asked word: thresholds ("aged 12 or older", "since version 3.2",
 * "工作满1年不满10年", "请假2天以上"), neighbours ("What replaced Windows 10?" → "Windows 11…", "after step 2"),
 * sentences about all members but one ("1号线除外"), and yes/no questions that questionSlot does not mark ("I have a
 * Pixel 7. Can I get Android 15?", "…吗？谢谢"). A table row's key names one thing; a sentence does not. If a next
 * round takes it up, it should lower a sentence's support rather than drop it, and only for "which one" questions.
 * (d) Written after (c) failed, before its code, from a product check: with a CSV of Pixel 7 / 8 / 8 Pro rows in
 * the demo collection, "How much is the Pixel 9?" is no longer answered with the Pixel 7's row and price, but the
 * gate still lets the three rows through as an answer (no highlight). Change: a table row with a cell value that
 * numbers the question's word otherwise (the check of (a), cell values only, not headers) is no candidate for
 * the answer, unless the question asks yes or no. Rows only: a row's cells name one thing each, which the
 * review of (c) showed a sentence does not. Same rule as (a)-(c), on the same dev lines, with a unit test that
 * fails without it.
 * Outcome of (d): NOT shipped, though its last version left every dev line identical. The first version lost
 * zh4's wy-01 (one question in chat and product: "一平米一个月" read as 米 numbered 1 against "每平方米2.6元"), mended
 * by reading no Chinese figure before a measure word. Two read-only reviews then found rows that answer yet were
 * dropped, in common table shapes: a cell naming a sibling ("Route: Bus 42; Connects to: Bus 7"), the asked figure
 * in a header's cell ("Level: 2; …; Prerequisite: Level 1"), ranges and thresholds written many ways ("Week 2 until
 * Week 4", "Android 12 (or later)", "over USD 50"); and the range words added for them let rowAnswersQuestion take
 * wrong rows it had refused ("from Platform 2 to Platform 4" read as a range). Each fix invited the next class, and
 * the session had no time for another review, so the code is as before (d): a question about a model the table
 * lacks is answered, past the gate, by the table's rows with no highlight (no longer by one wrong row with its
 * price in bold). The measure-word reading was dropped with it: for a key like "月租30元套餐" the figure before 元 is
 * the name. A next round should read a row's numbered words per column (header and value together) and treat a
 * range as the set it spans, with the reviews' inputs as tests.
 * (e) Written after (d), before its code, from the third review's list of what (a) leaves: a figure joined to its
 * word by a hyphen names which one, as "Pixel 7" does ("24-month contract" is another term than "the 12-month
 * contract", "2-bedroom" another flat than "3-bedroom"); read on both sides, and only with the hyphen (a figure
 * before its word with a space stays a quantity: "for 3 people"). Same rule as (a), on the same dev lines, with a
 * unit test that fails without it.
 * Outcome of (e): shipped; every dev line identical (chat and product, miss lists too). A read-only review found
 * four shapes it ruled out wrongly, each mended with a unit test: a range after the rest of the hyphened word
 * ("5-year-olds and up"), an en dash ("12–36-month"), "12-month to 36-month", and a list in the question ("12- or
 * 24-month"). Left: a threshold stated by its header alone ("Minimum stay: 2-night" against "a 3-night stay").
 * Highlight round (session 24), written before its code, from the dev hl-misses lists (own, en3, en5, hotpot
 * chat): five classes of wrong or missing highlights, each a general reading, not an item's fix.
 * (A) A question word that matches a table's key header ("the 100 GB plan", "the office on Place du Torrent",
 *     "cancel the day before pick-up" against "Plan", "Office", "When you cancel") names the row; the asked
 *     cell is another column the question names, or the kind of value it asks for. The key cell is the
 *     highlight only when no other cell is asked ("Who is the contact for Finance?"); "which plan…" questions
 *     keep askedKeyCell.
 * (B) "interest-free", "duty-free": a hyphened "free" says that no such thing is charged; it states the price
 *     of what the question asks only when the question names that thing, or the word is a price word
 *     ("cost-free", "fee-free", "charge-free", "toll-free").
 * (C) "at no extra charge", "at no additional cost" state that nothing is paid, as "no charge" does.
 * (E) A yes/no question that names a weekday ("Can I reach you by phone on Saturday?", "Are you open on
 *     Sundays?") is answered by that day's hours in the first claim, or by its "closed", when that claim names
 *     the day; as a "when" question naming a day is today.
 * (F) A rate keeps a second "per": "£10 per person per night", "£5 per fuel per month".
 * Each ships iff on dev (chat own, SQuAD, hotpot, en3, en5, ownzh, zh4; product own, ownzh2, en3, en5, zh4),
 * against the code before the round: gold∈answer, answered and abstained unchanged on every set (the slot
 * patterns of B and C also feed the gate, so a change there is read as a loss); no question whose highlight
 * held a gold answer loses it; and unit tests, one per class, fail without it. Test halves and held-out sets
 * are read once at the end and decide nothing.
 * (G) Written while (A)-(F) were judged, before its code, from SQuAD dev's hl-misses ("How wide is the Rhine in
 *     Germany?" highlighted "largest conurbation" in the first claim while the second states "400 m wide"): a
 *     "how wide / tall / high / deep / far / thick" question is answered by a figure. A claim that states no
 *     measure with the question's adjective takes a gap span only when it holds a number, as a typed question
 *     does; else it gives none and a later claim answers. Same gate as (A)-(F), with a unit test that fails
 *     without it.
 * Outcome of (A)-(F): shipped (82651d9). On dev, every gold∈answer, answered and abstained figure and every curve
 * point is unchanged, and no highlight hit was lost; hl∋gold rose on own 36.9 → 38.1 % (chat) and 38.3 → 39.5 %
 * (product), en3 40.5 → 45.2 % (chat) and 43.2 → 48.6 % (product), en5 25.0 → 28.6 % (both). Items mended:
 * ka-17 (Saturday's hours), car-12 (the prepaid column, not the key), en-07 ("£5 per fuel per month"); ski-11
 * ("8:00am to 6:30pm…", not "Main office") leaves the miss list; mob-03 is now a price (£18.00, the monthly
 * one, not the 12-month one asked), mob-05 "no extra charge" and mob-12 "closed" are right but shorter than their
 * gold phrases, pb-22 no longer bolds "interest-free"'s "free". Two read-only reviews shaped it; their inputs
 * are the unit tests: "which" with any verb, "Which is…", "What is the cheapest plan…" and "the branch that
 * opens…" ask for the key; (C) reads a part before or after a spaced dash with the rest of the sentence, so
 * "…- is it refundable?" still rules it out; (E) only for questions about being open or reachable, a day's
 * own "closed" (not another day's after a comma, not one for part of the day), no hours for a day after
 * "except", and none where the sentence speaks of closing otherwise ("closed from 2pm on Saturday"); (B) lists
 * commission-, surcharge-, rent- and penalty-free as price words; (F) takes one word after the second "per"
 * (so "£2 per hour per car park visit" stops at "car": left).
 * Outcome of (G): NOT shipped. On dev it mended one SQuAD item (hl∋gold 68.3 → 68.9 %; "400 m wide") and changed
 * nothing else, but a read-only review found common answers it drops: "a five-minute walk" (a hyphened number
 * word is no number to the gap picker), "a mile", "about a metre", "a couple of miles", and qualitative answers
 * to "how high is the risk/fee" ("very low", "modest"). A next round should count those as quantities and keep
 * (G) to "how wide / tall / deep / thick", or drop only spans that are no content word.
 * Chinese retrieval round (session 24), written before its code. USE-lite reads English only: two unrelated
 * Chinese sentences ("物业费按房屋建筑面积计算…", "逾期缴纳的，每日按应缴金额的万分之五收取滞纳金") get cosine 1.00, so the
 * vector list orders a Chinese query's chunks by noise, and the product's score fusion (vector weight 0.5) mixes
 * that noise into BM25's order. Change: an embedder states the languages it reads (USE-lite: English); a hybrid
 * search whose query is mostly Chinese, on an embedder that does not read Chinese, ranks by BM25 alone. A
 * search asked in vector mode is left as asked. Ships iff on dev through the product (ownzh2, zh4) gold∈answer
 * falls on neither set and rises on one, abstained falls by no more than one question per set, and the
 * English dev lines (own, en3, en5 product) are identical (English queries are untouched); with a unit test
 * that fails without it. zh3 (held-out) is read once at the end and decides nothing.
 * Outcome: shipped (64c86f1). Dev through the product: ownzh2 gold∈answer 53.0 → 57.6 % (+3 of 66), answered
 * 60.6 → 63.6 %, abstained 67.5 → 65.0 % (one question of 40); zh4 gold∈answer 29.2 % and answered 41.7 % as before,
 * abstained 56.3 → 59.4 % (+1); own, en3, en5 identical, miss lists too; Chinese p50 13 → 6 ms (no query
 * embedding). USE-lite does read the digits and Latin words of a Chinese sentence (two sentences with "400元"
 * and "5元" against a Han-only one: cosine 0.67), so the rule drops that little too. The eval's chat
 * configuration still fuses BM25 and USE-lite by plain RRF for every language (it is the answerer's harness,
 * not the product's retrieval), so its Chinese lines do not move.
 * Chinese highlight round (session 24), written before its code, from the product hl-misses of ownzh2 and zh4
 * (dev):
 * (H1) A row's cell the question already names, but for a bracketed note ("普通员工（P1–P5）" for "普通员工出差…",
 *      "Private Office (2 people)" for "the private office"), names the row, as a cell the question holds whole
 *      does: it is not the highlight.
 * (H2) A Chinese question asking how much is paid asks for an amount, not a count: 多少 after 交/付/扣/赔/罚/收/退
 *      ("押金要交多少", "要赔多少") or before a fee noun ("多少手续费", "多少押金", "多少违约金").
 * (H3) Chinese A-not-A questions ask yes or no ("会不会停水", "送不送路由器", "要不要预约"), as 能不能 and 有没有 do.
 * Same gate as the highlight round: on dev (chat own, SQuAD, hotpot, en3, en5, ownzh, zh4; product own, ownzh2,
 * en3, en5, zh4), gold∈answer, answered and abstained unchanged on every set, no highlight hit lost, and a unit
 * test per class that fails without it.
 * Outcome: shipped (b87417f). hl∋gold ownzh2 40.5 → 42.9 % and zh4 15.0 → 20.0 % (product), zh4 20.0 → 26.7 % (chat);
 * every other figure and miss line is the same, except that wy-09's answer (gold 5000元, still answered) drops
 * an unrelated second sentence now that its question asks an amount. Mended: exp-03 ("100元", not the key
 * "普通员工（P1–P5）") and ed-11 ("200元", not "一次"); wy-04 is now "不" (its gold is the phrase "不会停水停电").
 * H3 also takes an A-not-A question's 不 as its form, not a word it gives, or the sentence's 不 was filtered out.
 * Review of the Chinese retrieval round (after it shipped): the same noise clustered content gaps (four
 * unrelated Chinese questions became one gap), and kana and Cyrillic are as unread by USE-lite as Han. Mended in
 * 9a367e4: embedderReads decides per text, search reports the mode that ranked, and a gap question the
 * embedder cannot read joins only the same question asked again. Left: a hybrid search's `score` is a fused
 * score for a query the embedder reads and a BM25 score otherwise (the reply's `mode` says which).
 * (H4) Written after H1-H3 shipped, before its code, from the same lists (card-02, trip-09, ed-07, bb-03, bk-02,
 *      bk-04, wy-07 had no highlight): a Chinese yes/no question about paying, a fee noun right before its 吗
 *      ("要年费吗", "要收钱吗", "还要交安装费吗", "要加钱吗"; not "免费吗", "能退押金吗"), is answered by what is
 *      paid, as the English paid yes/no round does: among the sentence's amounts and its words for "free"
 *      (免费, 免收, 免交, 不收费), not ones the question gives, the one nearest the question's words (a figure after
 *      满 or 超过 is a condition). Same gate as H1-H3, with a unit test that fails without it.
 * Outcome of H1-H4 after a read-only review of all four (97 inputs): H1, H2 and H4 shipped with the review's
 * mends, H3 withdrawn. Final dev against the code before the round: hl∋gold ownzh2 40.5 → 45.2 % and zh4 15.0 →
 * 20.0 % (product), zh4 20.0 → 26.7 % (chat); every other figure the same (wy-09's answer drops its unrelated
 * second sentence). Review mends: H2 reads 交/扣/收多少 as money only before 钱/块/元 or the end ("扣多少积分",
 * "收多少名学生" are counts); H1 keeps a note the question speaks of ("VIP会员（年消费满1万元）" for "…消费多少…");
 * H4 needs 要/需要/还要/有… before the fee noun, so "可以用信用卡交学费吗" and "能报销差旅费吗" ask no price, reads
 * "免运费", "不收取" as free words, and bolds nothing where the sentence prices and waives ("满99元免运费，不满
 * 99元收取运费10元"). H3 is withdrawn: an A-not-A question's polarity, read as the sentence's first 不, bolded
 * unrelated clauses ("不满200元…" for "送不送货上门", "不影响二次销售"), and 怎么/为什么 questions with A-not-A
 * inside are no yes/no questions. Left: an attributive 免费 ("免费蛋糕一份") counts as free; the yes/no
 * fallback still bolds the 不 of a threshold (不满) for a question H4 leaves.
 * (H5) Written after H1-H4 shipped, before its code, from the review's leftover: a yes/no question's polarity is
 *      no 不 that opens a threshold ("不满99元收取运费10元", "不超过3天", "不足1年", "不少于…", "不到18岁"): that 不
 *      bounds a figure, it does not answer no. Same gate as H1-H4, with a unit test that fails without it.
 * Outcome of (H5): shipped; every dev line identical (chat and product, miss lists too), a unit test fails without
 *      it. Rereading it after the first dev reading found "不满意" and "收不到" (no, not thresholds), so the 不 is
 *      skipped only before a figure; dev was read again on that version, identical. No review this time.
 * Polarity phrase round (session 25), written and committed before its code, from the chat dev hl-misses of
 * own, en3 and en5: a yes/no question's highlight is its polarity word alone ("not", "only", "no"), which says
 * neither what is refused nor what the restriction is ("not" for "Flex members are not admitted at weekends",
 * "only" for "Fins and hand paddles are allowed in the fast lane only"). Change: the polarity's highlight is
 * the phrase it governs, within its clause:
 * (P1) a negation takes the auxiliary or copula right before it and the words after it up to its clause's end
 *      (a comma, semicolon, colon, dash or bracket, or but/unless/except/if/when/while/because/whereas/
 *      otherwise), at most eight words after it; cut by that bound, it ends before its last function word:
 *      "are not admitted at weekends", "does not include rollover", "cannot be paid out"; a "no" before a
 *      noun takes that noun phrase on the same terms ("no upper age limit").
 * (P2) an "only" that ends its clause takes the phrase it restricts: back to the nearest preposition within
 *      four words ("on Fridays only", "in the fast lane only"), else the words before it in its clause, at
 *      most two; an "only" before its words takes them as a negation does ("only as a backup method").
 * (P3) Chinese: 不, 没有, 无法, 禁止 take the characters after them up to the clause's end, at most eight
 *      ("不会停水停电").
 * Only the yes/no polarity changes: the paid yes/no amount, the asked weekday's hours and every other slot
 * are left as they are. Ships iff on dev (chat own, SQuAD, hotpot, en3, en5, ownzh, zh4; product own, ownzh2,
 * en3, en5, zh4) gold∈answer, answered and abstained are unchanged on every set, hl∋gold falls on no set and
 * rises on one, no highlight hit is lost, every changed highlight is read by eye for a phrase a reader wants
 * (not a clause's stray tail), and a read-only review's misfires are mended or the part withdrawn; with unit
 * tests that fail without it. The mean highlight length rises by construction and is reported with the
 * figures. Held-out sets are read once at the end and decide nothing.
 * Outcome: shipped, with the mends of a read-only review (78 inputs, about 20 misfires). Dev against the code
 * before the round: hl∋gold en5 28.6 → 32.1 % (chat and product), ownzh2 45.2 → 47.6 % (product); every other
 * figure the same, no highlight hit lost (`--hl-all`, added for this, diffed before and after: of the hits only
 * pool-11 changed, to "in the fast lane only"); mean highlight length en3 2.3 → 2.9, en5 2.5 → 2.8 words (chat).
 * Read by eye, the changed misses: "do not accept cheques", "are not accepted for the deposit", "only as a
 * backup method", "Do not bring pets", "不退"; two were a stray polarity before and are now visibly so ("no
 * right to work" of a relative clause, "were not checked" of a condition). Review mends: a clause that runs
 * past eight words keeps its verb group only ("will not be charged", not "…for cancelling more": a cut inside
 * it dropped the bound); a clause also ends at and/so/nor/although/once/since/where, at 但/除非/如果/否则/不过
 * and at brackets and quotes, but not at the colon of "18:00", the dash of "Mon–Fri" or the stop of "e.g." and
 * "the U.S."; "only if/when …" takes its condition; a clause-final "only" takes a whole range ("from Monday to
 * Friday only") and an "and" before it ("to members and their guests only"); "not only", "whether or not",
 * 不论/不管/不过/不仅/不但/不久/不同/不少/不断/不错 read as no polarity at all; a Chinese phrase takes digits and
 * Latin words ("不支持7天无理由退货") and, past twelve characters, only its verb ("不提供"); a potential verb
 * keeps its verb ("收不到验证码短信"), from closed lists ("自取不上门配送" is "不上门配送"). Left: a negation
 * inside a condition or a relative clause is still read as the polarity (as before the round), and "It's not"
 * takes no auxiliary.
 * Day-and-time round (session 25), written and committed before its code, from the same dev hl-misses
 * (pool-09, mob-12, bike-10): opening times are what a customer-service widget is asked most, and its
 * highlight gives half of them.
 * (Q1) A "when" question whose highlight is a weekday (or a list or range of weekdays) takes the clock time or
 *      range that follows the day in its clause ("Sunday" → "every Sunday from 6:00pm to 7:30pm", "on Mondays
 *      at 9am"), and the "every"/"each" before the day: the day alone does not say when.
 * (Q2) The "closed" that answers a yes/no question naming a weekday takes the day it is told with ("closed on
 *      Sundays"), as the polarity phrase round gives a negation its phrase.
 * (Q3) A yes/no question about being open that names no weekday, whose sentence states no negation, is
 *      answered by the sentence's "closed"/"shut" with the dates or period it is told with ("Are the riverside
 *      stations open over Christmas?" → "closed from 1 December to 28 February").
 * Same gate as the polarity phrase round (every dev figure but hl∋gold unchanged, hl∋gold falls nowhere and
 * rises somewhere, no hit lost by `--hl-all`, changed highlights read by eye, a read-only review, unit tests
 * that fail without it).
 * Outcome: shipped, Q3 narrowed by its review. Dev against the polarity phrase round: hl∋gold en5 32.1 → 42.9 %
 * (chat; pool-09, mob-12, bike-10) and 32.1 → 39.3 % (product; mob-12, bike-10); every other figure and every
 * other highlight the same (`--hl-all`). The review (63 inputs) found Q1 and Q2 sound but for a range to 24:00
 * cut in half (mended), and Q3 bolding a bare "closed" that was another thing's ("closed accounts", "the café is
 * closed", "closed-toe"), conditional ("closed while performances are running"), beside an "open" that answers
 * yes ("open from May to September and closed in winter"), or for questions that open something ("Can I open
 * an account?"). Q3 now needs the dates after its "closed" (a bare one gives nothing), a sentence that does not
 * also say open, no "-", by, to, while, when, once, after, if, unless or for after the word, and a question
 * that asks whether something is open (not "open a/an/the/my…", "open to…"). Dev read again after the mends:
 * identical. Left: "closed on Boxing Day", "closed for lunch from 1pm to 2pm", "until further notice" (no date
 * span) and a second day of a list ("every Saturday and Sunday" → "every Saturday") are not given.
 * Discount round (session 25), written and committed before its code, from the dev hl-misses cw-02 (en3),
 * bike-04 and ski-12 (en5): "I'm a student. What discount can I get?" bolds "card", "What discount do I get on
 * the monthly plan?" "education", "Is a private lesson cheaper if we book it over lunchtime?" nothing; each
 * sentence states the discount as a figure ("15% off", "30% off", "a 15% discount"). (A grep of every set's
 * question file for "discount", made while choosing this round, also printed held-out en4 questions; they
 * decide nothing, as every held-out set.)
 * (R1) A question about a discount, reduction or saving ("What discount…", "How much discount/off…", "Is there
 *      a discount for…", "Do I get a discount…", "Is X cheaper if…", "How much do I save…") is answered by the
 *      sentence's percentage, or else its amount, nearest the question's words, with the "off", "discount" or
 *      "reduction" right after it ("15% off", "15% discount"); where the sentence states neither, as before.
 * Same gate as the two rounds before it.
 * Outcome: shipped with its review's mends. Dev against the day-and-time round: hl∋gold en3 45.2 → 47.6 % and
 * en5 42.9 → 50.0 % (chat), en3 48.6 → 51.4 % and en5 39.3 → 46.4 % (product): cw-02 "15% off", bike-04 "30%
 * off", ski-12 "15% discount"; every other figure and highlight the same (`--hl-all`). Two choices made while
 * writing it, before dev was read: an amount counts only where the sentence marks it as a discount ("Yearly
 * plans cost £100" answers no "cheaper" question), and a yes/no question whose sentence has a negation keeps its
 * polarity ("Students do not get a discount…"). The review (86 inputs, 31 worse) found the first version
 * answering when/how long/where/how-do-I questions about a discount with its figure, taking any percentage
 * ("VAT at 20%", "a 50% deposit", "100% refundable"), "save" as store ("How do I save my progress?"), a
 * percentage before a marked amount of the asked group, and passing over "at least 10%" and "Over 40% off" as
 * conditions. Mended: only questions of no slot, amount, percent or yes/no, and no how-to or why; only figures
 * the sentence marks ("off", "discount", "reduction", "less", "cheaper", "lower" after; "save(s/d) (you)",
 * "a saving/discount of", "discounted/reduced/cut by" before), percentages and amounts pooled, no condition
 * filter (every candidate is marked). Dev read again after the mends: identical. Left: "Children under 5 go
 * free and children under 12 get 50% off" answers "50% off" for the under-5s; a figure that precedes what it
 * applies to ("30% off the monthly plan and 40% off the annual plan") is picked by distance, so the wrong one
 * can win; "money off" opens no question.
 * Measured-claim round (session 25), written and committed before its code, from the dev hl-misses it-03 (own)
 * and den-01 (en3): "How long does my password have to be?" bolds "180 days" from the answer's first claim
 * ("Passwords expire every 180 days") while its second states "at least 12 characters long"; "How early should I
 * show up for my first visit?" bolds "tooth appears" while a later claim says "arrive 10 minutes early".
 * (T) A "how <adjective>" question (long, wide, tall, high, deep, far, thick, and now early and late) is answered
 *     by the first claim of the answer that states a figure with that adjective after it ("at least 12
 *     characters long", "10 minutes early"), read before the answer's other claims whatever its document; its
 *     highlight is that measure, as rule (c) gives it within a claim. Where no claim states one, as before.
 * Same gate as the rounds before it.
 * Outcome: withdrawn after its review; nothing of it shipped. On dev it did what it was written for (hl∋gold own
 * 38.1 → 39.3 %, en3 47.6 → 50.0 %, SQuAD 68.3 → 68.9 % in chat: it-03 "12 characters long", den-01 "10 minutes
 * early", and "400 m wide" for "How wide is the Rhine in Germany?"; nothing lost). A unit test written with it
 * showed "How long until passwords expire?" answered by a password's length, so "how long" was held to "how
 * long … be?" before dev was read. The review (35 inputs) found 17 misfires: "How late can I check out?"
 * answered by a late fee's threshold ("30 minutes late") in all six "how late" cases; an unrelated document's
 * claim winning ("3 m high" ceilings for "How high is the deposit?"); the first measured claim beating the one
 * that names the asked thing ("2 m deep" main pool for the children's pool); and "how long … be?" asking
 * durations ("How long will delivery be?" → "120 cm long"). Left for a later round, narrowed: only a claim that
 * shares the question's subject, read in the answer's order of question words, no "late", and for "how long …
 * be?" a unit of length only.
 */
/** `--id-prefix tq-` keeps the ids it opens, `--id-prefix '!tq-'` the others. */
function matchesPrefix(id: string, prefix: string): boolean {
  return prefix.startsWith('!') ? !id.startsWith(prefix.slice(1)) : id.startsWith(prefix);
}

export interface ItemResult {
  item: AnsweringItem;
  abstained: boolean;
  /** The answer, or what it would have been without the gate. */
  text: string;
  correct: boolean;
  highlight: string | null;
  highlightHit: boolean;
  /**
   * The first sentence of the answer (or of what it would have been without the gate) holds a
   * gold answer: sentence choice and order measured apart from the gate (sixth round).
   */
  firstHit: boolean;
  /** The gate's score (higher = answer), for the curve. */
  score: number;
  /**
   * Answered, and chat's output guardrail (the groundedness check with its default scorer) would
   * remove a sentence of it: the eval reads the answerer alone, the product sends what the check
   * leaves (a price-table answer was once removed whole).
   */
  guardRemoved: boolean;
}

const squash = (s: string) => s.replace(/\s+/gu, '');

export function containsGold(item: AnsweringItem, text: string): boolean {
  const norm = normaliseAnswer(text);
  return item.answers.some((a) => {
    const g = normaliseAnswer(a);
    if (!g) return false;
    return item.language === 'zh' ? squash(norm).includes(squash(g)) : ` ${norm} `.includes(` ${g} `);
  });
}

export async function answerItem(item: AnsweringItem, config: AnswererConfig): Promise<ItemResult> {
  const options: ExtractiveOptions = config.options(item);
  const answer = await extractAnswer({ question: item.question, sources: item.sources }, options);
  const sentences = answer.abstained ? (answer.withheld ?? []) : answer.sentences;
  const text = answerText(sentences);
  const { citations } = resolveCitations(text, item.sources);
  const highlight =
    sentences.length > 0
      ? (highlightsOf(item.question, text, citations, item.sources)[0]?.text ?? null)
      : null;
  const correct = !item.unanswerable && containsGold(item, text);
  const guarded = answer.abstained
    ? null
    : await checkGroundedness(
        text,
        item.sources.map((s) => ({ number: s.number, text: s.text })),
      );
  return {
    item,
    abstained: answer.abstained,
    text,
    correct,
    highlight,
    highlightHit: highlight !== null && !item.unanswerable && containsGold(item, highlight),
    firstHit: !item.unanswerable && sentences[0] !== undefined && containsGold(item, sentences[0].text),
    score: config.score(answer),
    guardRemoved: guarded?.sentences.some((s) => !s.supported) ?? false,
  };
}

export interface Figures {
  answerable: number;
  unanswerable: number;
  goldInAnswer: number;
  answered: number;
  abstained: number;
  highlightHit: number;
  answeredAnswerable: number;
  /** Mean words in a highlight, over answers that have one: a short answer, not a sentence. */
  highlightWords: number;
  /** Answerable questions whose first sentence, gate or not, holds a gold answer. */
  firstSentence: number;
  /** Answers (any question) of which the output guardrail would remove a sentence. */
  guardRemoved: number;
}

export function figures(results: readonly ItemResult[]): Figures {
  const an = results.filter((r) => !r.item.unanswerable);
  const un = results.filter((r) => r.item.unanswerable);
  const answered = an.filter((r) => !r.abstained);
  const share = (n: number, d: number) => (d === 0 ? Number.NaN : n / d);
  return {
    answerable: an.length,
    unanswerable: un.length,
    goldInAnswer: share(answered.filter((r) => r.correct).length, an.length),
    answered: share(answered.length, an.length),
    abstained: share(un.filter((r) => r.abstained).length, un.length),
    highlightHit: share(answered.filter((r) => r.highlightHit).length, answered.length),
    answeredAnswerable: answered.length,
    firstSentence: share(an.filter((r) => r.firstHit).length, an.length),
    guardRemoved: results.filter((r) => r.guardRemoved).length,
    highlightWords: share(
      answered.reduce((n, r) => n + (r.highlight ? r.highlight.split(/\s+/u).length : 0), 0),
      answered.filter((r) => r.highlight).length,
    ),
  };
}

/** Points of the trade-off: the threshold set so that `target` of the unanswerable abstain. */
export function curve(results: readonly ItemResult[], targets = [0.2, 0.4, 0.5, 0.6, 0.8]): string {
  const an = results.filter((r) => !r.item.unanswerable);
  const un = results
    .filter((r) => r.item.unanswerable)
    .map((r) => r.score)
    .sort((a, b) => a - b);
  if (un.length === 0 || an.length === 0) return '';
  return targets
    .map((target) => {
      const k = Math.min(un.length - 1, Math.max(0, Math.ceil(target * un.length) - 1));
      const t = un[k]!;
      const abst = un.filter((s) => s <= t).length / un.length;
      const ok = an.filter((r) => r.correct && r.score > t).length / an.length;
      return `${pct(ok)}@${pct(abst)}`;
    })
    .join('  ');
}

const pct = (x: number) => (Number.isNaN(x) ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

function row(set: string, split: string, config: string, f: Figures, extra: string): string {
  return [
    set.padEnd(6),
    split.padEnd(5),
    config.padEnd(14),
    `${String(f.answerable).padStart(5)} ${String(f.unanswerable).padStart(4)}`,
    pct(f.goldInAnswer),
    pct(f.answered),
    pct(f.abstained),
    pct(f.highlightHit),
    extra,
  ].join(' ');
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      configs: { type: 'string', default: 'default' },
      sets: { type: 'string', default: 'own,squad,cmrc,hotpot' },
      split: { type: 'string', default: 'dev,test' },
      'cmrc-limit': { type: 'string' },
      misses: { type: 'boolean', default: false },
      'hl-misses': { type: 'boolean', default: false },
      // Every answered item's highlight (dev only): to read a highlight change by eye, diffed
      // against the same run before the change.
      'hl-all': { type: 'boolean', default: false },
      /** Only questions whose id starts with this (e.g. the own set's newest items, "ab-"). */
      'id-prefix': { type: 'string' },
      /**
       * Only questions with "the", asked with "your" instead ("What's the hotel limit…" → "What's
       * your hotel limit…"), as customers address a company; the sources stay those retrieved for
       * the question as written, so only the answerer's reading of the question changes.
       */
      your: { type: 'boolean', default: false },
      /**
       * Every question in lower case, as customers type in a chat widget ("how much is the team
       * plan"); sources as retrieved for the question as written. A dev probe like `--your`.
       */
      lowercase: { type: 'boolean', default: false },
      /** Every question without its final question mark, as customers often type. A dev probe. */
      'no-qmark': { type: 'boolean', default: false },
      /** Every question in capitals ("HOW MUCH IS THE TEAM PLAN"). A dev probe. */
      uppercase: { type: 'boolean', default: false },
      /** Every word of every question capitalised ("How Much Is The Team Plan?"). A dev probe. */
      titlecase: { type: 'boolean', default: false },
    },
  });
  const sets = values.sets.split(',');
  // `--your` and `--lowercase` are dev probes: they never read a test half.
  const retyped = values.lowercase || values['no-qmark'] || values.uppercase || values.titlecase;
  const probe = values.your || retyped;
  const splits = values.split.split(',').filter((split) => !probe || split === 'dev');
  const names = values.configs.split(',');
  // 'product…' is not an answerer over retrieved sources but the product asked (answering-product.ts).
  const products = names.flatMap((name) => {
    const settings = productSettings(name);
    return settings ? [{ name, settings }] : [];
  });
  // Only product runs: the own sets need no sources of the eval's retrieval.
  const topK = products.length === names.length ? 0 : 5;
  const loaded: [string, AnsweringItem[]][] = [];
  if (sets.includes('own')) loaded.push(['own', await loadOwnItems(topK)]);
  if (sets.includes('ownzh')) loaded.push(['ownzh', await loadOwnZhItems(topK)]);
  // All dev (the Chinese gate's third look).
  if (sets.includes('ownzh2')) loaded.push(['ownzh2', await loadOwnZh2Items(topK)]);
  // All dev (the fresh-documents round).
  if (sets.includes('en3')) loaded.push(['en3', await loadOwnEn3Items(topK)]);
  // All test (held out, session 20).
  if (sets.includes('en4'))
    loaded.push(['en4', await loadWholeSetItems(OWN_EN4_SET_DIR, 'en', 'test', topK)]);
  if (sets.includes('zh3'))
    loaded.push(['zh3', await loadWholeSetItems(OWN_ZH3_SET_DIR, 'zh', 'test', topK)]);
  // All dev (fresh documents, session 20).
  if (sets.includes('en5')) loaded.push(['en5', await loadWholeSetItems(OWN_EN5_SET_DIR, 'en', 'dev', topK)]);
  if (sets.includes('zh4')) loaded.push(['zh4', await loadWholeSetItems(OWN_ZH4_SET_DIR, 'zh', 'dev', topK)]);
  if (sets.includes('squad') && hasShared('eval', 'squad_v2_dev_subset'))
    loaded.push(['squad', loadSquadItems()]);
  if (sets.includes('hotpot') && hasShared('eval', 'halueval')) loaded.push(['hotpot', loadHotpotItems()]);
  if (sets.includes('cmrc') && hasShared('eval', 'cmrc2018'))
    loaded.push([
      'cmrc',
      loadCmrcItems(values['cmrc-limit'] === undefined ? undefined : Number(values['cmrc-limit'])),
    ]);
  // Dev only (its loader reads no test question).
  if (sets.includes('cmrcr') && topK > 0 && hasShared('eval', 'cmrc2018'))
    loaded.push(['cmrcr', await loadCmrcRetrievedItems()]);
  const configs = await answererConfigs(names.filter((name) => !productSettings(name)));
  console.log(
    '\nAnswering (issue #15): gold∈answer over answerable, answered over answerable, abstained over unanswerable, hl∋gold over answerable answered; curve = answered correctly @ unanswerable abstained',
  );
  console.log(
    `${'set'.padEnd(6)} ${'half'.padEnd(5)} ${'answerer'.padEnd(14)}  #ans  #un gold∈ans answered abstain hl∋gold  curve / ms per question`,
  );
  try {
    for (const [name, items] of loaded) {
      for (const config of configs.list) {
        for (const split of splits) {
          const prefix = values['id-prefix'];
          const asWritten = items
            .filter((i) => i.split === split && (prefix === undefined || matchesPrefix(i.id, prefix)))
            .filter((i) => !values.your || / the /i.test(i.question))
            .map((i) => (values.your ? { ...i, question: i.question.replace(/ the /i, ' your ') } : i));
          const retype = (question: string) => {
            const cased = values.lowercase
              ? question.toLowerCase()
              : values.uppercase
                ? question.toUpperCase()
                : values.titlecase
                  ? question.replace(/\p{L}[\p{L}'’]*/gu, (w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
                  : question;
            return values['no-qmark'] ? cased.replace(/[?？]\s*$/u, '') : cased;
          };
          const subset = asWritten.map((i) => (retyped ? { ...i, question: retype(i.question) } : i));
          const began = performance.now();
          const results: ItemResult[] = [];
          for (const item of subset) results.push(await answerItem(item, config));
          const ms = (performance.now() - began) / Math.max(1, subset.length);
          // A customer's casing or punctuation should not change the answer: the share of retyped
          // questions answered (or abstained on) exactly as the question as written.
          let sameAsCased = '';
          if (retyped) {
            let same = 0;
            for (const [k, item] of asWritten.entries()) {
              const cased = await answerItem(item, config);
              const lower = results[k];
              // Two abstentions read the same to the customer, whatever each would have said.
              if (
                lower &&
                cased.abstained === lower.abstained &&
                (cased.abstained || cased.text === lower.text)
              )
                same += 1;
            }
            sameAsCased = `  same-as-cased ${pct(same / Math.max(1, asWritten.length))}`;
          }
          console.log(
            row(
              name,
              split,
              config.name,
              figures(results),
              `${curve(results)}  ${ms.toFixed(1)} ms  hl ${figures(results).highlightWords.toFixed(1)} words  1st∋gold ${(100 * figures(results).firstSentence).toFixed(1)}%  guard-cut ${figures(results).guardRemoved}${sameAsCased}`,
            ),
          );
          if (values.misses && split === 'dev') printMisses(results);
          if ((values['hl-misses'] || values['hl-all']) && split === 'dev')
            printHighlightMisses(results, values['hl-all']);
        }
      }
      const dir = OWN_SET_DIRS[name];
      if (products.length > 0 && !dir)
        console.log(`${name}: no documents to upload; product rows are own sets only`);
      for (const product of dir && !probe ? products : []) {
        const prefix = values['id-prefix'];
        const asked = items.filter((i) => prefix === undefined || matchesPrefix(i.id, prefix));
        const answers = await askProduct(
          dir!,
          asked.filter((i) => splits.includes(i.split)),
          product.settings,
        );
        for (const split of splits) {
          const results = asked
            .filter((i) => i.split === split)
            .map((item) => productResult(item, answers.get(item.id)!));
          const f = figures(results);
          const p50 = percentile(
            results.map((r) => answers.get(r.item.id)!.ms),
            50,
          );
          const refused = results.filter((r) => answers.get(r.item.id)!.blocked).length;
          console.log(
            row(
              name,
              split,
              product.name,
              f,
              `p50 ${p50.toFixed(1)} ms  hl ${f.highlightWords.toFixed(1)} words  1st∋gold ${(100 * f.firstSentence).toFixed(1)}%  refused by input checks ${refused}  sentences withheld in ${f.guardRemoved}`,
            ),
          );
          if (values.misses && split === 'dev') printMisses(results);
          if ((values['hl-misses'] || values['hl-all']) && split === 'dev')
            printHighlightMisses(results, values['hl-all']);
        }
      }
    }
  } finally {
    await configs.close();
  }
}

const OWN_SET_DIRS: Record<string, string> = {
  own: OWN_SET_DIR,
  ownzh: OWN_ZH_SET_DIR,
  ownzh2: OWN_ZH2_SET_DIR,
  en3: OWN_EN3_SET_DIR,
  en4: OWN_EN4_SET_DIR,
  zh3: OWN_ZH3_SET_DIR,
  en5: OWN_EN5_SET_DIR,
  zh4: OWN_ZH4_SET_DIR,
};

/**
 * The product's answer read as the eval reads the answerer's. The product gives no gate score, so
 * the curve has one point (score 1 answered, 0 abstained); the first sentence is the text before
 * the first citation marker, and only an answer sent has one (the answerer's rows also count the
 * first sentence the gate withheld).
 */
function productResult(item: AnsweringItem, answer: ProductAnswer): ItemResult {
  const answerable = !item.unanswerable;
  return {
    // With the sources chat retrieved, so that a miss shows whether retrieval found the answer.
    item: { ...item, sources: answer.sources },
    abstained: answer.abstained,
    text: answer.answer,
    correct: answerable && containsGold(item, answer.answer),
    highlight: answer.highlight,
    highlightHit: answer.highlight !== null && answerable && containsGold(item, answer.highlight),
    firstHit: answerable && !answer.abstained && containsGold(item, answer.answer.split(/\[\d+\]/u)[0] ?? ''),
    score: answer.abstained ? 0 : 1,
    guardRemoved: answer.withheld > 0,
  };
}

function printMisses(results: readonly ItemResult[]): void {
  for (const r of results) {
    const wrong = r.item.unanswerable ? !r.abstained : !r.correct || r.abstained;
    if (!wrong) continue;
    const what = r.item.unanswerable ? 'ANSWERED' : r.abstained ? 'ABSTAINED' : 'WRONG';
    // An answerable miss whose gold no source in the prompt holds is retrieval's, not the
    // answerer's ('none': no sources, as for a question the input checks refused).
    const inPrompt =
      r.item.sources.length === 0
        ? 'none'
        : r.item.sources.some((s) => containsGold(r.item, s.text))
          ? 'yes'
          : 'no';
    const retrieved = r.item.unanswerable ? '' : ` gold-in-prompt=${inPrompt}`;
    console.log(
      `  ${what} ${r.item.id} score=${r.score.toFixed(3)}${retrieved} q=${r.item.question} gold=${r.item.answers.join('|')}\n     → ${r.text.slice(0, 220)} hl=${r.highlight}`,
    );
  }
}

/** Dev only: answered questions whose answer holds a gold answer but whose highlight does not. */
function printHighlightMisses(results: readonly ItemResult[], all = false): void {
  for (const r of results) {
    if (r.item.unanswerable || r.abstained || !r.correct || (r.highlightHit && !all)) continue;
    const mark = r.highlightHit ? 'HL+' : 'HL';
    console.log(
      `  ${mark} ${r.item.id} q=${r.item.question} gold=${r.item.answers.join('|')} hl=${r.highlight}\n     → ${r.text.slice(0, 300)}`,
    );
  }
}
