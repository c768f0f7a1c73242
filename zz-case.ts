import { createUseLiteEmbedder } from './packages/retrieval/src/use-lite-embedder';
const e = await createUseLiteEmbedder({});
const s = 'The Team plan includes 2 TB of shared storage for $20 per user per month, with a minimum of three users.';
const qs = ['How much does the team plan cost?', 'How much does the Team plan cost?', 'how much is the enterprise plan', 'how much is the Enterprise plan'];
const v = await e.embed([s, ...qs]);
const dot = (a: number[], b: number[]) => a.reduce((x, y, i) => x + y * b[i]!, 0);
qs.forEach((q, i) => console.log(q, dot(v[0] as number[], v[i + 1] as number[]).toFixed(3)));
