import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TenantsRepo } from '@grounded/access';
import { describeError, isAppError } from '@grounded/core';
import { DataDirLockedError } from '@grounded/storage';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { type Backend, type CliCollection, CliError } from './cli/backend';
import { createDirectBackend } from './cli/direct-backend';
import { HeldOutput } from './cli/held-output';
import { createHttpBackend, serverAnswers } from './cli/http-backend';
import { loadConfigOrExit } from './config';
import { type Container, createContainer } from './container';
import { demoApiKeyFile } from './demo-seed';
import { createLogger } from './logger';

const USAGE = `usage:
  grounded ingest <files…> [--collection ID|NAME] [--create] [--password PW]
                                     ingest files into a collection (--create makes it if missing)
  grounded ask "<question>" [--collection ID|NAME]
                                     answer from a collection, with citations
  grounded create-key --tenant ID --role admin|agent [--name NAME] [--principals a,b]
                                     bootstrap a tenant and an API key (printed once); opens the
                                     data directly, so stop an embedded server first

The collection defaults to 'demo'. By default the CLI talks to a running server:
  --url URL      the server (env GROUNDED_URL; default http://127.0.0.1:$PORT, PORT 3000)
  --key KEY      an API key (env GROUNDED_API_KEY; default: DATA_DIR/demo-api-key)
  --direct       open DATA_DIR itself instead (refused while a server holds it)
With no --url and no server answering, it opens DATA_DIR itself. The server's settings apply
in that case (DATABASE_URL, REDIS_URL, DATA_DIR, …).`;

