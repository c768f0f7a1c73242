import { AppError } from '@grounded/core';
import {
  createSentimentRouter,
  type LanguageDetector,
  loadTrainedSentimentModel,
  type SentimentClassifier,
  type SentimentResult,
  type TrainingRow,
  trainSentimentModel,
} from '@grounded/llm';
import type { Database } from '@grounded/storage';
import { type SentimentModelInfo, SentimentModelsRepo } from './repositories/sentiment-models-repo';

/** A sentiment result with the classifier that produced it, so callers see when a fallback answered. */
export interface ClassifiedText extends SentimentResult {
  language: string;
  classifier: string;
}

export interface SentimentServiceDeps {
  db: Database;
  /** The English classifier (fastText + lexicon ensemble, or the lexicon when no model path is set). */
  english: () => Promise<SentimentClassifier>;
  /** The always-available lexicon fallback, for languages without a classifier. */
  lexicon: () => Promise<SentimentClassifier>;
  detector: () => Promise<LanguageDetector>;
  /** Name of a trained model (per tenant) for Chinese; it wins over `chinese` where the tenant has it. */
  zhModelName?: string | undefined;
  /** The Chinese classifier otherwise (the vendored ChnSentiCorp model); without one, the lexicon. */
  chinese?: (() => Promise<SentimentClassifier>) | undefined;
}

export interface TrainModelInput {
  tenantId: string;
  name: string;
  rows: readonly TrainingRow[];
  languages?: string[] | undefined;
  holdoutFraction?: number | undefined;
}

export interface TrainModelOutcome {
  model: SentimentModelInfo;
  created: boolean;
  heldOutAccuracy: number | null;
  heldOutCount: number;
  trainingMs: number;
}

const CLASSIFIER_TAG = Symbol('classifier');
type Tagged = SentimentResult & { [CLASSIFIER_TAG]?: string };

/** The name of the classifier that produced a result of `classifierFor(...)`, when known. */
export function classifierNameOf(result: SentimentResult): string | undefined {
  return (result as Tagged)[CLASSIFIER_TAG];
}

/** Marks each result with the classifier's name: the router keeps extra fields when it adds the language. */
function tagged(classifier: SentimentClassifier, name: string): SentimentClassifier {
  return {
    id: classifier.id,
    languages: classifier.languages,
    async classify(texts) {
      const out = await classifier.classify(texts);
      return out.map((r): Tagged => ({ ...r, [CLASSIFIER_TAG]: name }));
    },
    // Shared instances are owned by the service, not by a per-request router.
    async close() {},
  };
}

/** Memoises an async factory; a failed attempt is forgotten so the next call retries. */
export function lazy<T>(factory: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => {
    promise ??= factory().catch((error: unknown) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

/**
 * Sentiment for the synchronous endpoint and for batch chunks: each text is routed by its
 * detected language (English → the English classifier, Chinese → the tenant's model named by
 * `zhModelName` when it exists, anything else → the lexicon), or a named trained model classifies
 * every text. Every result names the classifier that produced it.
 */
export class SentimentService {
  private readonly models: SentimentModelsRepo;
  /** Loaded trained models by id and version, so a retrain under the same name is picked up. */
  private readonly loaded = new Map<string, { updatedAt: string; classifier: SentimentClassifier }>();

  constructor(private readonly deps: SentimentServiceDeps) {
    this.models = new SentimentModelsRepo(deps.db);
  }

  get zhModelName(): string | undefined {
    return this.deps.zhModelName;
  }

  /** The classifier for a tenant: a named trained model, or the language router. */
  async classifierFor(tenantId: string, modelName?: string): Promise<SentimentClassifier> {
    const detectLanguage = await this.deps.detector();
    const lexicon = await this.deps.lexicon();
    if (modelName) {
      const model = await this.trained(tenantId, modelName);
      // Still routed, so each result reports its language; every language goes to the model.
      return createSentimentRouter({
        byLanguage: {},
        fallback: tagged(model, `model:${modelName}`),
        detectLanguage,
        minConfidence: 0,
      });
    }
    const english = await this.deps.english();
    const zhName = this.deps.zhModelName;
    const zhInfo = zhName ? await this.models.find(tenantId, zhName) : null;
    const zh =
      zhInfo && zhName
        ? tagged(await this.trained(tenantId, zhName), `model:${zhName}`)
        : await this.defaultChinese();
    return createSentimentRouter({
      byLanguage: {
        en: tagged(english, english.id),
        ...(zh ? { zh } : {}),
      },
      fallback: tagged(lexicon, lexicon.id),
      detectLanguage,
    });
  }

  async classify(tenantId: string, texts: readonly string[], modelName?: string): Promise<ClassifiedText[]> {
    const classifier = await this.classifierFor(tenantId, modelName);
    const results = (await classifier.classify(texts)) as Tagged[];
    return results.map((r) => {
      const { [CLASSIFIER_TAG]: name, ...rest } = r;
      return { ...rest, language: r.language ?? 'und', classifier: name ?? classifier.id };
    });
  }

  /** Whether Chinese has its own model for this tenant (for the explanation in responses). */
  async hasChineseModel(tenantId: string): Promise<boolean> {
    if (this.deps.chinese) return true;
    return this.deps.zhModelName ? (await this.models.find(tenantId, this.deps.zhModelName)) !== null : false;
  }

  private async defaultChinese(): Promise<SentimentClassifier | null> {
    if (!this.deps.chinese) return null;
    const classifier = await this.deps.chinese();
    return tagged(classifier, classifier.id);
  }

  async train(input: TrainModelInput): Promise<TrainModelOutcome> {
    const started = performance.now();
    const trained = trainSentimentModel(input.rows, {
      id: `model:${input.name}`,
      holdoutFraction: input.holdoutFraction ?? 0.2,
      seed: 1,
      ...(input.languages ? { languages: input.languages } : {}),
    });
    const trainingMs = performance.now() - started;
    const saved = await this.models.save({
      tenantId: input.tenantId,
      name: input.name,
      labels: trained.labels,
      languages: input.languages ?? ['*'],
      heldOutAccuracy: trained.heldOutAccuracy,
      heldOutCount: trained.heldOutCount,
      trainingRows: input.rows.length,
      model: trained.serialize(),
    });
    this.loaded.set(saved.model.id, { updatedAt: saved.model.updatedAt, classifier: trained.classifier });
    return {
      ...saved,
      heldOutAccuracy: trained.heldOutAccuracy,
      heldOutCount: trained.heldOutCount,
      trainingMs,
    };
  }

  listModels(tenantId: string): Promise<SentimentModelInfo[]> {
    return this.models.list(tenantId);
  }

  async deleteModel(tenantId: string, name: string): Promise<void> {
    const info = await this.models.get(tenantId, name);
    await this.models.delete(tenantId, name);
    this.loaded.delete(info.id);
  }

  /** Checks a model name exists before a batch is accepted with it. */
  async requireModel(tenantId: string, name: string): Promise<SentimentModelInfo> {
    return this.models.get(tenantId, name);
  }

  private async trained(tenantId: string, name: string): Promise<SentimentClassifier> {
    const info = await this.models.find(tenantId, name);
    if (!info) throw new AppError('sentiment_model_not_found', `no sentiment model named '${name}'`);
    const cached = this.loaded.get(info.id);
    if (cached && cached.updatedAt === info.updatedAt) return cached.classifier;
    const classifier = loadTrainedSentimentModel(await this.models.serialized(info.id));
    this.loaded.set(info.id, { updatedAt: info.updatedAt, classifier });
    return classifier;
  }

  async close(): Promise<void> {
    this.loaded.clear();
  }
}
