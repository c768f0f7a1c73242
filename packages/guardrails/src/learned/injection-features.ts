import type { InjectionCategory } from '../injection/rules';
import type { TextVariant } from '../injection/variants';
import { CUE_FEATURE_NAMES, cueFeatures } from './cue-words';
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
  const dense = [rulesScore];
  for (const c of CATEGORIES) {
    dense.push(Math.max(0, ...hits.filter((h) => h.category === c).map((h) => h.weight)));
  }
  dense.push(hits.some((h) => h.via !== 'plain') ? 1 : 0);
  // Cue words over the most de-obfuscated view of the whole text plus every decoded payload
  // (base64, hex, ROT13 or reversed text, joined quoted fragments).
  const isPayload = (v: TextVariant) => v.name === 'base64' || v.name === 'decoded' || v.name === 'joined';
  const views = variants.filter((v) => !isPayload(v));
  const payloads = variants.filter(isPayload);
  const cueText = [views[views.length - 1]?.text ?? '', ...payloads.map((v) => v.text)].join(' \n ');
  dense.push(...cueFeatures(cueText));
  // Model files before 2.1 have no document-cue weights: they get no document-cue features.
  const documentCues = options.dense === undefined || options.dense.length >= INJECTION_DENSE_FEATURES.length;
  if (documentCues)
    dense.push(...(documentMode ? documentCueFeatures(cueText) : DOCUMENT_CUE_FEATURE_NAMES.map(() => 0)));
  return { ...sparse, dense };
}
