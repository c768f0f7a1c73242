import { AppError } from '@grounded/core';
import type { InjectionCategory } from '../injection/rules';
import { cueView, type TextVariant } from '../injection/variants';
import {
  COMPANY_CONTROL_CUE_FEATURE_NAMES,
  CUE_FEATURE_NAMES,
  cueFeatureMap,
  OWNER_AWARE_COMPANY_CONTROL_CUE_FEATURE_NAMES,
  OWNER_AWARE_CUE_FEATURE_NAMES,
} from './cue-words';
import { DOCUMENT_CUE_FEATURE_NAMES, documentCueFeatures } from './document-cues';
import { type HashedFeatureOptions, hashedFeatures, type SparseFeatures } from './hashed-features';

/**
 * Features of the learned injection classifier: hashed n-grams of every de-obfuscated view of the
 * text (so "1gn0re" and base64 payloads contribute their decoded n-grams) plus the rules' own
 * signals as dense features, so the model can lean on a rule where it is reliable and on n-grams
 * where the rules have nothing to say.
 */

export interface RuleSignal {
  category: InjectionCategory;
  weight: number;
  via: string;
}

const CATEGORIES: readonly InjectionCategory[] = [
  'override',
  'exfiltration',
  'role_play',
  'delimiter',
  'authority',
  'model_directed',
  'credential_phishing',
];

export const INJECTION_DENSE_FEATURES: readonly string[] = [
  'rules.score',
  ...CATEGORIES.map((c) => `rules.${c}`),
  'rules.obfuscated',
  ...CUE_FEATURE_NAMES,
  ...DOCUMENT_CUE_FEATURE_NAMES,
];

/**
 * The owner-aware message model's dense features (from injection-lr 2.4, issue #19): the rule signals and
 * the cue classes with `cue.model` and its pairs counting a "your" only when it is the assistant's, plus
 * the two owners of "your" (cue-words.ts). No document cues: the message model never had them.
 */
export const OWNER_AWARE_MESSAGE_DENSE_FEATURES: readonly string[] = [
  'rules.score',
  ...CATEGORIES.map((c) => `rules.${c}`),
  'rules.obfuscated',
  ...OWNER_AWARE_CUE_FEATURE_NAMES,
];

/**
 * The company-control message features (company-control round after 2.4, issue #19): 2.4's message features
 * with every control cue counting only controls that are not the company's ("refund policy", "house rules",
 * "upload limits" are the company's), plus their count (cue-words.ts). Optionally on the owner-aware cues.
 */
export const COMPANY_CONTROL_MESSAGE_DENSE_FEATURES: readonly string[] = [
  'rules.score',
  ...CATEGORIES.map((c) => `rules.${c}`),
  'rules.obfuscated',
  ...COMPANY_CONTROL_CUE_FEATURE_NAMES,
];
export const OWNER_AWARE_COMPANY_CONTROL_MESSAGE_DENSE_FEATURES: readonly string[] = [
  'rules.score',
  ...CATEGORIES.map((c) => `rules.${c}`),
  'rules.obfuscated',
  ...OWNER_AWARE_COMPANY_CONTROL_CUE_FEATURE_NAMES,
];

const KNOWN_DENSE = new Set([
  ...INJECTION_DENSE_FEATURES,
  ...OWNER_AWARE_MESSAGE_DENSE_FEATURES,
  ...COMPANY_CONTROL_MESSAGE_DENSE_FEATURES,
  ...OWNER_AWARE_COMPANY_CONTROL_MESSAGE_DENSE_FEATURES,
]);

export interface InjectionFeatures extends SparseFeatures {
  dense: number[];
}

export function injectionFeatures(
  variants: readonly TextVariant[],
  hits: readonly RuleSignal[],
  rulesScore: number,
  options: HashedFeatureOptions & { dense?: readonly string[] },
  /** A document chunk (scanDocumentChunk): adds the document cues, zero for messages. */
  documentMode = false,
): InjectionFeatures {
  const sparse = hashedFeatures(variants, options);
  // Dense features by name, in the order of the model file's `dense` list, so each model gets the
  // features it was fitted on (the legacy `cue.model` for 2.3 and before, the owner-aware set from 2.4).
  const names = options.dense ?? INJECTION_DENSE_FEATURES;
  const named: Record<string, number> = { 'rules.score': rulesScore };
  for (const c of CATEGORIES) {
    named[`rules.${c}`] = Math.max(0, ...hits.filter((h) => h.category === c).map((h) => h.weight));
  }
  named['rules.obfuscated'] = hits.some((h) => h.via !== 'plain') ? 1 : 0;
  // Cue words over the most de-obfuscated view of the whole text plus every decoded payload
  // (base64, hex, ROT13 or reversed text, joined quoted fragments).
  const isPayload = (v: TextVariant) => v.name === 'base64' || v.name === 'decoded' || v.name === 'joined';
  const payloads = variants.filter(isPayload);
  const cueText = [cueView(variants)?.text ?? '', ...payloads.map((v) => v.text)].join(' \n ');
  Object.assign(named, cueFeatureMap(cueText));
  // Document cues only for a document chunk scored by a model that has them (injection-doc-lr).
  if (documentMode && names.includes(DOCUMENT_CUE_FEATURE_NAMES[0] as string)) {
    const doc = documentCueFeatures(cueText);
    DOCUMENT_CUE_FEATURE_NAMES.forEach((n, k) => {
      named[n] = doc[k] as number;
    });
  }
  const dense = names.map((n) => {
    if (!KNOWN_DENSE.has(n)) throw new AppError('model_load_failed', `unknown dense feature ${n}`);
    return named[n] ?? 0;
  });
  return { ...sparse, dense };
}
