import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TenantsRepo } from '@grounded/access';
import { describeError } from '@grounded/core';
import type { Collection } from '@grounded/documents';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { loadConfigOrExit } from './config';
import { type Container, createContainer } from './container';
import { createLogger } from './logger';

const USAGE = `usage:
  grounded ingest <files…> [--collection NAME]   ingest files into a collection (created if missing)
  grounded ask "<question>" [--collection NAME]  answer from a collection, with citations
  grounded create-key --tenant ID --role admin|agent [--name NAME] [--principals a,b]
                                                 bootstrap a tenant and an API key (printed once)
The same settings as the server apply (DATABASE_URL, REDIS_URL, DATA_DIR, …).`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      collection: { type: 'string', short: 'c', default: 'demo' },
      tenant: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      principals: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  const valid =
    (command === 'create-key' && values.tenant && values.role) ||
    ((command === 'ingest' || command === 'ask') && rest.length > 0);
  if (values.help || !valid) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfigOrExit({ LOG_LEVEL: 'warn', ...process.env });
  const container = await createContainer(config, createLogger(config.LOG_LEVEL, 'grounded-cli'));
  try {
    if (command === 'create-key') {
      return await createKey(container, {
        tenant: values.tenant!,
        role: values.role!,
        name: values.name ?? `${values.role} key`,
        principals:
          values.principals
            ?.split(',')
            .map((p) => p.trim())
            .filter(Boolean) ?? [],
      });
    }
    const collection = await ensureCollection(container, values.collection);
    if (command === 'ingest') return await ingest(container, collection, rest);
    return await ask(container, collection, rest.join(' '));
  } finally {
    await container.close();
  }
}

async function createKey(
  container: Container,
  options: { tenant: string; role: string; name: string; principals: string[] },
): Promise<number> {
  // Widget access is by widget token (POST /v1/widget-tokens), never by an unbound key (issue #12).
  const role = z.enum(['admin', 'agent']).parse(options.role);
  const tenant = await new TenantsRepo(container.db).ensure(options.tenant);
  const { key, record } = await container.apiKeys.create({
    tenantId: tenant.id,
    name: options.name,
    role,
    principals: options.principals,
  });
  console.log(`created ${record.role} key ${record.id} for tenant '${tenant.id}' (shown only now):\n${key}`);
  return 0;
}

async function ensureCollection(container: Container, name: string): Promise<Collection> {
  const { collections } = container;
  return (
    (await collections.findByName('default', name)) ??
    (await collections.create({ tenantId: 'default', name }))
  );
}

async function ingest(container: Container, collection: Collection, files: string[]): Promise<number> {
  await container.queue.startWorker(container.jobHandlers);
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {value}/{total} documents | {file} {stage}',
    hideCursor: true,
  });
  bar.start(files.length, 0, { file: '', stage: '' });
  let failed = 0;
  const started = Date.now();
  for (const [i, file] of files.entries()) {
    bar.update(i, { file: path.basename(file), stage: 'uploading' });
    try {
      const outcome = await container.documents.upload({
        tenantId: 'default',
        collectionId: collection.id,
        bytes: await readFile(file),
        filename: path.basename(file),
      });
      let job = outcome.job;
      while (job && (job.status === 'queued' || job.status === 'running')) {
        const progress = job.progress as { stage?: string; chunksEmbedded?: number; chunksToEmbed?: number };
        const detail =
          progress.chunksToEmbed !== undefined
            ? ` ${progress.chunksEmbedded}/${progress.chunksToEmbed} chunks`
            : '';
        bar.update(i, { file: path.basename(file), stage: `${progress.stage ?? job.status}${detail}` });
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await container.queue.get(job.id);
      }
      if (job?.status === 'failed') {
        failed++;
        bar.stop();
        console.error(`✗ ${file}: ${job.error}`);
        bar.start(files.length, i + 1, { file: '', stage: '' });
      }
    } catch (error) {
      failed++;
      bar.stop();
      console.error(`✗ ${file}: ${describeError(error)}`);
      bar.start(files.length, i + 1, { file: '', stage: '' });
    }
    bar.update(i + 1, { stage: 'done' });
  }
  bar.stop();
  console.log(
    `ingested ${files.length - failed}/${files.length} documents into '${collection.name}' (${collection.id}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed > 0 ? 1 : 0;
}

async function ask(container: Container, collection: Collection, question: string): Promise<number> {
  for await (const event of container.chat.answer({
    tenantId: 'default',
    collectionId: collection.id,
    message: question,
  })) {
    if (event.type === 'answer-delta') process.stdout.write(event.text);
    if (event.type === 'answer-end') {
      process.stdout.write('\n\n');
      for (const citation of event.citations) {
        console.log(
          `[${citation.number}] ${citation.documentTitle ?? citation.documentId} (chars ${citation.start}-${citation.end}${citation.page ? `, page ${citation.page}` : ''}): "${citation.quote}"`,
        );
      }
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describeError(error));
    process.exit(1);
  },
);
