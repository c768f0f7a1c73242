import { AppError } from '@grounded/core';
import { ConversationsRepo, exportTrainingData, FeedbackRepo } from '@grounded/knowledge';
import { type Response, Router } from 'express';
import type { Container } from '../container';
import { feedbackBody, feedbackExportQuery, idParam } from '../http/schemas';
import { callerOf } from '../http/tenant';

/** Feedback on answers, and its export as fine-tuning data (issue #4). */
export function feedbackRoutes(container: Container): Router {
  const router = Router();
  const conversations = new ConversationsRepo(container.db);
  const feedback = new FeedbackRepo(container.db);

  router.post('/v1/messages/:messageId/feedback', async (req, res) => {
    const { tenantId } = callerOf(req);
    const messageId = idParam.parse(req.params.messageId);
    const body = feedbackBody.parse(req.body);
    const message = await conversations.getMessage(tenantId, messageId);
    if (message.role !== 'assistant') {
      throw new AppError(
        'feedback_target_invalid',
        'feedback is given on answers (assistant messages) only',
        {
          details: { messageId, role: message.role },
        },
      );
    }
    const { feedback: saved, created } = await feedback.upsert({
      tenantId,
      messageId,
      rating: body.rating,
      correctedAnswer: body.correctedAnswer ?? null,
      reason: body.reason ?? null,
    });
    res.status(created ? 201 : 200).json(saved);
  });

  router.get('/v1/messages/:messageId/feedback', async (req, res) => {
    const { tenantId } = callerOf(req);
    const messageId = idParam.parse(req.params.messageId);
    await conversations.getMessage(tenantId, messageId);
    const found = await feedback.forMessage(tenantId, messageId);
    if (!found) throw new AppError('not_found', `message ${messageId} has no feedback`);
    res.json(found);
  });

  // JSON Lines, streamed row by row: an export can be larger than memory.
  router.get('/v1/feedback/export', async (req, res) => {
    const { tenantId } = callerOf(req);
    const { format } = feedbackExportQuery.parse(req.query);
    const rows = exportTrainingData(container.db, { tenantId, format });
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
  });

  return router;
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
