import { isIPv6 } from 'node:net';
import { mapSpan, normalizeWithMap } from '../text/normalize';
import type { Verdict, VerdictSpan } from '../types';
import { cardIssuerKnown, chinaIdValid, ibanValid, luhnValid } from './validators';

export const PII_VERSION = 'pii-rules@1.2.0';

export type PiiKind = 'email' | 'phone' | 'credit_card' | 'iban' | 'cn_resident_id' | 'ip_address';
export const PII_KINDS: readonly PiiKind[] = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'cn_resident_id',
  'ip_address',
];

export const PII_PLACEHOLDERS: Record<PiiKind, string> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  credit_card: '[CREDIT_CARD]',
  iban: '[IBAN]',
  cn_resident_id: '[CN_ID]',
  ip_address: '[IP_ADDRESS]',
};

export interface DetectPiiOptions {
  /** Also return the redacted text in `verdict.text`. */
  redact?: boolean;
  /** Only these kinds (default: all). */
  kinds?: readonly PiiKind[];
  /**
   * Leave role mailboxes ("support@", "it-helpdesk@", "payroll@") unmasked: in a company's own
   * documents and the answers quoting them they are the published contact point the customer
   * asked for ("what's the email for reporting a lost device?" answered "[EMAIL]****"). Not for
   * what a person types: "my email is hr@…" may be the only address they have.
   */
  keepRoleMailboxes?: boolean;
}

// Words a role mailbox's local part is made of: functions, not people. A local part counts only
// when every piece of it (split at . _ - +) is one of them. No initials ("pr", "ir"), no digits.
const ROLE_WORDS = new Set(
  (
    'support help helpdesk helpline hotline servicedesk service services desk it ithelp tech techsupport ' +
    'info information contact contacts enquiries enquiry inquiries inquiry hello sales billing accounts ' +
    'accounting invoices invoice finance payments payment hr payroll benefits pensions recruiting ' +
    'recruitment careers jobs talent security privacy dpo gdpr legal compliance abuse postmaster hostmaster ' +
    'webmaster admin administrator noreply donotreply reply feedback press media marketing partners ' +
    'partner returns orders order shipping delivery customer customers customerservice customercare care ' +
    'team office reception facilities travel events community developers api status ops operations ' +
    'investors purchasing procurement vendors suppliers licensing copyright dmca trust safety fraud claims ' +
    'warranty repairs repair bookings booking reservations membership subscriptions admissions registrar ' +
    'library accessibility newsletter notifications alerts news kefu expenses helpcentre helpcenter ' +
    'incident incidents report reports'
  ).split(' '),
);
// Free-mail providers: an address there belongs to whoever signed up, whatever its name says.
// Matched as any label of the domain ("vip.qq.com" too); a label like "mail." counts, as does a
// domain we cannot vouch for: masking a role mailbox is the safe error.
const FREE_MAIL =
  /(?:^|\.)(?:gmail|googlemail|hotmail|outlook|live|msn|yahoo|ymail|aol|icloud|me|mac|gmx|web|mail|email|yandex|proton|protonmail|pm|zoho|fastmail|duck|tutanota|tuta|btinternet|t-online|orange|free|laposte|libero|qq|163|126|sina|sohu|foxmail|139|189|yeah|aliyun|naver|daum|hanmail|rediffmail)\./;

function isRoleMailbox(address: string): boolean {
  const at = address.search(/[@＠]/);
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  // Spaces around "@" are an obfuscation people use for their own address.
  if (at <= 0 || /\d|\s/.test(local) || /^\s/.test(domain) || FREE_MAIL.test(domain)) return false;
  if (/^(?:no|do[._-]?not)[._-]?reply$/.test(local)) return true;
  const pieces = local.split(/[._+-]+/).filter((piece) => piece.length > 0);
  return pieces.length > 0 && pieces.every((piece) => ROLE_WORDS.has(piece));
}

