import { sha256Hex } from '@grounded/core';
import type { Collection } from '@grounded/documents';
import { DocumentsRepo } from '@grounded/documents';
import { type Embedder, embedderReads } from '@grounded/retrieval';
import type { SearchService } from '@grounded/search';
import type { Database } from '@grounded/storage';
import type { Viewer } from '../conversation-service';
import { clusterByAverageLinkage, medoidOf } from './cluster';

/**
 * Cosine threshold for average linkage on USE-lite question vectors, chosen on the labelled
 * paraphrase groups (eval/data/gaps-paraphrase-groups.tsv, `npm run eval -- gaps`).
 */
export const DEFAULT_GAP_THRESHOLD = 0.55;
/** Questions read per report, newest first: clustering is quadratic in them. */
export const MAX_GAP_QUESTIONS = 500;
/** A question this many days old counts half as much as one asked now. */
const RECENCY_HALF_LIFE_DAYS = 14;
const EXAMPLES_PER_CLUSTER = 5;
const DOCUMENTS_PER_CLUSTER = 3;

export type GapReason = 'abstained' | 'negative_feedback';

export interface GapQuestion {
  messageId: string;
  conversationId: string;
  question: string;
  askedAt: string;
  reasons: GapReason[];
}

export interface GapCluster {
  /** Stable while the cluster's representative question is: derived from its message id. */
  id: string;
  collectionId: string;
  /** The member question closest to the cluster's centre. */
  label: string;
  count: number;
  abstained: number;
  negativeFeedback: number;
  firstAskedAt: string;
  lastAskedAt: string;
  /** Frequency weighted by recency: the sum of 0.5^(age in days / 14) over its questions. */
  score: number;
  examples: GapQuestion[];
  /** The documents a search for the label finds: what to extend, or what failed to answer. */
  nearestDocuments: { documentId: string; title: string | null; score: number }[];
}

export interface GapsQuery {
  collectionId?: string | undefined;
  days: number;
  limit: number;
  threshold?: number | undefined;
}

export interface GapsReport {
  since: string;
  questions: number;
  threshold: number;
  clusters: GapCluster[];
}

interface GapRow {
  id: string;
  conversation_id: string;
  collection_id: string;
  content: string;
  query: string | null;
  created_at: Date | string;
  abstained: boolean | null;
  rating: number | null;
  document_ids: string[];
}

export interface GapsServiceOptions {
  db: Database;
  search: Pick<SearchService, 'search' | 'collection'>;
  /** The embedder that built a collection: questions are compared in its space. */
  embedderFor(collection: Collection): Promise<Embedder>;
  now?: () => Date;
}

/**
 * Content gaps (issue #18): the questions the assistant abstained on or whose answer was rated
 * down, clustered by meaning and ranked by frequency and recency.
 */
export class GapsService {
  private readonly documents: DocumentsRepo;

  constructor(private readonly options: GapsServiceOptions) {
    this.documents = new DocumentsRepo(options.db);
  }

  async report(viewer: Viewer, query: GapsQuery): Promise<GapsReport> {
    const now = this.options.now?.() ?? new Date();
    const since = new Date(now.getTime() - query.days * 86_400_000);
    const threshold = query.threshold ?? DEFAULT_GAP_THRESHOLD;
    if (query.collectionId) await this.options.search.collection(viewer.tenantId, query.collectionId);
    const rows = await this.visibleRows(viewer, query.collectionId, since);
    const byCollection = new Map<string, GapRow[]>();
    for (const row of rows) {
      const list = byCollection.get(row.collection_id) ?? [];
      list.push(row);
      byCollection.set(row.collection_id, list);
    }
    const clusters: GapCluster[] = [];
    for (const [collectionId, members] of byCollection) {
      clusters.push(...(await this.clusterCollection(viewer, collectionId, members, threshold, now)));
    }
    clusters.sort((a, b) => b.score - a.score || b.lastAskedAt.localeCompare(a.lastAskedAt));
    const top = clusters.slice(0, query.limit);
    // Searching is the costly part: only for the clusters returned.
    for (const cluster of top) cluster.nearestDocuments = await this.nearestDocuments(viewer, cluster);
    return { since: since.toISOString(), questions: rows.length, threshold, clusters: top };
  }

