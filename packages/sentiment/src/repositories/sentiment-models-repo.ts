import { AppError, newId } from '@grounded/core';
import type { Queryable } from '@grounded/storage';

export interface SentimentModelInfo {
  id: string;
  tenantId: string;
  name: string;
  labels: string[];
  languages: string[];
  heldOutAccuracy: number | null;
  heldOutCount: number;
  trainingRows: number;
  createdAt: string;
  updatedAt: string;
}

interface ModelRow {
  id: string;
  tenant_id: string;
  name: string;
  labels: string[];
  languages: string[];
  held_out_accuracy: number | null;
  held_out_count: number;
  training_rows: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS =
  'id, tenant_id, name, labels, languages, held_out_accuracy, held_out_count, training_rows, created_at, updated_at';

function toInfo(row: ModelRow): SentimentModelInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    labels: row.labels,
    languages: row.languages,
    heldOutAccuracy: row.held_out_accuracy === null ? null : Number(row.held_out_accuracy),
    heldOutCount: row.held_out_count,
    trainingRows: row.training_rows,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Sentiment models trained on a tenant's own labels, stored by name (a retrain replaces it). */
export class SentimentModelsRepo {
  constructor(private readonly db: Queryable) {}

  async save(input: {
    tenantId: string;
    name: string;
    labels: string[];
    languages: string[];
    heldOutAccuracy: number | null;
    heldOutCount: number;
    trainingRows: number;
    model: string;
  }): Promise<{ model: SentimentModelInfo; created: boolean }> {
    const { rows } = await this.db.query<ModelRow & { inserted: boolean }>(
      `insert into sentiment_models (id, tenant_id, name, labels, languages, held_out_accuracy, held_out_count,
         training_rows, model)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (tenant_id, name) do update set labels = excluded.labels, languages = excluded.languages,
         held_out_accuracy = excluded.held_out_accuracy, held_out_count = excluded.held_out_count,
         training_rows = excluded.training_rows, model = excluded.model, updated_at = now()
       returning ${COLUMNS}, (xmax = 0) as inserted`,
      [
        newId('smod'),
        input.tenantId,
        input.name,
        input.labels,
        input.languages,
        input.heldOutAccuracy,
        input.heldOutCount,
        input.trainingRows,
        input.model,
      ],
    );
    const row = rows[0]!;
    return { model: toInfo(row), created: row.inserted };
  }

  async list(tenantId: string): Promise<SentimentModelInfo[]> {
    const { rows } = await this.db.query<ModelRow>(
      `select ${COLUMNS} from sentiment_models where tenant_id = $1 order by name`,
      [tenantId],
    );
    return rows.map(toInfo);
  }

  async find(tenantId: string, name: string): Promise<SentimentModelInfo | null> {
    const { rows } = await this.db.query<ModelRow>(
      `select ${COLUMNS} from sentiment_models where tenant_id = $1 and name = $2`,
      [tenantId, name],
    );
    return rows[0] ? toInfo(rows[0]) : null;
  }

  async get(tenantId: string, name: string): Promise<SentimentModelInfo> {
    const found = await this.find(tenantId, name);
    if (!found) throw new AppError('sentiment_model_not_found', `no sentiment model named '${name}'`);
    return found;
  }

  async serialized(id: string): Promise<string> {
    const { rows } = await this.db.query<{ model: string }>(
      'select model from sentiment_models where id = $1',
      [id],
    );
    if (!rows[0]) throw new AppError('sentiment_model_not_found', `sentiment model ${id} is gone`);
    return rows[0].model;
  }

  async delete(tenantId: string, name: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'delete from sentiment_models where tenant_id = $1 and name = $2',
      [tenantId, name],
    );
    return rowCount > 0;
  }
}
