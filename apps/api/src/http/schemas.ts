import { DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds } from '@grounded/core';
import { guardrailPolicySchema, ocrLanguageSettingSchema } from '@grounded/documents';
import { z } from 'zod';

/** Request schemas: strict objects, so an unknown field is a 400 rather than silently ignored. */
const principals = z.array(z.string().min(1).max(200)).max(200);
const tags = z.array(z.string().min(1).max(100)).max(100);
const metadata = z.record(z.string().max(100), z.unknown());

export const createCollectionBody = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\p{L}\p{N} ._-]+$/u, 'letters, digits, spaces, dot, underscore and dash only'),
  description: z.string().max(2000).optional(),
  /** OCR language of scanned pages and images: 'auto' (detected), 'eng', 'chi_sim' or 'eng+chi_sim'. */
  ocrLanguage: ocrLanguageSettingSchema.optional(),
  /** The guardrail policy (README "Guardrails"); later changes: PATCH …/settings. */
  guardrails: guardrailPolicySchema.optional(),
});

export const ocrLanguageBody = z.strictObject({ ocrLanguage: ocrLanguageSettingSchema });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(100).optional(),
});

export const offsetPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const textDocumentBody = z.strictObject({
  text: z.string().min(1, 'text must not be empty'),
  title: z.string().max(500).optional(),
  format: z.enum(['text', 'markdown']).default('text'),
  metadata: metadata.optional(),
  tags: tags.optional(),
  allowedPrincipals: principals.optional(),
  documentDate: z.iso.datetime({ offset: true }).optional(),
});

/** Form fields accompanying a multipart file upload (all strings on the wire). */
export const uploadFields = z.strictObject({
  title: z.string().max(500).optional(),
  password: z.string().max(1000).optional(),
  metadata: z
    .string()
    .transform((value, ctx) => {
      if (jsonDepthExceeds(value, DEFAULT_MAX_JSON_DEPTH)) {
        ctx.addIssue({
          code: 'custom',
          message: `metadata nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels`,
        });
        return z.NEVER;
      }
      try {
        return metadata.parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'metadata must be a JSON object' });
        return z.NEVER;
      }
    })
    .optional(),
  tags: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    )
    .pipe(tags)
    .optional(),
  allowedPrincipals: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(principals)
    .optional(),
  documentDate: z.iso.datetime({ offset: true }).optional(),
});

export const searchFilter = z.strictObject({
  documentIds: z.array(z.string().min(1)).max(1000).optional(),
  tags: tags.optional(),
  dateFrom: z.iso.datetime({ offset: true }).optional(),
  dateTo: z.iso.datetime({ offset: true }).optional(),
  metadata: metadata.optional(),
});

export function searchBody(maxTopK: number, maxQueryChars: number) {
  return z.strictObject({
    query: z.string().trim().min(1).max(maxQueryChars),
    k: z.number().int().min(1).max(maxTopK).default(10),
    mode: z.enum(['bm25', 'vector', 'hybrid']).default('hybrid'),
    filter: searchFilter.optional(),
  });
}

export function chatBody(maxTopK: number, maxQuestionChars: number) {
  return z.strictObject({
    collectionId: z.string().min(1).max(100),
    message: z.string().trim().min(1).max(maxQuestionChars),
    history: z
      .array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string().max(20_000) }))
      .max(50)
      .optional(),
    topK: z.number().int().min(1).max(Math.min(maxTopK, 50)).optional(),
    mode: z.enum(['bm25', 'vector', 'hybrid']).optional(),
    maxTokens: z.number().int().min(1).max(4096).optional(),
    stream: z.boolean().optional(),
  });
}

export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a valid id');

/** POST /v1/chat with conversations (issue #4): `conversationId` continues a stored conversation. */
export function conversationChatBody(maxTopK: number, maxQuestionChars: number) {
  return chatBody(maxTopK, maxQuestionChars)
    .extend({ conversationId: idParam.optional() })
    .refine((body) => !(body.conversationId && body.history), {
      message: 'send either conversationId (stored history) or history, not both',
      path: ['history'],
    });
}

export const createConversationBody = z.strictObject({
  collectionId: idParam.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  metadata: metadata.optional(),
});

export const cursorPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional(),
});

/** 'up' is stored as 5 and 'down' as 1, so both scales sort together. */
export const feedbackBody = z.strictObject({
  rating: z.union([
    z.literal('up').transform(() => 5),
    z.literal('down').transform(() => 1),
    z.number().int().min(1).max(5),
  ]),
  correctedAnswer: z.string().trim().min(1).max(20_000).optional(),
  reason: z.string().trim().min(1).max(2000).optional(),
});

/** GET /v1/collections/:id/index: whether to list the ids, and whether to catch up first. */
export const indexReportQuery = z.object({
  ids: z.enum(['true', 'false']).default('false'),
  catchUp: z.enum(['true', 'false']).default('true'),
});