  /**
   * The gap questions this viewer may see. Admins: all of the tenant's. Agents: their own and
   * site visitors' (widget-token subjects), never another staff member's conversation, and only
   * questions whose turn (the question, its history and the answer's sources) used documents the
   * agent may read now: a question can restate what an earlier answer quoted (issue #12).
   */
  private async visibleRows(
    viewer: Viewer,
    collectionId: string | undefined,
    since: Date,
  ): Promise<GapRow[]> {
    const { rows } = await this.options.db.query<GapRow>(
      `select q.id, q.conversation_id, q.collection_id, q.content, q.query, q.created_at, a.abstained,
              f.rating,
              array(select distinct x from unnest(q.context_document_ids || a.context_document_ids ||
                array(select jsonb_array_elements_text(jsonb_path_query_array(a.sources || a.citations,
                  '$[*].documentId')))) as x) as document_ids
       from messages q
       join messages a on a.conversation_id = q.conversation_id and a.seq = q.seq + 1 and a.role = 'assistant'
       join conversations c on c.id = q.conversation_id and c.tenant_id = q.tenant_id
       left join feedback f on f.message_id = a.id and f.tenant_id = a.tenant_id
       where q.tenant_id = $1 and q.role = 'user' and q.collection_id is not null
         and (a.abstained is true or f.rating <= 2)
         and q.created_at >= $2
         and ($3::text is null or q.collection_id = $3)
         and ($4::text is null or c.owner_id = $4 or c.owner_id like 'wt\\_%')
       order by q.created_at desc
       limit $5`,
      [
        viewer.tenantId,
        since,
        collectionId ?? null,
        viewer.seesAllConversations ? null : viewer.subjectId,
        MAX_GAP_QUESTIONS,
      ],
    );
    const hidden = await this.documents.unreadable(
      viewer.tenantId,
      rows.flatMap((row) => row.document_ids),
      viewer.principals,
    );
    return rows.filter((row) => !row.document_ids.some((id) => hidden.has(id)));
  }

  private async clusterCollection(
    viewer: Viewer,
    collectionId: string,
    rows: readonly GapRow[],
    threshold: number,
    now: Date,
  ): Promise<GapCluster[]> {
    const collection = await this.options.search.collection(viewer.tenantId, collectionId);
    const embedder = await this.options.embedderFor(collection);
    // The standalone rewrite, when there is one: "and for Germany?" means nothing alone.
    const texts = rows.map((row) => (row.query ?? row.content).trim());
    const vectors = await embedder.embed(texts);
    // A question the embedder cannot read (Chinese on USE-lite) would join any other by its noise
    // vector: it joins only the same question asked again (review of the Chinese retrieval round).
    const unread = texts.map((text) => !embedderReads(embedder, text));
    const read = texts.flatMap((_, i) => (unread[i] ? [] : [i]));
    const byText = new Map<string, number[]>();
    for (const [i, text] of texts.entries()) {
      if (!unread[i]) continue;
      const same = sameQuestion(text);
      byText.set(same, [...(byText.get(same) ?? []), i]);
    }
    const clusters = [
      ...clusterByAverageLinkage(
        read.map((i) => vectors[i]!),
        { threshold },
      ).map((members) => members.map((m) => read[m]!)),
      ...byText.values(),
    ];
    return clusters.map((indexes) => {
      const members = indexes.map((i) => rows[i]!);
      const medoid = rows[medoidOf(vectors, indexes)]!;
      const times = members.map((row) => new Date(row.created_at).getTime());
      const score = times.reduce(
        (sum, t) => sum + 0.5 ** ((now.getTime() - t) / 86_400_000 / RECENCY_HALF_LIFE_DAYS),
        0,
      );
      return {
        id: `gap_${sha256Hex(`${collectionId}\n${medoid.id}`).slice(0, 16)}`,
        collectionId,
        label: (medoid.query ?? medoid.content).trim(),
        count: members.length,
        abstained: members.filter((row) => row.abstained === true).length,
        negativeFeedback: members.filter((row) => row.rating !== null && row.rating <= 2).length,
        firstAskedAt: new Date(Math.min(...times)).toISOString(),
        lastAskedAt: new Date(Math.max(...times)).toISOString(),
        score: Math.round(score * 1000) / 1000,
        examples: members.slice(0, EXAMPLES_PER_CLUSTER).map(toQuestion),
        nearestDocuments: [],
      };
    });
  }

  private async nearestDocuments(
    viewer: Viewer,
    cluster: GapCluster,
  ): Promise<GapCluster['nearestDocuments']> {
    const { results } = await this.options.search.search({
      tenantId: viewer.tenantId,
      collectionId: cluster.collectionId,
      query: cluster.label,
      k: 10,
      mode: 'hybrid',
      ...(viewer.principals ? { principals: viewer.principals } : {}),
    });
    const seen = new Map<string, GapCluster['nearestDocuments'][number]>();
    for (const result of results) {
      if (seen.has(result.documentId)) continue;
      seen.set(result.documentId, {
        documentId: result.documentId,
        title: result.documentTitle,
        score: Math.round(result.score * 1000) / 1000,
      });
    }
    return [...seen.values()].slice(0, DOCUMENTS_PER_CLUSTER);
  }
}

function toQuestion(row: GapRow): GapQuestion {
  const reasons: GapReason[] = [];
  if (row.abstained === true) reasons.push('abstained');
  if (row.rating !== null && row.rating <= 2) reasons.push('negative_feedback');
  return {
    messageId: row.id,
    conversationId: row.conversation_id,
    question: row.content,
    askedAt: new Date(row.created_at).toISOString(),
    reasons,
  };
}

/** A question as asked again: case, width, spaces and end punctuation aside. */
function sameQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s?？!！。.]+/gu, '');
}
