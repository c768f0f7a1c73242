import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasShared, sharedPath } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runServerToEnd, type ServerProcess, startServerProcess } from './process-harness';

/**
 * Issue #17: the CLI beside a running server on the embedded database printed "ingested 1/1"
 * into a copy of the data folder the server never read, and the document was gone after a
 * restart. Now the CLI goes through the server, and nothing else may open the folder it holds.
 * Everything here is a real process: the server as `npm start` runs it, the CLI as `npx grounded`.
 */
const FACT = 'The Zephyr-9 badge reader in building C is reset by holding the blue key for eleven seconds.';
const QUESTION = 'How is the Zephyr-9 badge reader in building C reset?';

let parent: string;
let dataDir: string;
let server: ServerProcess;
let docFile: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function collectionNames(): Promise<string[]> {
  const key = (await readFile(path.join(dataDir, 'demo-api-key'), 'utf8')).trim();
  const response = await fetch(`${server.url}/v1/collections?limit=200`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const body = (await response.json()) as { items: { name: string }[] };
  return body.items.map((item) => item.name);
}

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'grounded-cli-'));
  // Not created beforehand: the embedded default makes its own folder.
  dataDir = path.join(parent, 'data');
  docFile = path.join(parent, 'badge-readers.md');
  await writeFile(docFile, `# Badge readers\n\n${FACT}\n\nOther readers are reset from the security desk.\n`);
  server = await startServerProcess({ DATA_DIR: dataDir, DEMO_SEED: 'true' });
  // The demo key is written once the demo collection is ready; the CLI reads it by default.
  await server.waitFor(
    (line) => typeof line.msg === 'string' && line.msg.startsWith('demo collection ready'),
  );
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await rm(parent, { recursive: true, force: true });
});

describe('grounded CLI against a running server (issue #17)', () => {
  it('refuses a collection that does not exist instead of creating it', async () => {
    const run = await runCli(['ingest', docFile, '--collection', 'handbok'], {
      GROUNDED_URL: server.url,
      DATA_DIR: dataDir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no collection with the id or name 'handbok'");
    expect(run.stderr).toContain('--create');
    expect(await collectionNames()).not.toContain('handbok');
  });

  it('opening the data folder directly is refused while the server holds it, naming the server', async () => {
    const run = await runCli(['ingest', docFile, '--direct', '--collection', 'demo'], { DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    // The holder is the server's node process (tsx runs it as a child of the pid we started).
    expect(run.stderr).toMatch(
      /data\/pglite is in use by another process: pid \d+ on .* \(apps\/api\/src\/main\.ts\)/,
    );
    expect(run.stdout).not.toContain('ingested');
    // So is a second server on the same folder: one line, no stack.
    const second = await runServerToEnd({ DATA_DIR: dataDir, DEMO_SEED: 'false' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/is in use by another process: pid \d+ .*main\.ts/);
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });

  it('ingests through the server with --create; after a restart the document is there and answers', async () => {
    const run = await runCli(['ingest', docFile, '--collection', 'handbook', '--create'], {
      GROUNDED_URL: server.url,
      DATA_DIR: dataDir,
    });
    expect(run.stderr).toMatch(/created collection 'handbook' \(col_/);
    expect(run.stdout).toMatch(
      /ingested 1\/1 documents into 'handbook' \(col_[^)]+\) via the server at http/,
    );
    expect(run.code).toBe(0);
    expect(await collectionNames()).toContain('handbook');

    expect(await server.stop()).toBe(0);
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO_SEED: 'false' });

    // The CLI finds the collection by name; its answer cites the ingested document.
    const ask = await runCli(['ask', QUESTION, '--collection', 'handbook'], {
      GROUNDED_URL: server.url,
      DATA_DIR: dataDir,
    });
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain('eleven seconds');
    expect(ask.stdout).toMatch(/\[1\] Badge readers \(chars \d+-\d+\): ".*blue key.*"/);

    // And the server answers it over its own API, with a citation into that document.
    const key = (await readFile(path.join(dataDir, 'demo-api-key'), 'utf8')).trim();
    const id = /\((col_[^)]+)\)/.exec(run.stdout)![1];
    const chat = await fetch(`${server.url}/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ collectionId: id, message: QUESTION }),
    });
    expect(chat.status).toBe(200);
    const answer = (await chat.json()) as {
      answer: string;
      citations: { documentTitle: string | null; quote: string }[];
      timing: Record<string, number | null>;
    };
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations[0]!.quote).toContain('eleven seconds');
    // Issue #17: no stage of an extractive answer's timing is negative.
    for (const value of Object.values(answer.timing)) expect(value ?? 0).toBeGreaterThanOrEqual(0);
  });

  it('with no server answering, opens the data folder itself (and it is unlocked again after)', async () => {
    const lone = path.join(parent, 'lone');
    // The default URL is the server's own address from the same settings (PORT); nothing listens there.
    const run = await runCli(['ingest', docFile, '--collection', 'notes', '--create'], {
      DATA_DIR: lone,
      PORT: String(await freePort()),
    });
    expect(run.stderr).toContain('no server answers at http://127.0.0.1:');
    expect(run.stdout).toMatch(/ingested 1\/1 documents into 'notes' .* via the data folder/);
    expect(run.code).toBe(0);
    expect(existsSync(`${path.join(lone, 'pglite')}.lock`)).toBe(false);
    // An explicit --url is never bypassed.
    const refused = await runCli(
      ['ask', QUESTION, '--collection', 'notes', '--url', `http://127.0.0.1:${await freePort()}`],
      {
        DATA_DIR: lone,
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no grounded server answers at');
  });

  it.skipIf(!hasShared('eval', 'pdfs'))(
    '--password ingests an encrypted PDF through the server (needs ../shared/eval/pdfs)',
    async () => {
      const pdf = path.join(parent, 'secret.pdf');
      await writeFile(
        pdf,
        await readFile(sharedPath('eval', 'pdfs', 'encrypted_libreoffice-writer_pw-openpassword.pdf')),
      );
      const env = { GROUNDED_URL: server.url, DATA_DIR: dataDir };
      const without = await runCli(['ingest', pdf, '--collection', 'handbook'], env);
      expect(without.code).toBe(1);
      expect(without.stderr).toMatch(/✗ .*secret\.pdf: pdf_encrypted: /);
      const withPassword = await runCli(
        ['ingest', pdf, '--collection', 'handbook', '--password', 'openpassword'],
        env,
      );
      expect(withPassword.stdout).toContain('ingested 1/1');
      expect(withPassword.code).toBe(0);
    },
  );
});