interface Candidate {
  kind: PiiKind;
  start: number;
  end: number;
  /** Higher wins an overlap: checksummed identifiers beat loose phone patterns. */
  priority: number;
}

// Words that, just before a digit run, say it is a reference number rather than a phone number.
const NON_PHONE_CONTEXT =
  /(order|invoice|tracking|ticket|case|ref(erence)?|isbn|sku|serial|account no|po|transaction|shipment|订单|单号|编号|发票|工单|流水|序列号|快递)\s*(no\.?|number|#|号|:|：)?\s*[#:：]?\s*$/i;
const VERSION_CONTEXT = /(version|ver\.?|v|release|build|版本|固件)\s*[:：]?\s*$/i;

/**
 * Addresses that name no one: loopback (127/8, ::1), "any" (0.0.0.0) and netmasks (255.255.255.0).
 * Customers paste them in error logs ("ECONNREFUSED 127.0.0.1:5432") and how-to documents
 * publish them ("listens on 0.0.0.0"); masking them hides the fault without protecting anybody.
 * A netmask counts only after a word that names it ("subnet mask 255.255.255.0", "broadcast").
 * Private ranges (10/8, 192.168/16) and link-local addresses stay PII: they identify a host
 * within an organisation.
 */
const NETMASK_CONTEXT = /(?:mask|netmask|subnet|broadcast|掩码|广播)[^\d]{0,12}(?:[\d.]+[^\d]{1,12})?$/i;

function isNonPersonalIp(ip: string, before: string): boolean {
  if (ip === '::1') return true;
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4) return false;
  if (octets[0] === 127 || octets.every((o) => o === 0)) return true;
  // A netmask: ones then zeros, from 255.0.0.0 to 255.255.255.255.
  const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
  // Only where the text says it is one: "my home IP 255.255.255.254" is given as an address.
  return /^1{8,}0*$/.test(bits) && NETMASK_CONTEXT.test(before);
}

/**
 * Toll-free and shared-cost service numbers: North American 8xx (800, 833, 844, 855, 866, 877,
 * 888), UK 0800/0808, China 400/800, Australia 1300/1800. Only organisations hold them, so they are
 * the contact points a company publishes ("call our hotline 400-820-8820"), never a person's line;
 * redacting them in answers keeps customers from the number they asked for. Not when any digit
 * follows closely ("1-800-555-0100 ext 4421", "…0100-4421"): an extension reaches a person. A North American number
 * written as 11 digits from 1 counts only in a prefix form (+1, "1-", "1 ("), since 1 866 2345678
 * run together or in 3-4-4 groups is also a mainland China mobile; the caller never asks for
 * matches of the China-mobile pattern.
 */
