/*
 * ACCEPTANCE RULE, Chinese short-text round (2026-12-06; written and committed before any code change):
 *
 * The shipped Chinese classifier is the ChnSentiCorp naive Bayes (trained-nb:chnsenticorp) with band
 * DEFAULT_CHINESE_NEUTRAL_BAND (0.98). A replacement (e.g. NB + a hand-written Chinese lexicon) ships iff
 * ALL of these hold, read with `npx tsx eval/run.ts sentiment --split dev`:
 *   1. Own Chinese short texts, dev halves pooled (sentiment-short-texts.tsv zh dev, 24 rows, +
 *      sentiment-short-zh-2.tsv dev, 88 rows): three labels, mixed counted as neutral, each candidate's
 *      band fitted on that pool by calibrateNeutralBand. Macro-F1 rises by >= 0.03 over the NB's own
 *      dev-fitted figure.
 *   2. ChnSentiCorp dev, binary (sign of the score): dev = the 10% held out inside the 80% training part
 *      (the NB for this check is trained on the other 90%, so it never saw these rows). Accuracy falls
 *      by <= 1 point (0.010).
 *   3. English: every English figure the suite prints (SST-2, IMDB, English short texts dev) is unchanged.
 * Settings (temperature, weights) are chosen among a small grid written down before the first dev run
 * (T in {2, 4, 8}, NB weight in {0.5, 1} against lexicon weight 1), by criterion 1 under criterion 2;
 * ties go to the smaller NB weight, then T = 4. The lexicon is written from general knowledge of
 * Chinese, not word by word against dev errors. The test halves (short texts, and ChnSentiCorp's 20%
 * test split) are read ONCE at the end with `--split test` and choose nothing.
 *
 * OUTCOME (2026-12-06): shipped NB + zh lexicon, T 4, NB weight 0.5, band 0.26. Dev: zh macro-F1 0.492 (NB at
 * 0.98; 0.446 at its rule-fitted 0.74) -> 0.876; ChnSentiCorp dev 0.841 -> 0.841; English unchanged. T 8 scored
 * 0.902 on the short texts but 0.823 on ChnSentiCorp dev (criterion 2), so it was not taken. Test, read once:
 * zh short macro-F1 0.609 -> 0.887 (112 texts), ChnSentiCorp test 0.867 -> 0.869. That test read also printed the
 * grid's ChnSentiCorp test rows (an oversight, since removed from test reads); nothing was chosen on them.
 *
 * RULE, review fixes B1-B8 (2026-12-06; written and committed before any code change): review fixes ship iff
 * dev macro-F1 on the own Chinese short texts does not fall by more than 0.01, ChnSentiCorp dev accuracy falls
 * <= 0.5 point, English unchanged (all read with `npx tsx eval/run.ts sentiment --split dev`; test halves are
 * not read in this round).
 * OUTCOME: shipped (B1-B5, B7, B8). Shipped default, band 0.26 unchanged: zh short dev macro-F1 0.876 -> 0.894;
 * ChnSentiCorp dev 0.842 -> 0.841 (default configuration; the T 4 / NB 0.5 grid row 0.841 -> 0.839); every English
 * figure unchanged. B6 (let the clause after 但是 decide) not done: all 14 dev texts with 但/不过/可是 are labelled
 * mixed (counted neutral), so it would trade against the sets' own convention.
 * Second review (merger, same rule): "问题都没了" / "故障解决了" read as a problem gone (太好了 before it
 * is no irony), and the irony check is one backward pass (quadratic on long texts). Dev: zh short
 * macro-F1 0.894, ChnSentiCorp dev 0.841, English unchanged: ships.
 */
import {
  createEnglishSentimentEnsemble,
  createLexiconSentimentClassifier,
  DEFAULT_ENGLISH_NEUTRAL_BAND,
  resultFromScore,
  type SentimentClassifier,
  vendoredSentimentModels,
} from '@grounded/llm';
import { calibrateNeutralBand } from './calibration/neutral-band';
import { loadShortTexts, loadShortTextsZh2, type ShortText } from './sentiment-data';
import { classificationScores } from './sentiment-metrics';

