/** English name of a language code, for prompts ('zh' → 'Chinese'). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** FLORES-200 codes used by NLLB for common languages. */
const NLLB: Record<string, string> = {
  en: 'eng_Latn',
  zh: 'zho_Hans',
  'zh-hant': 'zho_Hant',
  fr: 'fra_Latn',
  de: 'deu_Latn',
  es: 'spa_Latn',
  it: 'ita_Latn',
  pt: 'por_Latn',
  ru: 'rus_Cyrl',
  ja: 'jpn_Jpan',
  ko: 'kor_Hang',
  ar: 'arb_Arab',
  hi: 'hin_Deva',
  nl: 'nld_Latn',
  vi: 'vie_Latn',
  tr: 'tur_Latn',
  pl: 'pol_Latn',
};

/** The language code a model family expects for an ISO 639-1 code. */
export function modelLanguageCode(modelType: string, code: string): string {
  const c = code.toLowerCase();
  if (modelType === 'nllb' || modelType === 'm2m_100_nllb') return NLLB[c] ?? code;
  return c;
}
