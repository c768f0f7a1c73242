import { readFileSync } from 'node:fs';
import { startTempContainer, waitForJobs } from '@grounded/api';
import type { ChatEvent } from '@grounded/chat';
import type { NumberedSource } from '@grounded/llm';
import { type AnsweringItem, readOwnSet } from './answering-data';

/**
 * The own sets asked through the product itself (`--configs product`): the set's files uploaded to
 * a collection of a container on the embedded defaults, as `npm start` runs, and every question
 * sent to chat. So retrieval is the product's search (not the eval's reciprocal-rank fusion),
 * and the input guardrails, the spelling correction, the prompt budget and the output guardrails
 * all act as they do for a customer. What a held-out question over new documents meets.
 */

/** What chat said to one question. */
export interface ProductAnswer {
  answer: string;
  abstained: boolean;
  /** Refused by an input guardrail (counted as abstained, as the customer sees it). */
  blocked: boolean;
  highlight: string | null;
  /** Sentences the output guardrails withheld. */
  withheld: number;
  /** The chunks chat retrieved, best first: a miss is retrieval's or the answerer's. */
  sources: NumberedSource[];
  ms: number;
}

const TENANT = 'default';

/**
 * `product` or `product/KEY=VALUE/…`: the product on its defaults, or with settings of its
 * configuration changed ("product/SEARCH_VECTOR_WEIGHT=0.5"), as an operator would set them.
 */
export function productSettings(name: string): Record<string, string> | null {
  const [base, ...settings] = name.split('/');
  if (base !== 'product') return null;
  return Object.fromEntries(
    settings.map((setting) => {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/u.exec(setting);
      if (!match) throw new Error(`a product setting is KEY=VALUE, not ${setting} (in ${name})`);
      return [match[1]!, match[2]!];
    }),
  );
}

/**
 * Each item's answer, by id. `dir` is the own set's folder (its docs/ and the PDFs its questions
 * name); `items` are its questions as the loader read them; `settings` change the configuration.
 */
export async function askProduct(
  dir: string,
  items: readonly AnsweringItem[],
  settings: Record<string, string> = {},
): Promise<Map<string, ProductAnswer>> {
  const { files } = readOwnSet(dir);
  const { container, dispose } = await startTempContainer(settings);
  try {
    const collection = await container.collections.create({ tenantId: TENANT, name: 'eval-own-set' });
    const jobs: string[] = [];
    for (const file of files) {
      const outcome = await container.documents.upload({
        tenantId: TENANT,
        collectionId: collection.id,
        bytes: readFileSync(file.path),
        filename: file.name,
        ...(file.name.endsWith('.md') ? { mimeType: 'text/markdown' } : {}),
      });
      if (outcome.job) jobs.push(outcome.job.id);
    }
    // A failed ingestion would leave the set incomplete and every figure wrong.
    const unfinished = (await waitForJobs(container.queue, jobs)).filter((job) => job.status !== 'succeeded');
    if (unfinished.length > 0) throw new Error(`ingestion did not succeed: ${JSON.stringify(unfinished)}`);
    await container.indexes.ready(collection);
    const answers = new Map<string, ProductAnswer>();
    for (const item of items) {
      const began = performance.now();
      let end: Extract<ChatEvent, { type: 'answer-end' }> | null = null;
      // Counted from the events: when the checks withhold every sentence, the turn ends as an
      // abstention whose summary lists none.
      let withheld = 0;
      for await (const event of container.chat.answer({
        tenantId: TENANT,
        collectionId: collection.id,
        message: item.question,
      })) {
        if (event.type === 'answer-end') end = event;
        if (event.type === 'guardrail-verdict' && event.stage === 'output') withheld += 1;
      }
      if (!end) throw new Error(`chat gave no answer-end for ${item.id}`);
      answers.set(item.id, {
        answer: end.answer,
        abstained: end.abstained,
        blocked: end.guardrails.blocked !== null,
        highlight: end.highlights[0]?.text ?? null,
        withheld,
        sources: end.sources ?? [],
        ms: performance.now() - began,
      });
    }
    return answers;
  } finally {
    await dispose();
  }
}