/**
 * Neutral and mixed short texts (issue #17): the neutral bands are fitted on the dev half of the
 * project's own short customer texts and reported on the test half, which no setting was chosen on.
 * Three labels; a mixed text ("good but slow") counts as neutral, as it has no overall polarity.
 * `split` says which half the rows report: 'dev' (the default while tuning: each band's own fit) or
 * 'test' (read once at the end of a round).
 */
export interface ShortTextReport {
  rows: string[][];
  notes: string[];
}

export type EvalSplit = 'dev' | 'test';

/** A named scoring function; its neutral band is fitted on dev. */
export interface ShortTextCandidate {
  name: string;
  classifier: SentimentClassifier;
}

const BANDS = Array.from({ length: 50 }, (_, i) => i / 50);

function scoresOf(set: readonly ShortText[], labels: readonly string[]): string[] {
  const s = classificationScores(
    set.map((r) => r.gold),
    labels,
  );
  const byKind = (kind: string) => {
    const idx = set.map((r, i) => (r.kind === kind ? i : -1)).filter((i) => i >= 0);
    const ok = idx.filter((i) => labels[i] === set[i]?.gold).length;
    return idx.length > 0 ? (ok / idx.length).toFixed(2) : '-';
  };
  return [
    String(set.length),
    s.accuracy.toFixed(3),
    s.macroF1.toFixed(3),
    byKind('positive'),
    byKind('negative'),
    byKind('neutral'),
    byKind('mixed'),
  ];
}

async function scored(classifier: SentimentClassifier, set: readonly ShortText[]): Promise<number[]> {
  return (await classifier.classify(set.map((r) => r.text))).map((r) => r.score);
}

export interface ShortTextOptions {
  split: EvalSplit;
  /** Chinese candidates; the first is the shipped default's scoring function. */
  chinese: ShortTextCandidate[];
  /** The shipped Chinese band (the default's), reported as it is. */
  chineseBand: number;
  /** The Chinese default before this round (a candidate's index) and its band, reported as it was. */
  chineseBefore?: { index: number; band: number };
  /** In a test read, only these Chinese candidates are reported (the ones a round compares). */
  reportOnTest?: (name: string) => boolean;
}

