import { seedDemo } from '@grounded/api';
import { type AnswerEnd, answerInProcess, DEMO_QUESTIONS } from './chat';
import { log, startContainer } from './context';
import { summarize } from './measure';

/**
 * `npx tsx bench/safety-latency.ts`: criterion (b) of eval/safety-default-rule.md. Chat turns in
 * process on the demo collection with SAFETY_CLASSIFIER=lexicon and =learned: (1) as the chat
 * bench runs them (QUERY_CACHE_SIZE=0, the ten demo questions repeated), (2) with the default
 * query-vector cache and never-seen questions (each demo question with its own order number), the
 * realistic case. Reports the input guardrails', retrieval's and the whole turn's p50: with the
 * vector shared, retrieval's query embedding is a cache hit after the safety check embedded it.
 */

async function measure(classifier: string, cache: string, fresh: boolean, rounds: number) {
  const started = await startContainer({ SAFETY_CLASSIFIER: classifier, QUERY_CACHE_SIZE: cache });
  try {
    const { container } = started;
    const collection = await seedDemo(container);
    await container.indexes.ready(collection);
    let n = 0;
    const ask = (message: string) => answerInProcess(container, collection.id, message);
    for (const q of DEMO_QUESTIONS) await ask(`${q} (warm-up)`);
    const guard: number[] = [];
    const total: number[] = [];
    const retrieval: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of DEMO_QUESTIONS) {
        const message = fresh ? `${q.replace(/[?？]$/, '')} for order ${1000 + n}?` : q;
        n++;
        const end = await ask(message);
        const t = end.timing as AnswerEnd['timing'] & { guardrailsMs: number };
        guard.push(t.guardrailsMs);
        total.push(t.totalMs);
        retrieval.push(t.retrievalMs);
      }
    }
    const g = summarize(guard);
    const t = summarize(total);
    console.log(
      `| ${classifier} | ${cache === '0' ? '0 (chat bench), repeated questions' : `${cache}, never-seen questions`} | ${n} | ${g.p50.toFixed(1)} | ${g.mean.toFixed(1)} | ${t.p50.toFixed(1)} | ${t.mean.toFixed(1)} | ${((g.mean / t.mean) * 100).toFixed(1)}% | ${summarize(retrieval).p50.toFixed(1)} |`,
    );
  } finally {
    await started.dispose();
  }
}

const rounds = Number(process.argv[2] ?? 4);
const caches = (process.argv[3] ?? '2000,0').split(',');
console.log(
  '| SAFETY_CLASSIFIER | query cache | turns | guardrails p50 ms | guardrails mean ms | total p50 ms | total mean ms | guardrails share | retrieval p50 ms |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const cache of caches) {
  const fresh = cache !== '0';
  for (const classifier of ['lexicon', 'learned', 'lexicon', 'learned']) {
    log(`${classifier}, cache ${cache}`);
    await measure(classifier, cache, fresh, rounds);
  }
}
