import type { AnswerabilityModel } from './answerability';

/**
 * Fitted by `npx tsx eval/calibration/answerability-calibration.ts` on the
 * TUNING half of SQuAD 2.0 dev (Normans + Rhine; paragraphs split with SPLIT_SEED), lexical
 * features, IDF over the sources' own sentences (the answerer's default), weights kept on their
 * general-purpose side (FEATURE_SIGNS), threshold = the highest that answers 80% of the tuning
 * half's answerable questions. On the held-out half, together with DEFAULT_ABSTAIN_BELOW:
 * unanswerable abstained 23.3% (n=163; 9.2% with the score threshold alone), answerable answered
 * 87.5% (n=192; was 97.9%). In effect it abstains when a binary mismatch fires (a number the
 * sentence lacks, a missing focus term or answer type, a one-sided negation); they make the
 * curve step-like, so "80% on tuning" lands at 87.6% answered there. The unconstrained fit, which
 * learns SQuAD's "copied words = unanswerable" artefact, reaches 39.3% / 77.6% on the same half.
 */
export const DEFAULT_ANSWERABILITY_MODEL: AnswerabilityModel = {
  bias: 0.571,
  weights: {
    coverage: 0,
    idfCoverage: 0,
    unseenShare: 0,
    rarestMissing: -0.23,
    focusMissing: -1.5,
    typeMissing: -1.082,
    negationMismatch: -0.436,
    unseenNames: 0,
    numberMismatch: -3.648,
    proximity: 0,
    semantic: 0,
    slotMissing: 0,
    runnerUpGap: 0,
    sourceRank: 0,
    antonymSwap: 0,
    gapMissing: 0,
    topAgree: 0,
    oppositeSwap: 0,
    gapFit: 0,
    unlinkedMissing: 0,
  },
  threshold: 0.58,
};

/**
 * The same fit with the USE-lite cosine (question vs sentence, unit vectors) as `semantic`, the
 * answerer ranking by 0.5 lexical + 0.5 cosine; fitted and reported by `npm run eval -- guardrails`
 * (eval/guardrails-abstention.ts refits it on the tuning half and says whether it still equals
 * this); its held-out figures are in that table. Only meaningful
 * with the USE-lite embedder's cosine as `similarity`.
 */
export const USE_LITE_ANSWERABILITY_MODEL: AnswerabilityModel = {
  bias: -0.176,
  weights: {
    coverage: 0,
    idfCoverage: 0,
    unseenShare: 0,
    rarestMissing: -0.23,
    focusMissing: -1.399,
    typeMissing: -1.147,
    negationMismatch: -0.139,
    unseenNames: 0,
    numberMismatch: -3.624,
    proximity: 0,
    semantic: 1.248,
    slotMissing: 0,
    runnerUpGap: 0,
    sourceRank: 0,
    antonymSwap: 0,
    gapMissing: 0,
    topAgree: 0,
    oppositeSwap: 0,
    gapFit: 0,
    unlinkedMissing: 0,
  },
  threshold: 0.55,
};

/**
 * The chat path's gate with USE-lite similarity (issue #15): fitted by
 * `npx tsx eval/calibration/answering-calibration.ts chat +unlinkedMissing` on four English dev
 * sets, each weighing the same: the DEV halves of the own enterprise set (eval/data/answering) and
 * SQuAD v2, and the all-dev fresh sets en3 and en5; label = the forced answer contains a gold
 * answer. Pass `antonyms` and `linked` from loadWordNet with it (without them antonymSwap and
 * unlinkedMissing are 0 and the gate abstains less).
 * History: the first rounds fitted it on own and SQuAD dev alone and added, each when it raised
 * the 5-fold out-of-fold dev curve on both, the retrieval rank, `antonymSwap`, `gapMissing`,
 * `topAgree`, `oppositeSwap` and `gapFit`. On the fresh set en5 that gate ranked correct answers
 * below unanswerable questions (AUC 0.454). The fresh-documents round (rule in eval/answering.ts)
 * read the term features on the asked sentences (and the names of a story before them), added
 * `unlinkedMissing` and fitted on all four sets. Leave-one-set-out AUC (fitted on three sets, read
 * on the fourth), without → with `unlinkedMissing`: own 0.708 → 0.818, SQuAD 0.545 → 0.538, en3
 * 0.688 → 0.762, en5 0.532 → 0.592.
 * Threshold by a rule fixed before reading test figures: the highest that keeps at least 85% of
 * the answers correct without the gate on own dev and on SQuAD dev (90% until that round; 85% is
 * what the gate kept on own dev when it began). In-sample dev at it (kept of the correct answers /
 * unanswerable abstained): own 86.5 / 75.0%, SQuAD 94.3 / 22.9%, en3 73.9 / 72.5%, en5 61.4 /
 * 67.5%, hotpot (all answerable) 63.9% kept; the fit before kept own 86.5 / 68.2%, SQuAD 89.6 /
 * 44.6%, en3 69.6 / 65.0%, en5 52.3 / 50.0%.
 * Test-half figures: `npm run eval -- answering`.
 */
export const USE_LITE_ANSWERING_MODEL: AnswerabilityModel = {
  bias: -1.137,
  weights: {
    coverage: 0,
    idfCoverage: 0,
    unseenShare: 0,
    rarestMissing: -0.266,
    focusMissing: 0,
    typeMissing: 0,
    negationMismatch: -0.745,
    unseenNames: 0,
    numberMismatch: -0.675,
    proximity: 0,
    semantic: 2.876,
    slotMissing: -0.726,
    runnerUpGap: 0,
    sourceRank: 0.569,
    antonymSwap: -0.203,
    gapMissing: 0,
    topAgree: 0.246,
    oppositeSwap: -1.845,
    gapFit: 0.311,
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a fitted weight that happens to be near log2(e).
    unlinkedMissing: -1.442,
  },
  threshold: 0.46,
};