/** The CLI's own settings, from the environment (the server's are read by config.ts). */
const cliEnv = z.object({
  GROUNDED_URL: z.url().optional(),
  GROUNDED_API_KEY: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /** The server's own PORT setting: where a server started from the same settings listens. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      collection: { type: 'string', short: 'c', default: 'demo' },
      create: { type: 'boolean' },
      password: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      direct: { type: 'boolean' },
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
  const env = cliEnv.parse(
    Object.fromEntries(
      Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''),
    ),
  );
  const output = new HeldOutput();

  if (command === 'create-key') {
    const container = await openDirect(output);
    try {
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
    } finally {
      await container.close();
    }
  }

  const backend = await connect({ ...values, env, output });
  try {
    const collection = await resolveCollection(backend, values.collection, values.create === true);
    if (command === 'ingest') return await ingest(backend, collection, rest, values.password, output);
    return await ask(backend, collection, rest.join(' '));
  } finally {
    await backend.close();
  }
}

/**
 * A server at --url (or GROUNDED_URL) is used over HTTP, never bypassed. With neither set, the
 * default address is tried, and only when nothing answers there is the data folder opened, under
 * its lock, so the CLI cannot write behind a running server's back (issue #17).
 */
async function connect(options: {
  url?: string | undefined;
  key?: string | undefined;
  direct?: boolean | undefined;
  env: z.infer<typeof cliEnv>;
  output: HeldOutput;
}): Promise<Backend> {
  const { env, output } = options;
  if (options.direct) return createDirectBackend(await openDirect(output));
  const explicit = options.url ?? env.GROUNDED_URL;
  const url = explicit ?? `http://127.0.0.1:${env.PORT}`;
  if (await serverAnswers(url)) {
    const key = options.key ?? env.GROUNDED_API_KEY ?? (await readDemoKey(env.DATA_DIR));
    if (!key) {
      throw new CliError(
        `a server answers at ${url}, but no API key was given: pass --key, set GROUNDED_API_KEY, or point DATA_DIR at the server's data folder (its demo-api-key)`,
      );
    }
    return createHttpBackend({ url, key });
  }
  if (explicit) throw new CliError(`no grounded server answers at ${url}`);
  console.error(
    `no server answers at ${url}; opening the data folder ${path.resolve(env.DATA_DIR)} directly`,
  );
  return createDirectBackend(await openDirect(output));
}

async function readDemoKey(dataDir: string): Promise<string | null> {
  try {
    return (await readFile(demoApiKeyFile(dataDir), 'utf8')).trim() || null;
  } catch {
    return null;
  }
}

async function openDirect(output: HeldOutput): Promise<Container> {
  const config = loadConfigOrExit({ LOG_LEVEL: 'warn', ...process.env });
  // Logs go to stderr, held while the progress bar is drawn; stdout is for results.
  const logger = createLogger(
    config.LOG_LEVEL,
    'grounded-cli',
    output.stream,
    config.LOG_FORMAT === 'json' ? 'json' : process.stderr.isTTY ? 'pretty' : 'json',
  );
  return createContainer(config, logger);
}

/** By id or by name; never created unless asked (issue #17: a typo made an empty collection). */
async function resolveCollection(backend: Backend, ref: string, create: boolean): Promise<CliCollection> {
  const found = await backend.findCollection(ref);
  if (found) return found;
  if (!create) {
    throw new CliError(
      `no collection with the id or name '${ref}' in ${backend.where}; pass --create to create a collection named '${ref}'`,
    );
  }
  const created = await backend.createCollection(ref);
  console.error(`created collection '${created.name}' (${created.id})`);
  return created;
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

async function ingest(
  backend: Backend,
  collection: CliCollection,
  files: string[],
  password: string | undefined,
  output: HeldOutput,
): Promise<number> {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {value}/{total} documents | {file} {stage}',
    hideCursor: true,
  });
  // Not a terminal (a pipe, a test): no redrawn bar, only the failures and the summary.
  const showBar = process.stderr.isTTY === true;
  const start = (done: number) => {
    if (!showBar) return;
    output.hold();
    bar.start(files.length, done, { file: '', stage: '' });
  };
  const stop = () => {
    if (showBar) bar.stop();
    output.release();
  };
  const failedFile = (file: string, reason: string, done: number) => {
    stop();
    console.error(`✗ ${file}: ${reason}`);
    start(done);
  };
  start(0);
  let failed = 0;
  const started = Date.now();
  for (const [i, file] of files.entries()) {
    const name = path.basename(file);
    if (showBar) bar.update(i, { file: name, stage: 'uploading' });
    try {
      const outcome = await backend.upload(collection.id, {
        bytes: await readFile(file),
        filename: name,
        password,
      });
      let job = outcome.job;
      while (job && (job.status === 'queued' || job.status === 'running')) {
        const progress = job.progress as {
          stage?: string;
          chunksEmbedded?: number;
          chunksToEmbed?: number;
          chunksWritten?: number;
          chunksTotal?: number;
        };
        const detail =
          progress.chunksWritten !== undefined
            ? ` ${progress.chunksWritten}/${progress.chunksTotal} chunks`
            : progress.chunksToEmbed !== undefined
              ? ` ${progress.chunksEmbedded}/${progress.chunksToEmbed} chunks`
              : '';
        if (showBar) bar.update(i, { file: name, stage: `${progress.stage ?? job.status}${detail}` });
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await backend.job(job.id);
      }
      if (job && job.status !== 'succeeded') {
        failed++;
        failedFile(file, job.error ?? job.status, i + 1);
      }
    } catch (error) {
      failed++;
      failedFile(file, describeError(error), i + 1);
    }
    if (showBar) bar.update(i + 1, { stage: 'done' });
  }
  stop();
  console.log(
    `ingested ${files.length - failed}/${files.length} documents into '${collection.name}' (${collection.id}) via ${backend.where} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed > 0 ? 1 : 0;
}

async function ask(backend: Backend, collection: CliCollection, question: string): Promise<number> {
  const { answer, citations } = await backend.ask(collection.id, question);
  process.stdout.write(`${answer}\n\n`);
  for (const citation of citations) {
    console.log(
      `[${citation.number}] ${citation.documentTitle ?? citation.documentId} (chars ${citation.start}-${citation.end}${citation.page ? `, page ${citation.page}` : ''}): "${citation.quote}"`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Expected failures are one line; anything else keeps its stack for a bug report.
    const expected = error instanceof CliError || error instanceof DataDirLockedError || isAppError(error);
    const stack = error instanceof Error ? error.stack : undefined;
    console.error(expected || !stack ? describeError(error) : stack);
    process.exit(1);
  },
);
