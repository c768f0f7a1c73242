import { AppError } from '@grounded/core';
import type { Response } from 'express';
import type { Container } from '../container';
import { ANY_ROLE, type RouteSpec, STAFF } from '../http/routes';
import { feedbackBody, feedbackExportQuery, idParam } from '../http/schemas';
import { callerOf, viewerOf } from '../http/tenant';

/**
 * Feedback on answers, and its export as fine-tuning data (issue #4). A caller rates and reads
 * only answers it may see (issue #12): a widget visitor those of its own conversations.
 */
export function feedbackRoutes(container: Pick<Container, 'feedback'>): RouteSpec[] {
  const { feedback } = container;
  const tag = 'feedback';
  return [
    {
      method: 'post',
      path: '/v1/messages/:messageId/feedback',
      access: ANY_ROLE,
      summary: 'Rate an answer, optionally with a correction',
      tag,
      body: feedbackBody,
      async handler(req, res) {
        const messageId = idParam.parse(req.params.messageId);
        const body = feedbackBody.parse(req.body);
        const caller = callerOf(req);
        // A correction becomes fine-tuning data (the SFT export): staff write those, not anonymous
        // site visitors (issue #12).
        if (caller.role === 'widget' && body.correctedAnswer !== undefined) {
          throw new AppError(
            'forbidden',
            'a widget visitor can rate an answer; corrections come from staff keys',
          );
        }
        const { feedback: saved, created } = await feedback.rate(viewerOf(caller), messageId, body);
        res.status(created ? 201 : 200).json(saved);
      },
    },
    {
      method: 'get',
      path: '/v1/messages/:messageId/feedback',
      access: STAFF,
      summary: "An answer's feedback",
      tag,
      async handler(req, res) {
        const messageId = idParam.parse(req.params.messageId);
        res.json(await feedback.forMessage(viewerOf(callerOf(req)), messageId));
      },
    },
    {
      method: 'get',
      path: '/v1/feedback/export',
      access: STAFF,
      summary: 'JSONL preference pairs (dpo) or corrections (sft)',
      tag,
      query: feedbackExportQuery,
      // JSON Lines, streamed row by row: an export can be larger than memory.
      async handler(req, res) {
        const { format } = feedbackExportQuery.parse(req.query);
        const rows = feedback.export(viewerOf(callerOf(req)), format);
        // Pull the first row before the 200, so a database failure is still a JSON error.
        const first = await rows.next();
        res.status(200);
        res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="feedback-${format}.jsonl"`);
        res.setHeader('Cache-Control', 'no-store');
        try {
          for (let step = first; !step.done; step = await rows.next()) {
            if (res.destroyed) break;
            if (!res.write(`${JSON.stringify(step.value)}\n`)) await drained(res);
          }
        } catch (error) {
          // Headers are out: the truncated body is the signal; the log has the reason.
          req.log.error({ err: error }, 'feedback export failed');
          res.destroy(error as Error);
          return;
        }
        res.end();
      },
    },
  ];
}

/** Resolves when the response can take more, or has closed (a client gone mid-export). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
