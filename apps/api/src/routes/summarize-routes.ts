import { AppError } from '@grounded/core';
import type { SummarizeOptions, SummarizeSource } from '@grounded/summarize';
import type { Request } from 'express';
import { parseLimitsOf } from '../config';
import type { Container } from '../container';
import { readMultipart } from '../http/multipart';
import { type RouteSpec, STAFF } from '../http/routes';
import { summarizeBody, summarizeFields } from '../http/schemas';
import { callerOf } from '../http/tenant';

/**
 * POST /v1/summarize: a document id, an uploaded file (multipart field `file`) or raw text.
 * 200 with the summary, or 202 with a job (GET /v1/jobs/:id) when the input is large.
 */
export function summarizeRoutes(
  container: Pick<Container, 'config' | 'summarizer' | 'documentProcessor'>,
): RouteSpec[] {
  const { config, documentProcessor } = container;

  const readInput = async (req: Request): Promise<{ source: SummarizeSource; options: SummarizeOptions }> => {
    if (req.is('multipart/form-data')) {
      const { file, fields } = await readMultipart(req, { maxFileBytes: config.MAX_UPLOAD_BYTES });
      if (!file)
        throw new AppError('validation_failed', "the multipart body has no file part (use field 'file')");
      const f = summarizeFields.parse(fields);
      // On the ingestion worker threads: a scan's pages are rendered and read by OCR for seconds each.
      const extracted = await documentProcessor.parse(file.bytes, {
        ...(file.filename ? { filename: file.filename } : {}),
        ...(file.mimeType ? { mimeType: file.mimeType } : {}),
        ...(f.password ? { password: f.password } : {}),
        ...parseLimitsOf(config),
      });
      return {
        source: { kind: 'text', text: extracted.text, filename: file.filename },
        options: {
          length: { unit: f.lengthUnit, value: f.lengthValue },
          format: f.format,
          focus: f.focus,
          language: f.language ?? extracted.language,
        },
      };
    }
    if (req.is('application/json')) {
      const body = summarizeBody.parse(req.body);
      return {
        source:
          body.documentId !== undefined
            ? { kind: 'document', documentId: body.documentId }
            : { kind: 'text', text: body.text ?? '' },
        options: { length: body.length, format: body.format, focus: body.focus, language: body.language },
      };
    }
    throw new AppError(
      'unsupported_media_type',
      'send application/json ({ documentId } or { text }) or multipart/form-data with a file',
    );
  };

  const summarize: RouteSpec['handler'] = async (req, res) => {
    const caller = callerOf(req);
    const { source, options } = await readInput(req);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const outcome = await container.summarizer.summarizeOrQueue({
      tenantId: caller.tenantId,
      principals: caller.principals,
      source,
      ...options,
      signal: abort.signal,
      requestId: String(req.id),
    });
    if ('job' in outcome) {
      const { payload: _payload, documentIds: _documents, ...job } = outcome.job;
      res
        .status(202)
        .location(`/v1/jobs/${job.id}`)
        .json({ job, message: 'the input is large; the summary runs as a job (GET /v1/jobs/:id)' });
      return;
    }
    res.json(outcome.summary);
  };

  return [
    {
      method: 'post',
      path: '/v1/summarize',
      access: STAFF,
      summary: 'Summarize a document, a file or text',
      tag: 'summarize',
      body: summarizeBody,
      form: summarizeFields,
      handler: summarize,
    },
  ];
}
