import { seedDemo } from '@grounded/api';
import { CollectionsRepo } from '@grounded/documents';
import { DEMO_QUESTIONS } from '../chat';
import { adminAuth, listen, startContainer } from '../context';
import { peakRssMb } from '../measure';

/**
 * Child process: the API as `npm start` runs it (PGlite, in-process queue, USE-lite, extractive
 * answerer) with the demo collection ingested and a round of chat questions answered; prints its
 * RSS and peak RSS as one JSON line. Run in its own process so nothing else the bench did counts.
 */
const started = await startContainer();
const afterStart = process.memoryUsage.rss();
const collection = await seedDemo(started.container);
for (const c of await new CollectionsRepo(started.container.db).all())
  await started.container.indexes.ready(c);
const { url } = await listen(started.container);
const auth = await adminAuth(started.container);
for (const message of DEMO_QUESTIONS) {
  const response = await fetch(`${url}/v1/chat`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ collectionId: collection.id, message }),
  });
  if (!response.ok) throw new Error(`chat answered ${response.status}`);
  await response.arrayBuffer();
}
process.stdout.write(
  `${JSON.stringify({
    rssAfterStartMb: afterStart / 2 ** 20,
    rssMb: process.memoryUsage.rss() / 2 ** 20,
    peakRssMb: peakRssMb(),
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    chunks: started.container.indexes.stats().chunks,
  })}\n`,
);
process.exit(0);
