import { AppError, isAppError } from '@grounded/core';
import type { Generator } from '../generation/types';
import type { LanguageDetector } from '../sentiment/types';
import { languageName } from './languages';
import { runTranslation } from './run-translation';
import type { Translator } from './types';

export interface GeneratorTranslatorOptions {
  detectLanguage?: LanguageDetector;
  /** Tokens of source text per request (default: a third of the context window, at most 1024). */
  maxSegmentTokens?: number;
}

/** The instruction a chat model gets; placeholders must survive so the glossary can be restored. */
export function translationPrompt(source: string, target: string): string {
  const from = source === 'und' ? 'its language' : languageName(source);
  return (
    `Translate the user's text from ${from} into ${languageName(target)}. ` +
    'Reply with the translation only: no notes, no quotes, no explanations. ' +
    'Copy placeholders such as __G0__ unchanged.'
  );
}

/** Translation through any configured Generator (llama.cpp, OpenAI-compatible, transformers.js). */
export function createGeneratorTranslator(
  generator: Generator,
  options: GeneratorTranslatorOptions = {},
): Translator {
  const maxUnits =
    options.maxSegmentTokens ?? Math.max(32, Math.min(1024, Math.floor(generator.contextWindow / 3)));
  return {
    id: `generator:${generator.id}`,
    async translate(request) {
      return runTranslation(request, {
        maxUnits,
        measure: (t) => generator.countTokens(t),
        detector: options.detectLanguage,
        async translateSegments(texts, source, target, signal) {
          const out: string[] = [];
          for (const text of texts) {
            let result = '';
            try {
              for await (const event of generator.generate({
                messages: [
                  { role: 'system', content: translationPrompt(source, target) },
                  { role: 'user', content: text },
                ],
                sources: [],
                question: text,
                // Translations run a bit longer than their source, in tokens.
                maxTokens: generator.countTokens(text) * 2 + 32,
                temperature: 0,
                ...(signal ? { signal } : {}),
              })) {
                if (event.type === 'delta') result += event.text;
              }
            } catch (cause) {
              if (isAppError(cause)) throw cause;
              throw new AppError('translation_failed', `translation with ${generator.id} failed`, {
                cause,
                retryable: true,
              });
            }
            out.push(result.trim());
          }
          return out;
        },
      });
    },
    async close() {
      // The generator is owned by whoever created it.
    },
  };
}