export async function shortTextReport(options: ShortTextOptions): Promise<ShortTextReport> {
  const old = await loadShortTexts();
  const zh2 = await loadShortTextsZh2();
  const models = vendoredSentimentModels();
  const rows: string[][] = [];
  const notes: string[] = [];
  const split = options.split;

  for (const lang of ['en', 'zh'] as const) {
    // Chinese pools both own sets: 24 + 88 dev texts, where 24 alone could not tell bands apart.
    const devSet = [...old.dev.filter((r) => r.lang === lang), ...(lang === 'zh' ? zh2.dev : [])];
    const testSet = [...old.test.filter((r) => r.lang === lang), ...(lang === 'zh' ? zh2.test : [])];
    const reportSet = split === 'dev' ? devSet : testSet;
    // Candidates: one scoring function each; the band is fitted on dev for each, the best kept.
    const candidates: ShortTextCandidate[] =
      lang === 'en'
        ? [
            {
              name: 'ensemble',
              classifier: await createEnglishSentimentEnsemble({
                polarityModelPath: models.polarity,
                starsModelPath: models.stars,
              }),
            },
            {
              name: 'ensemble + "but" rule',
              classifier: await createEnglishSentimentEnsemble({
                polarityModelPath: models.polarity,
                starsModelPath: models.stars,
                contrastRule: true,
              }),
            },
          ]
        : options.chinese;
    let best: { name: string; band: number; devF1: number } | null = null;
    for (const c of candidates) {
      const devScores = await scored(c.classifier, devSet);
      const fit = calibrateNeutralBand(
        devSet.map((r, i) => ({ score: devScores[i] ?? 0, label: r.gold })),
        BANDS,
      );
      if (!best || fit.macroF1 > best.devF1) best = { name: c.name, band: fit.band, devF1: fit.macroF1 };
      if (split === 'test' && lang === 'zh' && options.reportOnTest && !options.reportOnTest(c.name))
        continue;
      const reportScores = split === 'dev' ? devScores : await scored(c.classifier, reportSet);
      const label = (s: number) => resultFromScore(s, fit.band).label;
      rows.push([
        lang,
        `${c.name}, band fitted on dev = ${fit.band.toFixed(2)} (dev macro-F1 ${fit.macroF1.toFixed(3)})`,
        ...scoresOf(reportSet, reportScores.map(label)),
      ]);
      if (lang === 'zh') {
        // Each Chinese set alone, at the same band: the old 24 and the new 88 (dev) texts.
        for (const [setName, part] of [
          ['  of which set 1', reportSet.filter((r) => !zh2Texts(zh2).has(r.text))],
          ['  of which set 2', reportSet.filter((r) => zh2Texts(zh2).has(r.text))],
        ] as const) {
          rows.push([lang, setName, ...scoresOf(part, (await scored(c.classifier, part)).map(label))]);
        }
      }
    }
    // The shipped default, with its constant band, on the same half.
    const shipped = lang === 'en' ? DEFAULT_ENGLISH_NEUTRAL_BAND : options.chineseBand;
    const base = candidates[0];
    if (base) {
      const reportScores = await scored(base.classifier, reportSet);
      rows.push([
        lang,
        `shipped default: ${base.name}, band ${shipped.toFixed(2)}`,
        ...scoresOf(
          reportSet,
          reportScores.map((s) => resultFromScore(s, shipped).label),
        ),
      ]);
    }
    const before =
      lang === 'zh' && options.chineseBefore ? candidates[options.chineseBefore.index] : undefined;
    if (before && options.chineseBefore) {
      const band = options.chineseBefore.band;
      rows.push([
        lang,
        `default before: ${before.name}, band ${band.toFixed(2)}`,
        ...scoresOf(
          reportSet,
          (await scored(before.classifier, reportSet)).map((s) => resultFromScore(s, band).label),
        ),
      ]);
    }
    if (best && (best.name !== base?.name || Math.abs(best.band - shipped) > 1e-9)) {
      notes.push(
        `${lang}: the dev fit prefers ${best.name} with band ${best.band.toFixed(2)}; the shipped default is ${base?.name} with band ${shipped.toFixed(2)}.`,
      );
    }
    if (lang === 'en') {
      // Before issue #17 a fresh clone used the wink lexicon (with its own band) for English.
      const lexicon = createLexiconSentimentClassifier();
      const results = await lexicon.classify(reportSet.map((r) => r.text));
      rows.push([
        lang,
        'wink lexicon (fresh-clone default before)',
        ...scoresOf(
          reportSet,
          results.map((r) => r.label),
        ),
      ]);
      // And the ensemble with the band it had before the fit.
      rows.push([
        lang,
        'ensemble, old band 0.15',
        ...scoresOf(
          reportSet,
          (await scored(base?.classifier as SentimentClassifier, reportSet)).map(
            (s) => resultFromScore(s, 0.15).label,
          ),
        ),
      ]);
      for (const c of candidates) await c.classifier.close();
    }
  }
  notes.push(
    `Short texts (${split} half reported): set 1 ${old.dev.length} dev / ${old.test.length} test (eval/data/sentiment-short-texts.tsv, seeded 50/50 per kind and language); ` +
      `Chinese set 2 ${zh2.dev.length} dev / ${zh2.test.length} test (eval/data/sentiment-short-zh-2.tsv, split by text hash); mixed counts as neutral.`,
  );
  return { rows, notes };
}

function zh2Texts(zh2: { dev: ShortText[]; test: ShortText[] }): Set<string> {
  return new Set([...zh2.dev, ...zh2.test].map((r) => r.text));
}

export const SHORT_TEXT_HEADER = [
  'lang',
  'classifier (reported half)',
  'n',
  'accuracy',
  'macro-F1',
  'pos',
  'neg',
  'neutral',
  'mixed',
];
