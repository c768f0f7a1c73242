import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '@grounded/core';

/**
 * Fetching what an operator's source names, safely (issue #18): addresses that are private,
 * loopback, link-local, unspecified or multicast are refused unless the operator allow-list names
 * the host (or `host:port`). The check runs on the address the socket connects to (a lookup
 * hook), so DNS rebinding between a check and the connection cannot slip past it; every redirect
 * is checked again; size and time are bounded.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface SafeFetchOptions {
  /** Hosts (`name` or `name:port`) allowed even when they resolve to private addresses. */
  allow: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  userAgent: string;
  /** Redirects may not leave this origin (a same-site crawl). */
  origin?: string;
}

export interface SafeResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function allowed(url: URL, allow: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allow.includes(host) || allow.includes(`${host}:${port}`);
}

function guardedLookup(url: URL, allow: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as { address: string; family: number }[];
      const refused = list.find((a) => isPrivateAddress(a.address));
      if (refused && !allowed(url, allow)) {
        return callback(
          new AppError('fetch_refused', `${url.host} resolves to a private address (${refused.address})`),
          '',
          4,
        );
      }
      const first = list[0]!;
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: unknown) => void)(null, list);
      return callback(null, first.address, first.family);
    });
  };
}

function once(url: URL, options: SafeFetchOptions, signal: AbortSignal): Promise<SafeResponse> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('fetch_refused', `only http and https URLs are fetched, not ${url.protocol}`);
  }
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && isPrivateAddress(literal) && !allowed(url, options.allow)) {
    throw new AppError('fetch_refused', `${url.host} is a private address`);
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': options.userAgent, ...options.headers },
        lookup: guardedLookup(url, options.allow),
        signal,
      },
      (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        res.on('data', (part: Buffer) => {
          size += part.length;
          if (size > options.maxBytes && !tooLarge) {
            tooLarge = true;
            reject(new AppError('fetch_too_large', `${url.href} is larger than ${options.maxBytes} bytes`));
            res.destroy();
            req.destroy();
            return;
          }
          parts.push(part);
        });
        res.on('end', () => {
          if (!tooLarge) {
            resolve({
              url: url.href,
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(parts),
            });
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error) =>
      reject(
        signal.aborted
          ? new AppError('fetch_timeout', `${url.href} took longer than ${options.timeoutMs} ms`)
          : error,
      ),
    );
    req.end();
  });
}

/** GET with every hop checked; a redirect's target is fetched only if it passes the same checks. */
export async function safeFetch(target: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(target);
  for (let hop = 0; ; hop++) {
    const response = await once(url, options, signal);
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location)
      return response;
    if (hop >= (options.maxRedirects ?? 5))
      throw new AppError('fetch_refused', `too many redirects from ${target}`);
    url = new URL(location, url);
    if (options.origin && url.origin !== options.origin) {
      throw new AppError('fetch_refused', `${target} redirects off the site, to ${url.origin}`);
    }
  }
}