function isServiceNumber(raw: string, after: string): boolean {
  // A short run of digits soon after may be an extension in whatever notation ("ext: 4421",
  // ",,4421", "(4421)", "then 4421", "分机：8123"): the number then stays masked (review, twice).
  // Another full number after it ("… or 1-888-555-0199") is no extension.
  const next = /^[^\d\n。.!?]{0,12}(\d[\d -]*)/.exec(after)?.[1];
  if (next !== undefined && next.replace(/\D/g, '').length <= 6) return false;
  const digits = raw.replace(/\D/g, '');
  const lead = raw.trimStart();
  const plus = lead.startsWith('+') || lead.startsWith('00');
  const national = plus ? digits.replace(/^00/, '') : digits;
  if (/^1\d{10}$/.test(national) && !/^(?:\+\s?1|001|1-|1\s?\()/.test(lead)) return false;
  return (
    /^1?8(?:00|33|44|55|66|77|88)[2-9]\d{6}$/.test(national) ||
    /^(?:44|0)80[08]\d{6,7}$/.test(national) ||
    /^(?:86)?[48]00\d{7}$/.test(national) ||
    /^(?:61)?1[38]00\d{6}$/.test(national)
  );
}

/**
 * Finds PII spans. Matching runs on a normalised copy (full-width digits, zero-width characters
 * removed, lower case) so obfuscation does not hide a value, and spans are mapped back onto the
 * original text for redaction.
 */
export function detectPii(text: string, options: DetectPiiOptions = {}): Verdict {
  const kinds = new Set(options.kinds ?? PII_KINDS);
  const norm = normalizeWithMap(text);
  const t = norm.text;
  const found: Candidate[] = [];
  const add = (kind: PiiKind, start: number, end: number, priority: number) => {
    if (kinds.has(kind)) found.push({ kind, start, end, priority });
  };

  // Emails, including "name [at] host [dot] com" and "name(at)host.com" obfuscations.
  const label = `[a-z0-9](?:[a-z0-9-]*[a-z0-9])?`;
  const local = String.raw`(?<![\w.+-])[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9])?`;
  const at = String.raw`(?:\s*[@＠]\s*|\s*[[({<]\s*(?:at|@)\s*[\])}>]\s*)`;
  const dot = String.raw`(?:\.|\s*[[({<]\s*(?:dot|\.)\s*[\])}>]\s*)`;
  const emailRe = new RegExp(`${local}${at}${label}(?:${dot}${label})*${dot}[a-z]{2,24}(?![a-z0-9-])`, 'g');
  for (const m of t.matchAll(emailRe)) {
    if (options.keepRoleMailboxes && isRoleMailbox(m[0])) continue;
    add('email', m.index, m.index + m[0].length, 5);
  }
  // Fully spelled out ("jane at example dot com"): only when the dot is spelled out too, since
  // " at " alone is ordinary prose.
  const spelledRe = new RegExp(
    String.raw`${local}\s+at\s+${label}(?:\s+dot\s+${label})*\s+dot\s+(?:com|org|net|edu|gov|io|cn|co|uk|de|fr|jp|info|biz)(?![a-z0-9-])`,
    'g',
  );
  for (const m of t.matchAll(spelledRe)) add('email', m.index, m.index + m[0].length, 5);

  // Mainland China resident ID: 18 characters, checksum and birth date validated.
  for (const m of t.matchAll(/(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}[01]\d[0-3]\d{4}[\dx](?![\dA-Za-z])/g)) {
    if (chinaIdValid(m[0])) add('cn_resident_id', m.index, m.index + m[0].length, 9);
  }

  // Credit cards: 13–19 digits, optionally grouped by spaces or dashes, Luhn-checked.
  for (const m of t.matchAll(/(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d-]|\.\d)/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (!luhnValid(digits) || !cardIssuerKnown(digits)) continue;
    // One in ten random digit runs passes Luhn, so a serial/order context outweighs the checksum.
    if (NON_PHONE_CONTEXT.test(t.slice(Math.max(0, m.index - 24), m.index))) continue;
    add('credit_card', m.index, m.index + m[0].length, 8);
  }

  // IBAN: country code, check digits, BBAN; spaces every four characters allowed; mod-97 checked.
  for (const m of t.matchAll(
    /(?<![a-z0-9])[a-z]{2}\d{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,4})?)(?![a-z0-9])/g,
  )) {
    if (ibanValid(m[0])) add('iban', m.index, m.index + m[0].length, 8);
  }

  // IPv4 with octet ranges; a version context ("v1.2.3.4") is not an address.
  for (const m of t.matchAll(
    /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)/g,
  )) {
    if (VERSION_CONTEXT.test(t.slice(Math.max(0, m.index - 16), m.index))) continue;
    if (isNonPersonalIp(m[0], t.slice(Math.max(0, m.index - 40), m.index))) continue;
    add('ip_address', m.index, m.index + m[0].length, 6);
  }
  // IPv6: any colon-hex run that node's own parser accepts.
  for (const m of t.matchAll(/(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%[0-9a-z]+)?(?![\w:])/g)) {
    const cand = m[0];
    if (!/[0-9a-f]/.test(cand) || !isIPv6(cand.replace(/%.*/, '')) || isNonPersonalIp(cand, '')) continue;
    // "12:30:45" is a time, which isIPv6 rejects; "1::2" in prose is rare enough to accept.
    add('ip_address', m.index, m.index + cand.length, 6);
  }
  // IPv4-mapped/embedded IPv6 such as ::ffff:192.0.2.1.
  for (const m of t.matchAll(/(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,6}(?:\d{1,3}\.){3}\d{1,3}(?![\d])/g)) {
    if (isIPv6(m[0])) add('ip_address', m.index, m.index + m[0].length, 7);
  }

  findPhones(t, add);

  const chosen = resolveOverlaps(found);
  const spans: VerdictSpan[] = chosen.map((c) => ({ ...mapSpan(norm, c.start, c.end), label: c.kind }));
  const counts = new Map<string, number>();
  for (const s of spans) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  const verdict: Verdict = {
    check: 'pii',
    version: PII_VERSION,
    action: spans.length > 0 ? 'redact' : 'allow',
    score: spans.length > 0 ? 1 : 0,
    // The reason names kinds and counts only: the audit table must never hold the values.
    reason:
      spans.length > 0
        ? `found ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`
        : 'no personal data found',
    spans,
  };
  if (options.redact) verdict.text = redactPii(text, spans);
  return verdict;
}

