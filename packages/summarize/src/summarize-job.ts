import type { JobContext, JobHandler } from '@grounded/jobs';
import { z } from 'zod';
import { SUMMARIZE_JOB, type SummarizeService, type SummaryResponse } from './summarize-service';

export { SUMMARIZE_JOB };

const summarizeJobPayload = z.object({
  tenantId: z.string().min(1),
  principals: z.array(z.string()).optional(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('document'), documentId: z.string().min(1) }),
    z.object({ kind: z.literal('text'), text: z.string(), filename: z.string().nullable().optional() }),
  ]),
  length: z.object({ unit: z.enum(['sentences', 'words', 'bullets']), value: z.number().int().positive() }),
  format: z.enum(['paragraph', 'bullets', 'key-points']).optional(),
  focus: z.string().optional(),
  language: z.string().optional(),
});

/** A large document's summary as a job: progress per map/reduce step, the summary as the result. */
export function createSummarizeHandler(deps: { summarize: SummarizeService }): JobHandler {
  return async (raw: unknown, context: JobContext): Promise<SummaryResponse> => {
    const p = summarizeJobPayload.parse(raw);
    await context.reportProgress({ stage: 'reading' });
    // Progress callbacks are synchronous; their writes are awaited before the job ends, so the
    // last stage is recorded before the result (a fire-and-forget write raced the completion).
    const writes: Promise<void>[] = [];
    const summary = await deps.summarize.summarize({
      tenantId: p.tenantId,
      principals: p.principals,
      source: p.source.kind === 'document' ? p.source : { kind: 'text', text: p.source.text },
      length: p.length,
      format: p.format,
      focus: p.focus,
      language: p.language,
      signal: context.signal,
      onProgress: (progress) => {
        writes.push(context.reportProgress({ ...progress }));
      },
    });
    await Promise.all(writes);
    return summary;
  };
}
