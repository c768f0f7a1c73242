import { AppError, resolveModelSource } from '@grounded/core';
import type { LanguageDetector } from '../sentiment/types';
import { languageName, modelLanguageCode } from './languages';
import { runTranslation } from './run-translation';
import type { Translator } from './types';

export interface TransformersTranslatorOptions {
  /** Model id or folder under `localModelPath`, e.g. 'Xenova/opus-mt-en-zh', 'Xenova/nllb-200-distilled-600M'. */
  model: string;
  localModelPath?: string;
  allowRemoteModels?: boolean;
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Detects the source language when a request has none (NLLB/M2M100 need it). */
  detectLanguage?: LanguageDetector;
  /** Largest input segment in tokens (default 256; Marian models take 512). */
  maxInputTokens?: number;
  /** Cap on generated tokens per segment (default: 2× input tokens + 16). */
  maxNewTokens?: number;
  /** Segments per forward pass (default 8). */
  batchSize?: number;
  /**
   * Text put before each segment. T5-style models need 'translate English to German: '; the
   * default builds that for model_type 't5' and adds nothing otherwise.
   */
  prefix?: (source: string, target: string) => string;
}

interface TranslationOutput {
  translation_text?: string;
  generated_text?: string;
}

/**
 * transformers.js translation (Marian opus-mt, NLLB, M2M100, T5) from a local folder. Long text is
 * split by sentence into segments that fit the encoder, translated in batches, and reassembled in
 * order.
 */
export async function createTransformersTranslator(
  options: TransformersTranslatorOptions,
): Promise<Translator> {
  const tf = await import('@huggingface/transformers');
  const { modelRef, loadOptions } = resolveModelSource({ ...options, dtype: options.dtype ?? 'fp32' });
  let pipe: Awaited<ReturnType<typeof tf.pipeline<'translation'>>>;
  try {
    pipe = await tf.pipeline('translation', modelRef, loadOptions);
  } catch (cause) {
    throw new AppError(
      'model_load_failed',
      `transformers.js could not load translation model ${options.model}`,
      {
        details: { model: options.model },
        cause,
      },
    );
  }
  const modelType = String((pipe.model.config as { model_type?: string }).model_type ?? '');
  const needsLanguages = modelType === 'nllb' || modelType === 'm2m_100' || modelType === 'mbart';
  const prefix =
    options.prefix ??
    ((s: string, t: string) =>
      modelType === 't5' ? `translate ${languageName(s)} to ${languageName(t)}: ` : '');
  const maxInputTokens = options.maxInputTokens ?? 256;
  const batchSize = options.batchSize ?? 8;
  const countTokens = (text: string): number => pipe.tokenizer.encode(text).length;

  return {
    id: `transformers:${options.model}`,
    async translate(request) {
      return runTranslation(request, {
        maxUnits: maxInputTokens,
        measure: countTokens,
        detector: options.detectLanguage,
        async translateSegments(texts, source, target, signal) {
          if (needsLanguages && source === 'und') {
            throw new AppError(
              'invalid_translation_request',
              `${options.model} needs the source language; none was given or detected`,
            );
          }
          const out: string[] = [];
          for (let i = 0; i < texts.length; i += batchSize) {
            signal?.throwIfAborted();
            const batch = texts.slice(i, i + batchSize).map((t) => prefix(source, target) + t);
            const longest = Math.max(...batch.map(countTokens));
            const generation: Record<string, unknown> = {
              max_new_tokens: options.maxNewTokens ?? longest * 2 + 16,
            };
            if (needsLanguages) {
              generation.src_lang = modelLanguageCode(modelType, source);
              generation.tgt_lang = modelLanguageCode(modelType, target);
            }
            let raw: unknown;
            try {
              raw = await pipe(batch, generation);
            } catch (cause) {
              throw new AppError('translation_failed', `translation with ${options.model} failed`, {
                cause,
                retryable: true,
              });
            }
            const list = (Array.isArray(raw) ? raw : [raw]) as (TranslationOutput | TranslationOutput[])[];
            for (const item of list) {
              const o = Array.isArray(item) ? item[0] : item;
              out.push(String(o?.translation_text ?? o?.generated_text ?? ''));
            }
          }
          return out;
        },
      });
    },
    async close() {
      await pipe.dispose();
    },
  };
}
