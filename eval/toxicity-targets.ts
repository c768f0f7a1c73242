import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { checkToxicity, createLexiconSafetyClassifier, withChineseHateModel } from '@grounded/guardrails';

/**
 * `npm run eval -- toxicity-targets [--verbose]`: what the default toxicity input check (the lexicon
 * plus the Chinese n-gram model, as apps/api builds it) refuses among customer complaints whose
 * profanity is aimed at a thing, against abuse aimed at a person (issue #19). Dev: the older
 * complaints-benign.jsonl (read while the rule was written). Blind: toxicity-service-blind.jsonl,
 * written before the rule and printed as counts only (`--verbose` lists dev texts only).
 */
interface Row {
  id: string;
  text: string;
  label: string;
  lang: string;
}

function rows(file: string): Row[] {
  return readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row);
}

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const classifier = withChineseHateModel(createLexiconSafetyClassifier());
  const blocked = async (text: string) => (await checkToxicity(text, classifier)).action === 'block';
  const complaints = rows('complaints-benign.jsonl');
  const blind = rows('toxicity-service-blind.jsonl');
  const sets: [string, Row[], boolean][] = [
    ['dev: complaints-benign, EN (angry, not abusive)', complaints.filter((r) => r.lang === 'en'), true],
    ['dev: complaints-benign, ZH', complaints.filter((r) => r.lang === 'zh'), true],
    ['blind: complaints about a thing (should pass)', blind.filter((r) => r.label === 'benign'), false],
    ['blind: abuse aimed at a person (should be refused)', blind.filter((r) => r.label === 'toxic'), false],
  ];
  console.log('| set | n | refused |\n|---|---:|---:|');
  for (const [name, set, listable] of sets) {
    const hits: string[] = [];
    for (const row of set) if (await blocked(row.text)) hits.push(row.text);
    console.log(
      `| ${name} | ${set.length} | ${hits.length} (${((hits.length / set.length) * 100).toFixed(1)} %) |`,
    );
    if (verbose && listable) for (const text of hits) console.log(`  refused: ${text}`);
  }
}
