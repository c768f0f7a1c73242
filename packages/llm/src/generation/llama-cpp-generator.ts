import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@grounded/core';
import type { ChatHistoryItem, Llama, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { AsyncQueue } from './async-queue';
import type { ChatMessage, GenerationEvent, GenerationRequest, Generator, StopReason } from './types';

export interface LlamaCppGeneratorOptions {
  modelPath: string;
  /** 'auto' uses CUDA (or another GPU backend) when its prebuilt binary loads, else the CPU. */
  gpu?: 'auto' | 'cuda' | false;
  /**
   * CPU threads. Set it on small machines: node-llama-cpp's default made the stories260K fixture
   * take 15 s instead of 80 ms for 40 tokens on 2 cores (fixtures README).
   */
  threads?: number;
  /** Tokens; default the model's training context, capped at 4096 to bound memory. */
  contextSize?: number;
}

const DEFAULT_MAX_TOKENS = 256;

function toHistory(messages: readonly ChatMessage[]): { history: ChatHistoryItem[]; prompt: string } {
  const last = messages.at(-1);
  const prompt = last?.role === 'user' ? last.content : '';
  const earlier = last?.role === 'user' ? messages.slice(0, -1) : messages;
  const history: ChatHistoryItem[] = earlier.map((m) =>
    m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
  );
  return { history, prompt };
}

function mapStopReason(reason: string): StopReason {
  if (reason === 'maxTokens') return 'length';
  if (reason === 'abort') return 'abort';
  return 'stop';
}

async function load(
  options: LlamaCppGeneratorOptions,
): Promise<{ llama: Llama; model: LlamaModel; context: LlamaContext }> {
  if (!existsSync(options.modelPath)) {
    throw new AppError('model_not_found', `no GGUF file at ${options.modelPath}`, {
      details: { model: path.basename(options.modelPath) },
    });
  }
  // Loaded on first use so the package imports without node-llama-cpp's native bindings.
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  let llama: Llama | undefined;
  let model: LlamaModel | undefined;
  try {
    // build: 'never' — the prebuilt binaries ship in @node-llama-cpp/* packages; compiling at run
    // time would need a toolchain and network access the deployment may not have.
    llama = await getLlama({ gpu: options.gpu ?? 'auto', build: 'never', logLevel: LlamaLogLevel.error });
    model = await llama.loadModel({ modelPath: options.modelPath });
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, 4096);
    const context = await model.createContext({
      contextSize,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    });
    return { llama, model, context };
  } catch (cause) {
    await model?.dispose().catch(() => undefined);
    await llama?.dispose().catch(() => undefined);
    throw new AppError(
      'model_load_failed',
      `could not load GGUF model ${path.basename(options.modelPath)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, details: { model: path.basename(options.modelPath) } },
    );
  }
}

/**
 * Generator over any GGUF model through node-llama-cpp, using the chat template the GGUF carries
 * (node-llama-cpp resolves it). One context sequence, so requests run one at a time.
 */
export async function createLlamaCppGenerator(options: LlamaCppGeneratorOptions): Promise<Generator> {
  const { llama, model, context } = await load(options);
  const { LlamaChatSession } = await import('node-llama-cpp');
  const sequence = context.getSequence();
  let lock: Promise<unknown> = Promise.resolve();

  return {
    id: `llama-cpp:${path.basename(options.modelPath)}`,
    contextWindow: context.contextSize,
    countTokens: (text: string) => model.tokenize(text).length,
    generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const queue = new AsyncQueue<GenerationEvent>();
      const stopper = new AbortController();
      const onAbort = () => stopper.abort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.signal?.aborted) stopper.abort();

      const work = async () => {
        if (stopper.signal.aborted) {
          queue.push({ type: 'end', stopReason: 'abort', usage: { promptTokens: 0, completionTokens: 0 } });
          return;
        }
        // Each request starts from an empty sequence so no conversation leaks into another.
        await sequence.clearHistory();
        const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
        try {
          const { history, prompt } = toHistory(request.messages);
          session.setChatHistory(history);
          const before = sequence.tokenMeter.getState();
          let completionTokens = 0;
          const result = await session.promptWithMeta(prompt, {
            maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...(request.stop && request.stop.length > 0 ? { customStopTriggers: request.stop } : {}),
            signal: stopper.signal,
            stopOnAbortSignal: true,
            onToken: (tokens) => {
              completionTokens += tokens.length;
            },
            onTextChunk: (text) => {
              if (text.length > 0 && !stopper.signal.aborted) queue.push({ type: 'delta', text });
            },
          });
          const diff = sequence.tokenMeter.diff(before);
          queue.push({
            type: 'end',
            stopReason: stopper.signal.aborted ? 'abort' : mapStopReason(result.stopReason),
            usage: { promptTokens: diff.usedInputTokens, completionTokens },
          });
        } finally {
          session.dispose({ disposeSequence: false });
        }
      };

      const run = lock.then(work);
      lock = run.catch(() => undefined);
      run.then(
        () => queue.end(),
        (cause: unknown) =>
          queue.fail(
            cause instanceof AppError
              ? cause
              : new AppError('generation_failed', `llama.cpp generation failed: ${String(cause)}`, { cause }),
          ),
      );
      run.finally(() => request.signal?.removeEventListener('abort', onAbort)).catch(() => undefined);

      return {
        [Symbol.asyncIterator]() {
          const it = queue[Symbol.asyncIterator]();
          return {
            next: () => it.next(),
            return: async () => {
              stopper.abort();
              await run.catch(() => undefined);
              return { value: undefined, done: true };
            },
          };
        },
      };
    },
    async close() {
      await lock;
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
