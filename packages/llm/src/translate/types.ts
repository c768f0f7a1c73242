export interface TranslationRequest {
  text: string;
  /** ISO 639-1 code of the text; detected when absent (if the translator has a detector). */
  source?: string;
  /** ISO 639-1 code to translate into. */
  target: string;
  /** Terms mapped to fixed translations; these appear exactly as given in the output. */
  glossary?: Record<string, string>;
  signal?: AbortSignal;
}

export interface TranslatedSegment {
  /** The source sentence(s) translated in one call. */
  source: string;
  text: string;
}

export interface TranslationResult {
  text: string;
  source: string;
  target: string;
  /** The pieces the text was split into, in order (long texts are split by sentence). */
  segments?: TranslatedSegment[];
  /** Glossary terms whose placeholder the model lost, so their fixed translation is absent. */
  glossaryMissing?: string[];
}

export interface Translator {
  /** e.g. 'transformers:Xenova/opus-mt-en-zh', 'generator:llama-cpp:qwen.gguf'. */
  readonly id: string;
  translate(request: TranslationRequest): Promise<TranslationResult>;
  close(): Promise<void>;
}
