import { AppError } from '@grounded/core';
import type { Request } from 'express';
import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';
import { idParam } from '../http/schemas';
import { callerOf } from '../http/tenant';

export function jobRoutes(container: Pick<Container, 'queue' | 'documents'>): RouteSpec[] {
  /**
   * A job of another tenant, or one whose result is made of a document the caller may not read
   * now (a summary, issue #12), is reported as missing, not forbidden: ids reveal nothing.
   */
  const load = async (req: Request) => {
    const caller = callerOf(req);
    const id = idParam.parse(req.params.jobId);
    const job = await container.queue.get(id);
    const foreign = !job || (job.tenantId !== null && job.tenantId !== caller.tenantId);
    if (foreign || (await container.documents.unreadable(caller, job.documentIds)).size > 0) {
      throw new AppError('job_not_found', `job ${id} does not exist`);
    }
    return job;
  };

  return [
    {
      method: 'get',
      path: '/v1/jobs/:jobId',
      access: STAFF,
      summary: 'Job status and progress',
      tag: 'jobs',
      async handler(req, res) {
        // Payloads are internal (ids and hashes); clients get status, progress and results.
        const { payload: _payload, documentIds: _documents, ...visible } = await load(req);
        res.json(visible);
      },
    },
    {
      method: 'post',
      path: '/v1/jobs/:jobId/cancel',
      access: STAFF,
      summary: 'Cancel a job',
      tag: 'jobs',
      async handler(req, res) {
        const job = await load(req);
        const cancelled = await container.queue.cancel(job.id);
        const { payload: _payload, documentIds: _documents, ...visible } = cancelled ?? job;
        res.json(visible);
      },
    },
  ];
}
