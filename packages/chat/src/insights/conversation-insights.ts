import { DocumentsRepo } from '@grounded/documents';
import type { Database } from '@grounded/storage';
import type { Viewer } from '../conversation-service';
import type { TurnSentimentSource } from '../handoff/handoff-service';

export interface ConversationInsightsQuery {
  collectionId?: string | undefined;
  days: number;
  /** Conversations whose sentiment is reported (the newest). */
  conversations: number;
}

export interface ConversationInsights {
  since: string;
  /** Per UTC day: conversations started, questions asked, questions the assistant abstained on. */
  volumes: { day: string; conversations: number; questions: number; abstained: number }[];
  /** CSAT: the share of rated answers rated 4–5 (thumbs up is 5, down is 1). */
  csat: { ratings: number; satisfied: number; dissatisfied: number; score: number | null };
  /** Most asked questions, grouped by their normalised standalone form. */
  topQuestions: { question: string; count: number; abstained: number; lastAskedAt: string }[];
  /** The customer's sentiment per conversation: the mean of its questions' scores. */
  sentiment: {
    conversationId: string;
    title: string | null;
    label: string;
    score: number;
    turns: number;
  }[];
}

/**
 * Conversation insights (issue #18): volumes by day, CSAT from ratings, top questions and the
 * customer's sentiment per conversation, from the project's own sentiment classifiers. Visibility
 * follows the gaps report: admins see the tenant's conversations; agents their own and site
 * visitors'; question text only where the viewer may read every document behind its turn.
 */
export class ConversationInsightsService {
  private readonly documents: DocumentsRepo;

  constructor(private readonly deps: { db: Database; sentiment: TurnSentimentSource; now?: () => Date }) {
    this.documents = new DocumentsRepo(deps.db);
  }

  async report(viewer: Viewer, query: ConversationInsightsQuery): Promise<ConversationInsights> {
    const now = this.deps.now?.() ?? new Date();
    const since = new Date(now.getTime() - query.days * 86_400_000);
    const owner = viewer.seesAllConversations ? null : viewer.subjectId;
    const scope = [viewer.tenantId, since, query.collectionId ?? null, owner];
    // Who may see a conversation, as SQL over `c` (conversations).
    const visible = `c.tenant_id = $1 and ($3::text is null or c.collection_id = $3)
      and ($4::text is null or c.owner_id = $4 or c.owner_id like 'wt\\_%')`;
    const { rows: volumes } = await this.deps.db.query<{
      day: string;
      conversations: string;
      questions: string;
      abstained: string;
    }>(
      `with days as (
         select to_char(date_trunc('day', m.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
                m.role, m.abstained, m.seq, m.conversation_id
         from messages m join conversations c on c.id = m.conversation_id
         where ${visible} and m.created_at >= $2)
       select day,
              count(distinct conversation_id) filter (where role = 'user' and seq = 1) as conversations,
              count(*) filter (where role = 'user') as questions,
              count(*) filter (where role = 'assistant' and abstained is true) as abstained
       from days group by day order by day`,
      scope,
    );
    const { rows: ratings } = await this.deps.db.query<{
      ratings: string;
      satisfied: string;
      dissatisfied: string;
    }>(
      `select count(*) as ratings, count(*) filter (where f.rating >= 4) as satisfied,
              count(*) filter (where f.rating <= 2) as dissatisfied
       from feedback f join messages m on m.id = f.message_id join conversations c on c.id = m.conversation_id
       where ${visible} and f.created_at >= $2`,
      scope,
    );
    const rated = Number(ratings[0]?.ratings ?? 0);
    const satisfied = Number(ratings[0]?.satisfied ?? 0);
    const { rows: questions } = await this.deps.db.query<{
      conversation_id: string;
      title: string | null;
      content: string;
      query: string | null;
      created_at: Date | string;
      abstained: boolean | null;
      document_ids: string[];
    }>(
      `select q.conversation_id, c.title, q.content, q.query, q.created_at, a.abstained,
              array(select distinct x from unnest(q.context_document_ids || coalesce(a.context_document_ids, '{}') ||
                array(select jsonb_array_elements_text(jsonb_path_query_array(
                  coalesce(a.sources, '[]'::jsonb) || coalesce(a.citations, '[]'::jsonb), '$[*].documentId')))) as x)
                as document_ids
       from messages q join conversations c on c.id = q.conversation_id
       left join messages a on a.conversation_id = q.conversation_id and a.seq = q.seq + 1 and a.role = 'assistant'
       where ${visible} and q.role = 'user' and q.created_at >= $2
       order by q.created_at desc limit 2000`,
      scope,
    );
    const hidden = await this.documents.unreadable(
      viewer.tenantId,
      questions.flatMap((q) => q.document_ids),
      viewer.principals,
    );
    const readable = questions.filter((q) => !q.document_ids.some((id) => hidden.has(id)));
    const groups = new Map<string, { question: string; count: number; abstained: number; last: number }>();
    for (const q of readable) {
      const text = (q.query ?? q.content).trim();
      const key = text
        .toLowerCase()
        .replace(/\s+/gu, ' ')
        .replace(/[\s?？.。!！]+$/u, '');
      const at = new Date(q.created_at).getTime();
      const group = groups.get(key) ?? { question: text, count: 0, abstained: 0, last: 0 };
      group.count++;
      if (q.abstained === true) group.abstained++;
      group.last = Math.max(group.last, at);
      groups.set(key, group);
    }
    const topQuestions = [...groups.values()]
      .sort((a, b) => b.count - a.count || b.last - a.last)
      .slice(0, 20)
      .map((g) => ({
        question: g.question,
        count: g.count,
        abstained: g.abstained,
        lastAskedAt: new Date(g.last).toISOString(),
      }));
    // Sentiment of the newest conversations, from the customer's own words.
    const byConversation = new Map<string, { title: string | null; texts: string[] }>();
    for (const q of readable) {
      const entry = byConversation.get(q.conversation_id);
      if (entry) entry.texts.push(q.content);
      else if (byConversation.size < query.conversations) {
        byConversation.set(q.conversation_id, { title: q.title, texts: [q.content] });
      }
    }
    const entries = [...byConversation.entries()];
    const texts = entries.flatMap(([, e]) => e.texts);
    const classified = texts.length === 0 ? [] : await this.deps.sentiment.classify(viewer.tenantId, texts);
    let at = 0;
    const sentiment = entries.map(([conversationId, e]) => {
      const results = classified.slice(at, at + e.texts.length);
      at += e.texts.length;
      const score = results.reduce((sum, r) => sum + r.score, 0) / results.length;
      const negative = results.filter((r) => r.label === 'negative').length;
      const positive = results.filter((r) => r.label === 'positive').length;
      const label = negative > positive ? 'negative' : positive > negative ? 'positive' : 'neutral';
      return {
        conversationId,
        title: e.title,
        label,
        score: Math.round(score * 1000) / 1000,
        turns: results.length,
      };
    });
    return {
      since: since.toISOString(),
      volumes: volumes.map((v) => ({
        day: v.day,
        conversations: Number(v.conversations),
        questions: Number(v.questions),
        abstained: Number(v.abstained),
      })),
      csat: {
        ratings: rated,
        satisfied,
        dissatisfied: Number(ratings[0]?.dissatisfied ?? 0),
        score: rated === 0 ? null : Math.round((satisfied / rated) * 1000) / 1000,
      },
      topQuestions,
      sentiment,
    };
  }
}