const CHINA_MOBILE = 0;

function findPhones(
  t: string,
  add: (kind: PiiKind, start: number, end: number, priority: number) => void,
): void {
  const sep = String.raw`[\s.-]?`;
  // patterns[CHINA_MOBILE] is never a service number (see isServiceNumber).
  const patterns: RegExp[] = [
    // Mainland China mobile, with optional +86 / 0086 and 3-4-4 grouping.
    new RegExp(String.raw`(?<![\d+])(?:(?:\+|00)86${sep})?1[3-9]\d${sep}\d{4}${sep}\d{4}(?!\d)`, 'g'),
    // Mainland China landline: area code 0xx/0xxx (optionally in brackets) then 7–8 digits, separated.
    /(?<![\d+])(?:(?:\+|00)86[\s-]?)?(?:\(0\d{2,3}\)|0\d{2,3}(?=[\s-]))[\s-]?\d{3,4}[\s-]?\d{4}(?:[-转]\d{1,5})?(?!\d)/g,
    // US/NANP: (212) 555-0123, 212-555-0123, 212.555.0123, +1 212 555 0123.
    /(?<![\d+])(?:(?:\+1|1)[\s.-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.-])[2-9]\d{2}[\s.-]\d{4}(?!\d)/g,
    // International E.164 with a leading +: 8–15 digits with optional grouping.
    /(?<![\w+])\+[1-9](?:[\s.-]?\(?\d\)?){7,14}(?![\d])/g,
    // Unformatted E.164-like 00 prefix: 0044 20 7946 0958.
    /(?<![\d])00[1-9]\d{0,2}(?:[\s.-]?\d){7,12}(?![\d])/g,
  ];
  for (const [i, re] of patterns.entries()) {
    for (const m of t.matchAll(re)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 15) continue;
      const before = t.slice(Math.max(0, m.index - 24), m.index);
      if (!m[0].startsWith('+') && NON_PHONE_CONTEXT.test(before)) continue;
      if (i !== CHINA_MOBILE && isServiceNumber(m[0], t.slice(m.index + m[0].length))) continue;
      add('phone', m.index, m.index + m[0].length, 4);
    }
  }
}

function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start));
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Replaces each span with its typed placeholder ([EMAIL], [PHONE], …); spans must not overlap. */
export function redactPii(text: string, spans: readonly VerdictSpan[]): string {
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of ordered) {
    if (s.start < pos) continue;
    out += text.slice(pos, s.start);
    out += PII_PLACEHOLDERS[s.label as PiiKind] ?? `[${s.label.toUpperCase()}]`;
    pos = s.end;
  }
  return out + text.slice(pos);
}
