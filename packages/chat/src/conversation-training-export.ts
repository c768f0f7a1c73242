import type { ChatMessage, NumberedSource } from '@grounded/llm';
import { formatSource, SOURCE_RULES } from '@grounded/llm';
import type { Queryable } from '@grounded/storage';
import { SYSTEM_PROMPT } from './chat-service';
import { ConversationsRepo, type MessageWithSources } from './repositories/conversations-repo';
import { type Feedback, FeedbackRepo } from './repositories/feedback-repo';

export type TrainingExportFormat = 'dpo' | 'sft';

export interface TrainingRowMetadata {
  messageId: string;
  conversationId: string;
  collectionId: string | null;
  rating: number;
  reason: string | null;
  /** Where "chosen" came from: the user's correction, or another answer to the same prompt rated up. */
  chosenFrom?: 'correction' | 'up-rated-answer';
  chosenMessageId?: string;
}

/** TRL's conversational preference format with an explicit prompt. */
export interface DpoRow {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
  metadata: TrainingRowMetadata;
}

/** TRL's conversational language-modelling format. */
export interface SftRow {
  messages: ChatMessage[];
  metadata: TrainingRowMetadata;
}

/**
 * The prompt the answer was given, rebuilt from what was stored: the system rules, the numbered
 * sources that were in the prompt, and the standalone question (history is folded into it by the
 * rewrite, so each row stands alone).
 */
export function trainingPrompt(message: Pick<MessageWithSources, 'sources' | 'query'>): ChatMessage[] {
  const sources = [...message.sources].sort((a: NumberedSource, b: NumberedSource) => a.number - b.number);
  const blocks = sources.length > 0 ? sources.map(formatSource).join('\n\n') : '(no sources were found)';
  return [
    { role: 'system', content: `${SYSTEM_PROMPT}\n\n${SOURCE_RULES}` },
    { role: 'user', content: `Sources:\n${blocks}\n\nQuestion: ${message.query ?? ''}` },
  ];
}

function corrected(feedback: Feedback, message: MessageWithSources): string | null {
  const correction = feedback.correctedAnswer?.trim();
  return correction && correction !== message.content.trim() ? correction : null;
}

/**
 * Streams a tenant's feedback as training rows, in submission order.
 * - dpo: one pair per answer that was rated down (1-2) or corrected. Chosen is the correction,
 *   else the best up-rated (4-5) answer to the same prompt; without either there is no pair.
 * - sft: one row per correction.
 */
export async function* exportTrainingData(
  db: Queryable,
  options: {
    tenantId: string;
    format: TrainingExportFormat;
    pageSize?: number;
    /** Whether a message (the rated one, or the other side of a pair) may be in the export. */
    mayInclude: (message: MessageWithSources) => Promise<boolean>;
  },
): AsyncGenerator<DpoRow | SftRow> {
  const feedback = new FeedbackRepo(db);
  const conversations = new ConversationsRepo(db);
  for await (const page of feedback.pages(options.tenantId, options.pageSize)) {
    for (const item of page) {
      const message = await conversations.findMessage(options.tenantId, item.messageId);
      if (message?.role !== 'assistant' || !(await options.mayInclude(message))) continue;
      const metadata: TrainingRowMetadata = {
        messageId: message.id,
        conversationId: message.conversationId,
        collectionId: message.collectionId,
        rating: item.rating,
        reason: item.reason,
      };
      const correction = corrected(item, message);
      if (options.format === 'sft') {
        if (!correction) continue;
        yield {
          messages: [...trainingPrompt(message), { role: 'assistant', content: correction }],
          metadata: { ...metadata, chosenFrom: 'correction' },
        };
        continue;
      }
      if (item.rating > 2 && !correction) continue;
      let chosen: { content: string; from: 'correction' | 'up-rated-answer'; messageId?: string } | null =
        correction ? { content: correction, from: 'correction' } : null;
      if (!chosen && message.promptKey) {
        const better = await feedback.bestUpRatedAnswer(options.tenantId, message.promptKey, message.id);
        const betterMessage = better && (await conversations.findMessage(options.tenantId, better.messageId));
        if (
          better &&
          betterMessage &&
          (await options.mayInclude(betterMessage)) &&
          better.content.trim() !== message.content.trim()
        ) {
          chosen = { content: better.content, from: 'up-rated-answer', messageId: better.messageId };
        }
      }
      if (!chosen) continue;
      yield {
        prompt: trainingPrompt(message),
        chosen: [{ role: 'assistant', content: chosen.content }],
        rejected: [{ role: 'assistant', content: message.content }],
        metadata: {
          ...metadata,
          chosenFrom: chosen.from,
          ...(chosen.messageId ? { chosenMessageId: chosen.messageId } : {}),
        },
      };
    }
  }
}
