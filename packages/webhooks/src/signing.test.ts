import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './signing';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ event: 'handoff.requested', data: { x: 1 } });
  const now = 1_800_000_000;

  it('verifies its own signature and refuses any change to body, timestamp or secret', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, { now })).toEqual({ ok: true, timestamp: now });
    expect(verifySignature(secret, header, `${body} `, { now })).toMatchObject({ ok: false });
    expect(verifySignature(newWebhookSecret(), header, body, { now })).toMatchObject({ ok: false });
    const otherTime = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verifySignature(secret, otherTime, body, { now })).toMatchObject({ reason: 'signature mismatch' });
  });

  it('refuses an old timestamp, a missing and a malformed header', () => {
    const header = signatureHeader(secret, body, now - 301);
    expect(verifySignature(secret, header, body, { now })).toMatchObject({
      reason: 'timestamp outside the tolerance',
    });
    expect(verifySignature(secret, undefined, body, { now })).toMatchObject({ ok: false });
    expect(verifySignature(secret, 't=abc,v1=zz', body, { now })).toMatchObject({
      reason: 'malformed signature header',
    });
  });
});
