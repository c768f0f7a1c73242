import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COLLECTION_ID, seedDemo } from '../src/demo-seed';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #18 acceptance: the widget offers "Talk to a person" after an abstention, after a
 * "Not helpful" rating and when the visitor asks for one; taking it hands the conversation to the
 * collection's handoff webhook (a real local receiver). Screenshots go to test-output/.
 */
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.join(repoRoot(import.meta.dirname), 'test-output');

describe.skipIf(!existsSync(CHROMIUM))('widget handoff in Chromium', () => {
  let server: TestServer;
  let context: BrowserContext;
  let profile: string;
  let receiver: Server;
  const handoffs: { reason: string; transcript: { role: string; content: string }[] }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (part: string) => {
        body += part;
      });
      req.on('end', () => {
        handoffs.push(JSON.parse(body).data);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    server = await startTestServer();
    await seedDemo(server.container);
    await server.container.handoff.configure('default', DEMO_COLLECTION_ID, {
      type: 'webhook',
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/handoff`,
    });
    profile = await mkdtemp(path.join(tmpdir(), 'grounded-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    await mkdir(OUTPUT, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await server?.stop();
    if (server) await removeTestData(server);
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function open(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/widget/demo`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    return page;
  }

  async function ask(page: Page, question: string, nth: number) {
    await page.getByLabel('Your question').fill(question);
    await page.keyboard.press('Enter');
    const answer = page.locator('.gw-bot[aria-busy="false"]').nth(nth);
    await answer.waitFor({ timeout: 30_000 });
    return answer;
  }

  it('offers a person after an abstention and hands the conversation over', async () => {
    const page = await open();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await ask(page, 'What is the boiling point of liquid nitrogen on Neptune?', 0);
    const offer = page.getByRole('group', { name: 'Talk to a person' });
    await offer.waitFor({ timeout: 10_000 });
    // Reachable from the keyboard.
    const button = offer.getByRole('button', { name: 'Talk to a person' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => offer.getByRole('status').textContent())
      .toMatch(/A person has been asked to take over/);
    await expect.poll(() => handoffs.length, { timeout: 15_000 }).toBe(1);
    expect(handoffs[0]!.reason).toBe('abstained');
    expect(handoffs[0]!.transcript[0]).toMatchObject({
      role: 'user',
      content: expect.stringContaining('Neptune'),
    });
    await page.screenshot({ path: path.join(OUTPUT, 'widget-handoff-abstained.png') });
    expect(failures).toEqual([]);
    await page.close();
  });

  it('offers a person after "Not helpful" and when the visitor asks for one', async () => {
    const page = await open();
    const answer = await ask(page, 'How long is the free trial?', 0);
    expect(await page.getByRole('group', { name: 'Talk to a person' }).count()).toBe(0);
    await answer.getByRole('button', { name: 'Not helpful' }).click();
    const offer = page.getByRole('group', { name: 'Talk to a person' });
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => handoffs.length, { timeout: 15_000 }).toBe(2);
    expect(handoffs[1]!.reason).toBe('negative_feedback');

    await ask(page, 'Can I talk to a real person please?', 1);
    const second = page.getByRole('group', { name: 'Talk to a person' }).last();
    await expect.poll(() => page.getByRole('group', { name: 'Talk to a person' }).count()).toBe(2);
    await second.getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => handoffs.length, { timeout: 15_000 }).toBe(3);
    expect(handoffs[2]!.reason).toBe('customer_request');
    // The same conversation, now four messages long.
    expect(handoffs[2]!.transcript).toHaveLength(4);
    await page.screenshot({ path: path.join(OUTPUT, 'widget-handoff-request.png') });
    await page.close();
  });
});
