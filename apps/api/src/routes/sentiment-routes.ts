import { AppError } from '@grounded/core';
import { assertTrainingRows, type BatchParams, readLabelledRows, uploadFormatOf } from '@grounded/sentiment';
import type { RequestHandler, Response } from 'express';
import type { Container } from '../container';
import { readMultipart, type StreamedUpload, streamMultipartFile } from '../http/multipart';
import { type RouteSpec, STAFF } from '../http/routes';
import {
  batchParams,
  idempotencyKey,
  idParam,
  pageQuery,
  rowPageQuery,
  sentimentBody,
  sentimentModelName,
  trainModelBody,
  trainModelFields,
} from '../http/schemas';
import { callerOf } from '../http/tenant';

const RAW_CSV = ['text/csv', 'application/csv'];
const RAW_JSONL = [
  'application/x-ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/jsonlines',
];

// Requests a person waits for; batch chunks running in this process pause while any is in flight.
const INTERACTIVE =
  /^\/v1\/(chat(\/completions)?|summarize|translate|sentiment|collections\/[^/]+\/search)\/?$/;

/** Counts interactive requests in flight for the batch workers of this process (issue #6). */
export function interactiveTracker(container: Pick<Container, 'interactive'>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !INTERACTIVE.test(req.path)) {
      next();
      return;
    }
    container.interactive.begin();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      container.interactive.end();
    };
    res.on('finish', end);
    res.on('close', end);
    next();
  };
}

