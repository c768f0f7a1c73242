import { AppError, resolveModelSource } from '@grounded/core';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { AsyncQueue } from './async-queue';
import { StopSequenceFilter } from './stop-sequences';
import type { ChatMessage, GenerationEvent, GenerationRequest, Generator, StopReason } from './types';

export interface TransformersGeneratorOptions {
  /** Model id, resolved under `localModelPath` (e.g. 'local/stories260K') or on the hub. */
  model: string;
  localModelPath?: string;
  /** Download from the Hugging Face hub when the model is not local. Off by default. */
  allowRemoteModels?: boolean;
  device?: 'cpu' | 'cuda';
  /** e.g. 'fp32', 'fp16', 'q8', 'q4'. */
  dtype?: string;
  /** Default cap on generated tokens when the request has no maxTokens. */
  maxNewTokens?: number;
}

const DEFAULT_MAX_NEW_TOKENS = 256;

export interface TransformersGenerator extends Generator {
  /** How messages become a prompt: the tokenizer's chat template, or the plain fallback. */
  readonly promptFormat: 'chat-template' | 'plain';
}

/** Prompt for models without a chat template (base models such as the stories260K fixture). */
export function plainPrompt(messages: readonly ChatMessage[]): string {
  const label = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  return `${messages.map((m) => `${label[m.role]}: ${m.content}`).join('\n\n')}\n\nAssistant:`;
}

type Transformers = typeof import('@huggingface/transformers');

async function load(
  hf: Transformers,
  options: TransformersGeneratorOptions,
): Promise<{ tokenizer: PreTrainedTokenizer; model: PreTrainedModel }> {
  const { AutoModelForCausalLM, AutoTokenizer } = hf;
  const allowRemote = options.allowRemoteModels ?? false;
  const { modelRef, loadOptions } = resolveModelSource({ ...options, device: options.device ?? 'cpu' });
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(modelRef, { local_files_only: !allowRemote });
    const model = await AutoModelForCausalLM.from_pretrained(modelRef, loadOptions);
    return { tokenizer, model };
  } catch (cause) {
    const missing = allowRemote && /not found|404|Could not locate/iu.test(String(cause));
    throw new AppError(
      missing ? 'model_not_found' : 'model_load_failed',
      `could not load transformers.js model ${options.model}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, details: { model: options.model } },
    );
  }
}

/**
 * Generator over any Hugging Face ONNX causal LM that transformers.js can run, from a local
 * folder (or the hub when allowed). Uses the tokenizer's chat template when it has one.
 */
export async function createTransformersGenerator(
  options: TransformersGeneratorOptions,
): Promise<TransformersGenerator> {
  // Loaded on first use: importing it pulls in onnxruntime's native binding, which callers that
  // only need the extractive answerer should not pay for (or depend on).
  const hf = await import('@huggingface/transformers');
  const { tokenizer, model } = await load(hf, options);
  const { StoppingCriteria, StoppingCriteriaList, TextStreamer } = hf;

  class FlagStop extends StoppingCriteria {
    constructor(private readonly shouldStop: () => boolean) {
      super();
    }
    override _call(inputIds: number[][]): boolean[] {
      const stop = this.shouldStop();
      return inputIds.map(() => stop);
    }
  }

  const config = model.config as unknown as { max_position_embeddings?: number };
  const contextWindow = config.max_position_embeddings ?? tokenizer.model_max_length ?? 2048;
  const hasChatTemplate = typeof tokenizer.chat_template === 'string' && tokenizer.chat_template.length > 0;
  const countTokens = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;

  function encode(messages: ChatMessage[]) {
    if (hasChatTemplate) {
      return tokenizer.apply_chat_template(
        messages.map((m) => ({ role: m.role, content: m.content })),
        { add_generation_prompt: true, return_dict: true },
      ) as unknown as { input_ids: { dims: number[] }; attention_mask: unknown };
    }
    return tokenizer(plainPrompt(messages)) as { input_ids: { dims: number[] }; attention_mask: unknown };
  }

  return {
    id: `transformers:${options.model}`,
    promptFormat: hasChatTemplate ? 'chat-template' : 'plain',
    contextWindow,
    countTokens,
    generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const queue = new AsyncQueue<GenerationEvent>();
      const inputs = encode(request.messages);
      const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
      const room = contextWindow - promptTokens;
      if (room <= 0) {
        queue.fail(
          new AppError(
            'prompt_too_long',
            `the prompt has ${promptTokens} tokens; the context window is ${contextWindow}`,
            {
              details: { promptTokens, contextWindow },
            },
          ),
        );
        return queue;
      }
      const maxNewTokens = Math.min(
        request.maxTokens ?? options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS,
        room,
      );
      const filter = new StopSequenceFilter(request.stop ?? []);
      let generated = 0;
      let consumerGone = false;
      const aborted = () => request.signal?.aborted === true;

      const streamer = new TextStreamer(tokenizer, {
        skip_prompt: true,
        skip_special_tokens: true,
        callback_function: (text: string) => {
          const safe = filter.push(text);
          if (safe.length > 0 && !aborted()) queue.push({ type: 'delta', text: safe });
        },
        token_callback_function: () => {
          generated++;
        },
      });
      const stopping = new StoppingCriteriaList();
      stopping.push(new FlagStop(() => aborted() || consumerGone || filter.stopped));

      const sampling =
        request.temperature !== undefined && request.temperature > 0
          ? { do_sample: true, temperature: request.temperature }
          : { do_sample: false };
      const run = model.generate({
        ...(inputs as object),
        max_new_tokens: maxNewTokens,
        ...sampling,
        streamer,
        stopping_criteria: stopping,
      } as Parameters<PreTrainedModel['generate']>[0]);
      run.then(
        () => {
          const rest = filter.flush();
          if (rest.length > 0 && !aborted()) queue.push({ type: 'delta', text: rest });
          let stopReason: StopReason = 'stop';
          if (aborted()) stopReason = 'abort';
          else if (!filter.stopped && generated >= maxNewTokens) stopReason = 'length';
          queue.push({ type: 'end', stopReason, usage: { promptTokens, completionTokens: generated } });
          queue.end();
        },
        (cause: unknown) =>
          queue.fail(
            new AppError('generation_failed', `transformers.js generation failed: ${String(cause)}`, {
              cause,
            }),
          ),
      );

      return {
        [Symbol.asyncIterator]() {
          const it = queue[Symbol.asyncIterator]();
          return {
            next: () => it.next(),
            // A consumer that stops reading (client disconnected) stops the model too.
            return: async () => {
              consumerGone = true;
              await run.catch(() => undefined);
              return { value: undefined, done: true };
            },
          };
        },
      };
    },
    async close() {
      await model.dispose();
    },
  };
}