export const feedbackExportQuery = z.object({
  format: z.enum(['dpo', 'sft']).default('dpo'),
});

const openAiContent = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

/**
 * POST /v1/chat/completions: the OpenAI request shape, loose so that the extra fields OpenAI
 * clients send (n, top_p, user, …) are accepted and ignored. The collection is named by
 * `collection`, or by `model: "collection:<id>"`.
 */
export const openAiChatBody = z.looseObject({
  model: z.string().min(1).max(200),
  collection: idParam.optional(),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
        content: openAiContent.optional(),
      }),
    )
    .min(1)
    .max(100),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).max(4096).nullish(),
  max_completion_tokens: z.number().int().min(1).max(4096).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_k: z.number().int().min(1).max(50).nullish(),
  conversation_id: idParam.optional(),
  /** Also append the cited sources to the content, for clients that keep only the text (issue #17). */
  sources_in_content: z.boolean().nullish(),
});

/**
 * POST /v1/embeddings (issue #17): the OpenAI request shape. Token arrays are OpenAI's too, but
 * an embedder here takes text; they are refused by the route with a message saying so.
 */
export const openAiEmbeddingsBody = z.looseObject({
  model: z.string().min(1).max(200),
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).nullish(),
  user: z.string().max(500).nullish(),
});

// ---- summarize, translate, sentiment (issue #6) ----

const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'an ISO 639 language code such as en or zh');
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
);
const columnName = z.string().trim().min(1).max(200);

export const summaryLength = z.strictObject({
  unit: z.enum(['sentences', 'words', 'bullets']),
  value: z.number().int().min(1).max(2000),
});
const summaryFormat = z.enum(['paragraph', 'bullets', 'key-points']);

export const summarizeBody = z
  .strictObject({
    documentId: idParam.optional(),
    text: z.string().min(1, 'text must not be empty').optional(),
    length: summaryLength.default({ unit: 'sentences', value: 3 }),
    format: summaryFormat.optional(),
    focus: z.string().trim().min(1).max(2000).optional(),
    language: languageCode.optional(),
  })
  .refine((b) => (b.documentId === undefined) !== (b.text === undefined), {
    message: 'send exactly one of documentId and text (or upload a file as multipart)',
  });

/** Multipart form fields for POST /v1/summarize with a file (all strings on the wire). */
export const summarizeFields = z.strictObject({
  lengthUnit: z.enum(['sentences', 'words', 'bullets']).default('sentences'),
  lengthValue: z.coerce.number().int().min(1).max(2000).default(3),
  format: summaryFormat.optional(),
  focus: z.string().trim().min(1).max(2000).optional(),
  language: languageCode.optional(),
  password: z.string().max(1000).optional(),
});

export const translateBody = z
  .strictObject({
    text: z.string().optional(),
    documentId: idParam.optional(),
    source: languageCode.optional(),
    target: languageCode,
    glossary: z
      .record(z.string().min(1).max(200), z.string().max(500))
      .refine((g) => Object.keys(g).length <= 500, 'at most 500 glossary terms')
      .optional(),
  })
  .refine((b) => (b.documentId === undefined) !== (b.text === undefined), {
    message: 'send exactly one of text and documentId',
  });

export const sentimentModelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'letters, digits, dot, underscore and dash (1-100)');

export function sentimentBody(maxTexts: number) {
  return z.strictObject({
    texts: z
      .array(z.string().max(20_000))
      .min(1)
      .max(maxTexts, `at most ${maxTexts} texts per request; use POST /v1/sentiment/batches for more`),
    model: sentimentModelName.optional(),
  });
}

/** Parameters of a batch upload: query string, or form fields sent before the file part. */
export const batchParams = z.object({
  textColumn: columnName.default('text'),
  idColumn: columnName.optional(),
  metadataColumns: commaList.pipe(z.array(columnName).max(20)).optional(),
  dateColumn: columnName.optional(),
  model: sentimentModelName.optional(),
  format: z.enum(['csv', 'jsonl']).optional(),
});

export const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII, 1-200 characters');

export const rowPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.coerce.number().int().min(0).optional(),
});

export const trainModelBody = z.strictObject({
  name: sentimentModelName,
  rows: z
    .array(
      z.strictObject({ text: z.string().max(20_000), label: z.union([z.string().max(100), z.number()]) }),
    )
    .min(4),
  languages: z.array(languageCode).max(20).optional(),
  holdoutFraction: z.number().min(0).max(0.5).optional(),
});

/** Multipart form fields for POST /v1/sentiment/models with a CSV/JSONL file. */
export const trainModelFields = z.strictObject({
  name: sentimentModelName,
  textColumn: columnName.default('text'),
  labelColumn: columnName.default('label'),
  format: z.enum(['csv', 'jsonl']).optional(),
  languages: commaList.pipe(z.array(languageCode).max(20)).optional(),
  holdoutFraction: z.coerce.number().min(0).max(0.5).optional(),
});
