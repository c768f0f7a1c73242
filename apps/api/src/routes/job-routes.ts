import { AppError } from '@grounded/core';
import { Router } from 'express';
import type { Container } from '../container';
import { idParam } from '../http/schemas';
import { callerOf } from '../http/tenant';

export function jobRoutes(container: Container): Router {
  const router = Router();

  const load = async (tenantId: string, rawId: unknown) => {
    const id = idParam.parse(rawId);
    const job = await container.queue.get(id);
    // A job of another tenant is reported as missing, not forbidden: ids reveal nothing.
    if (!job || (job.tenantId !== null && job.tenantId !== tenantId)) {
      throw new AppError('job_not_found', `job ${id} does not exist`);
    }
    return job;
  };

  router.get('/v1/jobs/:jobId', async (req, res) => {
    const job = await load(callerOf(req).tenantId, req.params.jobId);
    // Payloads are internal (ids and hashes); clients get status, progress and results.
    const { payload: _payload, ...visible } = job;
    res.json(visible);
  });

  router.post('/v1/jobs/:jobId/cancel', async (req, res) => {
    const job = await load(callerOf(req).tenantId, req.params.jobId);
    const cancelled = await container.queue.cancel(job.id);
    const { payload: _payload, ...visible } = cancelled ?? job;
    res.json(visible);
  });

  return router;
}