export function sentimentRoutes(
  container: Pick<Container, 'config' | 'sentiment' | 'sentimentBatches'>,
): RouteSpec[] {
  const routes: RouteSpec[] = [];
  const { config } = container;
  const syncSchema = sentimentBody(config.SENTIMENT_MAX_TEXTS);

  routes.push({
    method: 'post',
    path: '/v1/sentiment',
    access: STAFF,
    summary: 'Classify up to 100 texts',
    tag: 'sentiment',
    body: syncSchema,
    async handler(req, res) {
      const body = syncSchema.parse(req.body);
      const caller = callerOf(req);
      const results = await container.sentiment.classify(caller.tenantId, body.texts, body.model);
      const notes: string[] = [];
      if (!body.model) {
        if (!config.FASTTEXT_POLARITY_MODEL && results.some((r) => r.language === 'en')) {
          notes.push(
            'English uses the wink lexicon: FASTTEXT_POLARITY_MODEL is set to none (unset, the fastText models shipped under models/ are used).',
          );
        }
        if (
          results.some((r) => r.language === 'zh') &&
          !(await container.sentiment.hasChineseModel(caller.tenantId))
        ) {
          notes.push(
            'Chinese has no model here (SENTIMENT_ZH_MODEL_FILE is none): the lexicon fallback is English-only and answers neutral with confidence 0. Unset it for the shipped model, or train one with POST /v1/sentiment/models and set SENTIMENT_ZH_MODEL to its name.',
          );
        }
      }
      res.json({ results, notes });
    },
  });

  // ---- trained models ----

  routes.push({
    method: 'post',
    path: '/v1/sentiment/models',
    access: STAFF,
    summary: 'Train a classifier from labelled rows',
    tag: 'sentiment',
    body: trainModelBody,
    form: trainModelFields,
    async handler(req, res) {
      const caller = callerOf(req);
      let name: string;
      let rows: { text: string; label: string }[];
      let languages: string[] | undefined;
      let holdoutFraction: number | undefined;
      if (req.is('multipart/form-data')) {
        const { file, fields } = await readMultipart(req, { maxFileBytes: config.MAX_UPLOAD_BYTES });
        if (!file)
          throw new AppError('validation_failed', "the multipart body has no file part (use field 'file')");
        const f = trainModelFields.parse(fields);
        ({ name, languages, holdoutFraction } = f);
        rows = await readLabelledRows(file.bytes, {
          format: uploadFormatOf(f.format, file.filename, file.mimeType),
          textColumn: f.textColumn,
          labelColumn: f.labelColumn,
          maxRows: config.SENTIMENT_TRAIN_MAX_ROWS,
        });
      } else if (req.is('application/json')) {
        const body = trainModelBody.parse(req.body);
        ({ name, languages, holdoutFraction } = body);
        rows = body.rows.map((r) => ({ text: r.text, label: String(r.label) }));
        assertTrainingRows(rows.length, config.SENTIMENT_TRAIN_MAX_ROWS);
      } else {
        throw new AppError(
          'unsupported_media_type',
          'send a CSV/JSONL file as multipart/form-data (fields name, textColumn, labelColumn) or JSON { name, rows }',
        );
      }
      const outcome = await container.sentiment.train({
        tenantId: caller.tenantId,
        name,
        rows,
        languages,
        holdoutFraction,
      });
      res.status(outcome.created ? 201 : 200).json({
        model: outcome.model,
        heldOutAccuracy: outcome.heldOutAccuracy,
        heldOutCount: outcome.heldOutCount,
        trainingRows: rows.length,
        trainingMs: Math.round(outcome.trainingMs),
        replaced: !outcome.created,
      });
    },
  });

  routes.push({
    method: 'get',
    path: '/v1/sentiment/models',
    access: STAFF,
    summary: 'List trained classifiers',
    tag: 'sentiment',
    async handler(req, res) {
      res.json({ items: await container.sentiment.listModels(callerOf(req).tenantId) });
    },
  });

  routes.push({
    method: 'delete',
    path: '/v1/sentiment/models/:name',
    access: STAFF,
    summary: 'Delete a trained classifier',
    tag: 'sentiment',
    async handler(req, res) {
      const name = sentimentModelName.parse(req.params.name);
      await container.sentiment.deleteModel(callerOf(req).tenantId, name);
      res.json({ name, deleted: true });
    },
  });

  // ---- batches ----

  routes.push({
    method: 'post',
    path: '/v1/sentiment/batches',
    access: STAFF,
    summary: 'Start a batch from a CSV/JSONL upload (streamed); Idempotency-Key header',
    tag: 'sentiment',
    form: batchParams,
    query: batchParams,
    async handler(req, res) {
      const caller = callerOf(req);
      const rawKey = req.get('idempotency-key');
      const key = rawKey === undefined ? null : idempotencyKey.parse(rawKey);
      let upload: StreamedUpload;
      const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (req.is('multipart/form-data')) {
        upload = await streamMultipartFile(req, config.SENTIMENT_BATCH_MAX_BYTES);
      } else if (RAW_CSV.includes(type) || RAW_JSONL.includes(type)) {
        // A raw body (curl --data-binary @file.csv -H 'content-type: text/csv') streams as is.
        let seen = 0;
        req.on('data', (part: Buffer) => {
          seen += part.length;
          if (seen > config.SENTIMENT_BATCH_MAX_BYTES) {
            req.destroy(
              new AppError(
                'file_too_large',
                `the upload is larger than ${config.SENTIMENT_BATCH_MAX_BYTES} bytes`,
              ),
            );
          }
        });
        req.pause();
        upload = {
          fields: {},
          file: req,
          filename: null,
          mimeType: RAW_JSONL.includes(type) ? 'application/x-ndjson' : 'text/csv',
        };
      } else {
        throw new AppError(
          'unsupported_media_type',
          'upload the rows as multipart/form-data (field file), or as a text/csv or application/x-ndjson body',
        );
      }
      const parsed = batchParams.parse({ ...req.query, ...upload.fields });
      const params: BatchParams = {
        format: uploadFormatOf(parsed.format, upload.filename, upload.mimeType),
        textColumn: parsed.textColumn,
        ...(parsed.idColumn ? { idColumn: parsed.idColumn } : {}),
        ...(parsed.metadataColumns && parsed.metadataColumns.length > 0
          ? { metadataColumns: parsed.metadataColumns }
          : {}),
        ...(parsed.dateColumn ? { dateColumn: parsed.dateColumn } : {}),
        ...(parsed.model ? { model: parsed.model } : {}),
      };
      try {
        const { batch, created } = await container.sentimentBatches.create({
          tenantId: caller.tenantId,
          idempotencyKey: key,
          params,
          body: upload.file,
          requestId: String(req.id),
        });
        res
          .status(created ? 202 : 200)
          .location(`/v1/sentiment/batches/${batch.id}`)
          .json({ ...container.sentimentBatches.view(batch), created });
      } catch (error) {
        // Stop reading what is left of a refused upload, so the error answer is not held up by it.
        upload.file.resume();
        throw error;
      }
    },
  });

  routes.push({
    method: 'get',
    path: '/v1/sentiment/batches',
    access: STAFF,
    summary: 'List batches',
    tag: 'sentiment',
    query: pageQuery,
    async handler(req, res) {
      const page = pageQuery.parse(req.query);
      const after = page.after === undefined ? undefined : Number(page.after);
      const items = await container.sentimentBatches.list(callerOf(req).tenantId, {
        limit: page.limit,
        after: Number.isFinite(after) ? after : undefined,
      });
      res.json({
        items: items.map((b) => ({ ...container.sentimentBatches.view(b), seq: b.seq })),
        nextAfter: items.length === page.limit ? String(items.at(-1)?.seq) : null,
      });
    },
  });

  routes.push({
    method: 'get',
    path: '/v1/sentiment/batches/:batchId',
    access: STAFF,
    summary: 'Batch status, progress and aggregates',
    tag: 'sentiment',
    async handler(req, res) {
      // ?aggregates=false: status only, for frequent polling of a large running batch.
      const withAggregates = req.query.aggregates !== 'false';
      res.json(
        await container.sentimentBatches.report(
          callerOf(req).tenantId,
          idParam.parse(req.params.batchId),
          withAggregates,
        ),
      );
    },
  });

  // Cancel and resume answer the batch's view; results and errors answer a page of rows.
  const batchAction = (action: 'cancel' | 'resume', summary: string): RouteSpec => ({
    method: 'post',
    path: `/v1/sentiment/batches/:batchId/${action}`,
    access: STAFF,
    summary,
    tag: 'sentiment',
    async handler(req, res) {
      const batches = container.sentimentBatches;
      const batch = await batches[action](callerOf(req).tenantId, idParam.parse(req.params.batchId));
      res.json(batches.view(batch));
    },
  });
  const batchRows = (rows: 'results' | 'errors', summary: string): RouteSpec => ({
    method: 'get',
    path: `/v1/sentiment/batches/:batchId/${rows}`,
    access: STAFF,
    summary,
    tag: 'sentiment',
    query: rowPageQuery,
    async handler(req, res) {
      const page = rowPageQuery.parse(req.query);
      const batchId = idParam.parse(req.params.batchId);
      const items = await container.sentimentBatches[rows](callerOf(req).tenantId, batchId, page);
      res.json({ items, nextAfter: items.length === page.limit ? (items.at(-1)?.rowNo ?? null) : null });
    },
  });
  routes.push(
    batchAction('cancel', 'Cancel a batch'),
    batchAction('resume', 'Resume a batch'),
    batchRows('results', 'Batch results, paginated'),
    batchRows('errors', 'Rows that could not be classified'),
  );

  routes.push({
    method: 'get',
    path: '/v1/sentiment/batches/:batchId/export',
    access: STAFF,
    summary: 'Results as CSV',
    tag: 'sentiment',
    async handler(req, res: Response) {
      const batchId = idParam.parse(req.params.batchId);
      const lines = container.sentimentBatches.exportCsv(callerOf(req).tenantId, batchId);
      // Pull the header first: a missing batch is still a JSON 404, not a broken download.
      const first = await lines.next();
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${batchId}.csv"`);
      let aborted = false;
      res.on('close', () => {
        aborted = true;
      });
      try {
        for (let step = first; !step.done && !aborted; step = await lines.next()) {
          if (!res.write(step.value)) await new Promise((resolve) => res.once('drain', resolve));
        }
      } catch (error) {
        req.log.error({ err: error }, 'export failed mid-stream');
        res.destroy();
        return;
      } finally {
        await lines.return(undefined);
      }
      res.end();
    },
  });

  return routes;
}
