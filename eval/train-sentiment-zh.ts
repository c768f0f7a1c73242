import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { sharedPath, vendoredModelPath } from '@grounded/core';
import { loadTrainedSentimentModel, trainSentimentModel } from '@grounded/llm';
import { fixedSplit, type LabelledText, loadChnSentiCorp, parseCsv } from './sentiment-data';
import { classificationScores } from './sentiment-metrics';

/**
 * Reproduces the vendored Chinese sentiment model `models/sentiment-zh/chnsenticorp-nb.json`:
 *
 *   npx tsx eval/train-sentiment-zh.ts            # writes the model, prints the model card's figures
 *   npx tsx eval/train-sentiment-zh.ts --check    # trains again and says whether the file is identical
 *
 * Trained only on the 80% training part of the fixed seeded split that `npm run eval -- sentiment`
 * uses, so the 20% it reports on was never seen. Settings are the trainer's defaults (binarised naive
 * Bayes on character uni/bigrams, features seen in at least 2 texts, Laplace 1), chosen before any
 * test figure was looked at; the 10% held out inside the training part is the only figure used while
 * building it. Deterministic: the same data gives the same bytes.
 */
const ZH_MODEL_FILE = ['sentiment-zh', 'chnsenticorp-nb.json'];

async function loadWaimai(file: string): Promise<LabelledText[]> {
  const rows = parseCsv(await readFile(file, 'utf8'));
  return rows
    .slice(1)
    .filter(([, review]) => (review ?? '').trim() !== '')
    .map(([label = '', text = '']) => ({ text, label: label.trim() === '1' ? 'positive' : 'negative' }));
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const all = await loadChnSentiCorp();
  const split = fixedSplit(all, 0.2);
  // The trainer's labels are the data's own: '0' negative, '1' positive (guessPolarity maps them).
  const rows = split.train.map((r) => ({ text: r.text, label: r.label === 'positive' ? '1' : '0' }));
  const trained = trainSentimentModel(rows, {
    holdoutFraction: 0.1,
    seed: 1,
    languages: ['zh'],
    id: 'trained-nb:chnsenticorp',
  });
  const json = trained.serialize();
  const target = vendoredModelPath(...ZH_MODEL_FILE);
  if (check) {
    const current = await readFile(target, 'utf8').catch(() => '');
    console.log(current === json ? `identical: ${target}` : `DIFFERS from ${target}`);
    if (current !== json) process.exitCode = 1;
    return;
  }
  await writeFile(target, json);

  // Figures for the model card, from the file just written (as the product loads it).
  const classifier = loadTrainedSentimentModel(await readFile(target, 'utf8'));
  const scoreSet = async (set: LabelledText[]) => {
    const results = await classifier.classify(set.map((r) => r.text));
    const gold = set.map((r) => r.label);
    return classificationScores(
      gold,
      results.map((r) => (r.score > 0 ? 'positive' : 'negative')),
    );
  };
  const test = await scoreSet(split.test);
  const waimai = await scoreSet(await loadWaimai(sharedPath('eval', 'chnsenticorp', 'waimai_10k.csv')));
  const model = JSON.parse(json) as { features: string[] };
  console.log(`wrote ${target}`);
  console.log(`bytes ${json.length}, sha256 ${createHash('sha256').update(json).digest('hex')}`);
  console.log(
    `features ${model.features.length}; trained on ${rows.length} rows (${split.test.length} held back)`,
  );
  console.log(
    `held out inside training (10%, ${trained.heldOutCount} rows): accuracy ${trained.heldOutAccuracy?.toFixed(3)}`,
  );
  console.log(
    `ChnSentiCorp test split (${split.test.length}): accuracy ${test.accuracy.toFixed(3)}, macro-F1 ${test.macroF1.toFixed(3)}`,
  );
  console.log(
    `waimai_10k (out of domain, all rows): accuracy ${waimai.accuracy.toFixed(3)}, macro-F1 ${waimai.macroF1.toFixed(3)}`,
  );
}

await main();
