import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRobots } from './robots';
import { isPrivateAddress, safeFetch } from './safe-fetch';
import { linksOf } from './website-source-service';

describe('robots.txt', () => {
  it('applies the longest matching rule of our group, else the * group, with wildcards', () => {
    const robots = parseRobots(
      'User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /private\nAllow: /private/ok\nDisallow: /*.pdf$\nCrawl-delay: 2\n',
      'grounded-crawler/1',
    );
    expect(robots.allows('/')).toBe(true);
    expect(robots.allows('/private/x')).toBe(false);
    expect(robots.allows('/private/ok/page')).toBe(true);
    expect(robots.allows('/files/a.pdf')).toBe(false);
    expect(robots.allows('/files/a.pdf?x')).toBe(true);
    expect(robots.crawlDelayMs).toBe(2000);
    expect(
      parseRobots('User-agent: grounded-crawler\nDisallow: /\n', 'grounded-crawler/1').allows('/a'),
    ).toBe(false);
  });
});

describe('links', () => {
  it('resolves relative links and drops fragments and other schemes', () => {
    expect(
      linksOf(
        '<a href="/a#x">a</a> <a href=\'b\'>b</a> <a href="mailto:x@y">m</a> <a class=x href=https://o.example/>o</a>',
        'http://s.example/dir/',
      ),
    ).toEqual(['http://s.example/a', 'http://s.example/dir/b', 'https://o.example/']);
  });
});

describe('safeFetch', () => {
  let site: Server;
  let other: Server;
  let sitePort = 0;
  let otherPort = 0;
  const otherHits: string[] = [];

  beforeAll(async () => {
    other = createServer((req, res) => {
      otherHits.push(req.url ?? '');
      res.end('internal');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherPort = (other.address() as AddressInfo).port;
    site = createServer((req, res) => {
      if (req.url === '/hop') res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/secret` }).end();
      else if (req.url === '/big') res.end('x'.repeat(5000));
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
      else res.end('hello');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    sitePort = (site.address() as AddressInfo).port;
  });

  afterAll(async () => {
    site.closeAllConnections();
    await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => other.close(r))]);
  });

  const options = (allow: string[]) => ({ allow, maxBytes: 1000, timeoutMs: 500, userAgent: 'test' });

  it('classifies private, loopback and link-local addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '172.20.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
  });

  it('refuses loopback unless the allow-list names the host and port', async () => {
    await expect(safeFetch(`http://127.0.0.1:${sitePort}/`, options([]))).rejects.toMatchObject({
      code: 'fetch_refused',
    });
    await expect(safeFetch(`http://localhost:${sitePort}/`, options([]))).rejects.toMatchObject({
      code: 'fetch_refused',
    });
    const ok = await safeFetch(`http://127.0.0.1:${sitePort}/`, options([`127.0.0.1:${sitePort}`]));
    expect(ok.body.toString()).toBe('hello');
    await expect(safeFetch('file:///etc/passwd', options([]))).rejects.toMatchObject({
      code: 'fetch_refused',
    });
  });

  it('checks every redirect, bounds the size and the time', async () => {
    await expect(
      safeFetch(`http://127.0.0.1:${sitePort}/hop`, options([`127.0.0.1:${sitePort}`])),
    ).rejects.toMatchObject({
      code: 'fetch_refused',
    });
    expect(otherHits).toEqual([]);
    await expect(
      safeFetch(`http://127.0.0.1:${sitePort}/big`, options([`127.0.0.1:${sitePort}`])),
    ).rejects.toMatchObject({
      code: 'fetch_too_large',
    });
    await expect(
      safeFetch(`http://127.0.0.1:${sitePort}/slow`, options([`127.0.0.1:${sitePort}`])),
    ).rejects.toMatchObject({
      code: 'fetch_timeout',
    });
  });
});
