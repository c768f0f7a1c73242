import { describe, expect, it } from 'vitest';
import { detectPii, redactPii } from './detect-pii';
import { chinaIdValid, ibanValid, luhnValid } from './validators';

const kinds = (text: string) => detectPii(text).spans.map((s) => s.label);
const values = (text: string) => detectPii(text).spans.map((s) => text.slice(s.start, s.end));

describe('validators', () => {
  it('Luhn accepts real test numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
  });
  it('IBAN mod-97 and country length', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('GB82WEST123456987654')).toBe(false); // wrong length for GB
  });
  it('China resident ID: checksum and a real birth date', () => {
    expect(chinaIdValid('11010519491231002X')).toBe(true);
    expect(chinaIdValid('110105194912310021')).toBe(false); // checksum
    expect(chinaIdValid('110105194902300026')).toBe(false); // 30 February
    expect(chinaIdValid('110105209912310024', new Date('2026-01-01'))).toBe(false); // born in the future
  });
});

describe('detectPii', () => {
  it('finds plain, bracketed, spelled-out and full-width emails', () => {
    expect(values('mail alice@example.com now')).toEqual(['alice@example.com']);
    expect(values('write to bob [at] example [dot] org please')).toEqual(['bob [at] example [dot] org']);
    expect(values('联系 li_na(at)163.com 谢谢')).toEqual(['li_na(at)163.com']);
    expect(values('jane at corp dot example dot com')).toEqual(['jane at corp dot example dot com']);
    expect(kinds('Contact: ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toEqual(['email']);
  });

  it('does not take prose with "at" or a handle for an email', () => {
    expect(kinds('I will be at home at noon.')).toEqual([]);
    expect(kinds('Follow @example on social media.')).toEqual([]);
    expect(kinds('Use name@domain in the form.')).toEqual([]);
  });

  it('finds China mobile, China landline, US and E.164 phone numbers', () => {
    expect(values('我的手机号是13812345678。')).toEqual(['13812345678']);
    expect(values('call +86 139-1234-5678 now')).toEqual(['+86 139-1234-5678']);
    expect(values('座机 010-62345678 工作日可接听')).toEqual(['010-62345678']);
    expect(values('Phone: (212) 555-0123.')).toEqual(['(212) 555-0123']);
    expect(values('Our UK line is +44 20 7946 0958.')).toEqual(['+44 20 7946 0958']);
  });

  it('ignores phone look-alikes: order numbers, dates, times, amounts', () => {
    expect(kinds('订单号：13812345678，请耐心等待。')).toEqual([]);
    expect(kinds('Invoice no. 312-555-0123 is overdue.')).toEqual([]);
    expect(kinds('The meeting is on 2026-11-30 at 14:30:00.')).toEqual([]);
    expect(kinds('The total was $1,234,567.89 last quarter.')).toEqual([]);
    expect(kinds('Order #2026110512345 has shipped.')).toEqual([]);
  });

  it('keeps toll-free and service numbers: only organisations hold them', () => {
    expect(kinds('Contact support on +1 800 555 0100 or 1-888-555-0199.')).toEqual([]);
    expect(kinds('Freephone 0800 123 4567, or +44 808 157 0192 from abroad.')).toEqual([]);
    expect(kinds('客服热线：400-820-8820，售后 800 810 8888。')).toEqual([]);
    expect(kinds('Call 1300 655 506 within Australia.')).toEqual([]);
    // An ordinary line next to one is still masked.
    expect(values('Hotline 1-800-555-0100, or my cell (212) 555-0123.')).toEqual(['(212) 555-0123']);
  });

  it("keeps role mailboxes in document text only, never a person's address", () => {
    const text =
      'Report it to security@example.internal, IT-Helpdesk@corp.example or do-not-reply@shop.example; ' +
      'Jane is jane.doe@corp.example, and support.jane@corp.example is hers.';
    const kept = (t: string) =>
      detectPii(t, { keepRoleMailboxes: true }).spans.map((s) => t.slice(s.start, s.end));
    expect(kept(text)).toEqual(['jane.doe@corp.example', 'support.jane@corp.example']);
    expect(kept('客服邮箱：KEFU@SHOP.EXAMPLE.CN')).toEqual([]);
    // Digits, initials and free-mail accounts are someone's (review).
    for (const address of [
      'service2@shop.example.cn',
      'pr@corp.example',
      'hello@gmail.com',
      'kefu@qq.com',
      'kefu@vip.qq.com',
      'support@fastmail.com',
      'helpdesk @ corp.example',
    ])
      expect(kept(`Write to ${address} today.`)).toEqual([address]);
    // What a person types keeps the default: every address is masked.
    expect(values('My email is HR@CORP.EXAMPLE.CN, thanks')).toEqual(['HR@CORP.EXAMPLE.CN']);
  });

  it('keeps loopback, unspecified and netmask addresses, which name no host', () => {
    expect(kinds('Error: ECONNREFUSED 127.0.0.1:5432 at TCPConnectWrap')).toEqual([]);
    expect(kinds('The agent listens on 0.0.0.0:8080 and [::1]:8080.')).toEqual([]);
    expect(kinds('Subnet mask 255.255.255.0, broadcast 255.255.255.255.')).toEqual([]);
    expect(values('Whitelist 192.168.1.10, not 127.0.0.1.')).toEqual(['192.168.1.10']);
  });

  it('requires a valid Luhn checksum for cards', () => {
    expect(values('Card 4111 1111 1111 1111 exp 09/27')).toEqual(['4111 1111 1111 1111']);
    expect(kinds('Card 4111 1111 1111 1112 was declined')).toEqual([]);
    expect(values('Amex 3782-822463-10005 on file')).toEqual(['3782-822463-10005']);
  });

  it('requires mod-97 for IBANs and a checksum for China IDs', () => {
    expect(kinds('IBAN: GB82 WEST 1234 5698 7654 32 by Friday')).toEqual(['iban']);
    expect(kinds('Reference GB83 WEST 1234 5698 7654 32 is invalid')).toEqual([]);
    expect(kinds('身份证号11010519491231002X。')).toEqual(['cn_resident_id']);
    expect(kinds('身份证号11010519491231002x。')).toEqual(['cn_resident_id']);
    expect(kinds('身份证号110105194912310021校验位错误。')).toEqual([]);
  });

  it('finds IPv4 and IPv6 but not versions, times or C++ scopes', () => {
    expect(values('login from 203.0.113.42 last night')).toEqual(['203.0.113.42']);
    expect(values('server 2001:db8::1 is down')).toEqual(['2001:db8::1']);
    expect(values('mapped ::ffff:192.0.2.128 here')).toEqual(['::ffff:192.0.2.128']);
    expect(kinds('Upgrade to version 1.2.3.4 today.')).toEqual([]);
    expect(kinds('At 12:30:45 the job restarted.')).toEqual([]);
    expect(kinds('Call std::vector::push_back.')).toEqual([]);
    expect(kinds('Octets 256.1.1.1 are out of range.')).toEqual([]);
  });

  it('maps spans back through zero-width characters', () => {
    const text = 'mail a\u200blice@exa\u200bmple.com now';
    const v = detectPii(text);
    expect(v.spans).toHaveLength(1);
    expect(text.slice(v.spans[0]!.start, v.spans[0]!.end)).toBe('a\u200blice@exa\u200bmple.com');
  });

  it('redacts with typed placeholders and keeps values out of the reason', () => {
    const text = 'Email bob@example.com or call 13812345678, card 4111111111111111.';
    const v = detectPii(text, { redact: true });
    expect(v.action).toBe('redact');
    expect(v.text).toBe('Email [EMAIL] or call [PHONE], card [CREDIT_CARD].');
    expect(v.reason).not.toContain('bob@');
    expect(v.reason).not.toContain('1381');
    expect(redactPii(text, v.spans)).toBe(v.text);
  });

  it('limits detection to the requested kinds', () => {
    const v = detectPii('bob@example.com 13812345678', { kinds: ['phone'] });
    expect(v.spans.map((s) => s.label)).toEqual(['phone']);
  });

  it('allows text without personal data', () => {
    const v = detectPii('What is the refund policy for orders over $100?');
    expect(v.action).toBe('allow');
    expect(v.version).toMatch(/^pii-rules@/);
  });
});

// The review of the service-number and address exceptions (2026-12-06): personal numbers and an
// address given as one's own stay masked; service numbers, loopback and a named netmask do not.
describe('detectPii: review probes', () => {
  it.each([
    ['My cell is 18662345678, call me.', ['18662345678']],
    ['我的手机号是18882345678', ['18882345678']],
    ['我的手机号是 180 0234 5678', ['180 0234 5678']],
    ['我的手机号是 138 0234 5678', ['138 0234 5678']],
    ['Call me on 1-800-555-0100-4421 at home.', ['1-800-555-0100']],
    ['My number 1-800-555-0100 ext 4421', ['1-800-555-0100']],
    ['Call my cell +1 800 555 0100 99', ['+1 800 555 0100 99']],
    ['My home IP 255.255.255.254', ['255.255.255.254']],
    ['My mobile is +86 180 0234 5678', ['+86 180 0234 5678']],
    // Second review: extensions in other notations.
    ['Call 1-800-555-0100 ext: 4421', ['1-800-555-0100']],
    ['Call 1-800-555-0100,,4421', ['1-800-555-0100']],
    ['Call 1-800-555-0100 (4421)', ['1-800-555-0100']],
    ['Call 1-800-555-0100 extension #4421', ['1-800-555-0100']],
    ['Call 1-800-555-0100 then 4421 for me.', ['1-800-555-0100']],
    ['热线400-820-8820 分机：8123', ['400-820-8820']],
  ] as const)('still masks %s', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it.each([
    ['My number is 400-820-8820', []],
    ['Call 0800 123 4567', []],
    ['Whitelist 127.0.0.1 and 10.0.0.5', ['10.0.0.5']],
    ['Mask 255.255.255.0', []],
    ['IP ::1 and ::ffff:127.0.0.1', ['::ffff:127.0.0.1']],
  ] as const)('masks only personal values in %s', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });
});
