import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger, redactCredentials } from './logger';

const API_KEY = `gk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
const WIDGET_TOKEN = `wt_${Buffer.from('{"tid":"t1","cid":"c1"}').toString('base64url')}.${randomBytes(32).toString('base64url')}`;

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', 'grounded-test', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
}

describe('createLogger', () => {
  it('issue #12: scrubs API keys and widget tokens from messages, fields, bindings and errors', () => {
    const { logger, text } = capture();
    const child = logger.child({ caller: `Bearer ${WIDGET_TOKEN}` });
    child.info({ nested: { deeper: [`key=${API_KEY}`] } }, `presented ${API_KEY}`);
    const cause = new Error(`token ${WIDGET_TOKEN} expired`);
    child.error({ err: new Error(`rejected "${API_KEY}"`, { cause }) }, 'failed');
    expect(text()).not.toContain(API_KEY.slice(20));
    expect(text()).not.toContain(WIDGET_TOKEN.split('.')[1]);
    expect(text()).toContain('presented [redacted]');
    expect(text()).toContain('rejected \\"[redacted]\\"');
    expect(text()).toContain('caused by: Error: token [redacted] expired');
  });

  it("issue #12: drops the raw body that body-parser's errors carry", () => {
    const { logger, text } = capture();
    const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      type: 'entity.parse.failed',
      body: '{"password": "hunter2-opaque",',
      status: 400,
    });
    logger.error({ err: error }, 'request failed');
    expect(text()).not.toContain('hunter2-opaque');
    expect(JSON.parse(text()).err).toMatchObject({ type: 'SyntaxError', status: 400 });
  });

  it('issue #12: keeps the existing redaction of authorization, cookie and password fields', () => {
    const { logger, text } = capture();
    logger.info({
      req: { headers: { authorization: 'Basic opaque-1', cookie: 'opaque-2' } },
      password: 'opaque-3',
    });
    expect(text()).not.toMatch(/opaque-/);
  });
});

describe('createLogger pretty (issue #17)', () => {
  it('writes one readable line per request and still scrubs credentials', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      'grounded',
      { write: (line: string) => void lines.push(line) },
      'pretty',
    );
    logger
      .child({ reqId: 'req-1' })
      .info(
        { method: 'GET', route: '/v1/collections/:collectionId', status: 200, ms: 12, tenant: 'acme' },
        'request completed',
      );
    logger.warn({ code: 'pdf_encrypted', reason: `for ${API_KEY}` }, 'job failed');
    const text = lines.join('');
    expect(text).toMatch(/INFO \(grounded\): GET \/v1\/collections\/:collectionId 200 12ms/);
    expect(text).toContain('"reqId":"req-1"');
    expect(text).toContain('"tenant":"acme"');
    expect(text).not.toContain('"route"');
    expect(text).toMatch(/WARN \(grounded\): job failed/);
    expect(text).not.toContain(API_KEY.slice(20));
    expect(text).not.toMatch(/^\{/m);
  });
});

describe('redactCredentials', () => {
  it('issue #12: redacts only the credential shapes', () => {
    expect(redactCredentials(`Bearer ${API_KEY}`)).toBe('Bearer [redacted]');
    expect(redactCredentials(`?token=${WIDGET_TOKEN}&x=1`)).toBe('?token=[redacted]&x=1');
    // Identifiers that are not secrets stay readable: a key's id, a widget token's credentialId.
    expect(redactCredentials('credential gk_id wt_3fa2b1c4d5e6 rotated')).toBe(
      'credential gk_id wt_3fa2b1c4d5e6 rotated',
    );
    expect(redactCredentials('nothing to see')).toBe('nothing to see');
  });

  it('issue #12: stays linear on hostile input', () => {
    const hostile = `${'wt_'.repeat(200_000)} ${'gk_0123456789abcdef'.repeat(20_000)}`;
    const started = performance.now();
    redactCredentials(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
