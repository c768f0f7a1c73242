/**
 * The Generator contract: messages in, a stream of text deltas out, ending with usage and a stop
 * reason. Model-backed adapters read `messages` (already composed by the prompt composer); the
 * extractive answerer reads `sources` and `question` and never invents text.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A retrieved passage, numbered for citation as [n] (n = `number`). */
export interface NumberedSource {
  number: number;
  chunkId: string;
  documentId: string;
  text: string;
  /** Character span of `text` in the document's extracted text. */
  start: number;
  end: number;
  /** Retrieval score, used to order and to abstain. */
  score: number;
  title?: string | null;
  page?: number | null;
}

export interface GenerationRequest {
  messages: ChatMessage[];
  sources: NumberedSource[];
  /** The (possibly rewritten) question being answered. */
  question: string;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  signal?: AbortSignal;
  /** Whose question this is (the tenant): embedders may cache its vector under this scope only. */
  cacheScope?: string;
}

export type StopReason = 'stop' | 'length' | 'abort' | 'abstain';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type GenerationEvent =
  | { type: 'delta'; text: string }
  | { type: 'end'; stopReason: StopReason; usage: Usage };

export interface Generator {
  /** e.g. 'extractive', 'transformers:local/stories260K', 'llama-cpp:stories260K.gguf', 'openai:gpt-x'. */
  readonly id: string;
  /** Context window in tokens, for the prompt composer. */
  readonly contextWindow: number;
  /** Counts tokens with the model's tokenizer where there is one, else an estimate. */
  countTokens(text: string): number;
  generate(request: GenerationRequest): AsyncIterable<GenerationEvent>;
  close(): Promise<void>;
}
