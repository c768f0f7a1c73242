import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { sharedPath } from '@grounded/core';
import { createTransformersTranslator } from '@grounded/llm';
import { corpusBleu } from './metrics/bleu';
import { corpusChrf } from './metrics/chrf';
import { markdownTable } from './sentiment-metrics';

const lines = async (file: string): Promise<string[]> =>
  (await readFile(sharedPath('eval', 'wmt22_en_zh', file), 'utf8'))
    .split('\n')
    .filter((_, i, all) => i < all.length - 1 || all[i] !== '');

/**
 * `npm run eval -- translate --model <folder/id> [--model-path <dir>] [--direction en-zh|zh-en|both] [--limit N]`
 *
 * WMT22 general test sets, both references. BLEU is sacreBLEU-style corpus BLEU (zh tokenizer for
 * Chinese output, 13a for English); chrF2 is character 6-grams. A Marian model translates one
 * direction only, so pass --direction for it. Without --model there is nothing to evaluate: no
 * translation model ships offline, and we never fake one.
 */
export async function run(args: string[]): Promise<void> {
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const model = opt('--model');
  if (!model) {
    console.log(
      'No translation model is configured: pass --model <folder/id> (and --model-path <dir>) to evaluate one.',
    );
    console.log('Nothing to evaluate; exiting.');
    return;
  }
  const modelPath = opt('--model-path');
  const direction = opt('--direction') ?? 'both';
  const limit = Number(opt('--limit') ?? Number.POSITIVE_INFINITY);
  const translator = await createTransformersTranslator({
    model,
    ...(modelPath ? { localModelPath: modelPath } : {}),
  });

  const pairs = [
    {
      name: 'en-zh',
      source: 'en',
      target: 'zh',
      src: 'generaltest2022.en-zh.src.en',
      refs: ['generaltest2022.en-zh.ref.A.zh', 'generaltest2022.en-zh.ref.B.zh'],
      tokenize: 'zh' as const,
    },
    {
      name: 'zh-en',
      source: 'zh',
      target: 'en',
      src: 'generaltest2022.zh-en.src.zh',
      refs: ['generaltest2022.zh-en.ref.A.en', 'generaltest2022.zh-en.ref.B.en'],
      tokenize: '13a' as const,
    },
  ].filter((p) => direction === 'both' || direction === p.name);

  const rows: string[][] = [];
  for (const pair of pairs) {
    const src = (await lines(pair.src)).slice(0, limit);
    const refs = await Promise.all(pair.refs.map(async (r) => (await lines(r)).slice(0, limit)));
    const hyps: string[] = [];
    const t0 = performance.now();
    for (const text of src)
      hyps.push((await translator.translate({ text, source: pair.source, target: pair.target })).text);
    const seconds = (performance.now() - t0) / 1000;
    const bleu = corpusBleu(hyps, refs, { tokenize: pair.tokenize });
    const chrf = corpusChrf(hyps, refs);
    rows.push([
      pair.name,
      String(src.length),
      bleu.score.toFixed(2),
      chrf.toFixed(2),
      (src.length / seconds).toFixed(1),
    ]);
  }
  console.log(`model: ${model}\n`);
  console.log(markdownTable(['direction', 'lines', 'BLEU', 'chrF2', 'lines/s'], rows));
  await translator.close();
}
