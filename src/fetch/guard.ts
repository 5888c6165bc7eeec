/**
 * The SSRF guard: Storyline fetches URLs that feeds and users hand it, so it must not be talked into
 * requesting the machine itself, the private network or a cloud metadata service. Only http(s) is
 * allowed, and every address a host name resolves to is checked against the non-public ranges below
 * (IPv4, IPv6, and the IPv6 forms that embed an IPv4 address) — before the request, on every redirect,
 * and again in the lookup the connection itself uses, so a DNS answer that changes between the check and
 * the connection (DNS rebinding) cannot slip a private address through.
 */
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** Non-public IPv4 ranges: [network, prefix length, what it is]. */
const IPV4_RANGES: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '"this" network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Non-public IPv6 ranges. IPv4-mapped addresses (::ffff:a.b.c.d) are matched by BlockList itself. */
const IPV6_RANGES: readonly [string, number, string][] = [
  ['::1', 128, 'loopback'],
  ['::', 96, 'unspecified or IPv4-compatible'],
  ['100::', 64, 'discard'],
  ['2001::', 32, 'Teredo'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** "10.0.0.0" -> "a00:0": the two IPv6 groups that carry an IPv4 address. */
function ipv4Groups(address: string): string {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

const blockList = new BlockList();
const reasons: { list: BlockList; reason: string }[] = [];

function block(network: string, prefix: number, family: 'ipv4' | 'ipv6', reason: string): void {
  blockList.addSubnet(network, prefix, family);
  const single = new BlockList();
  single.addSubnet(network, prefix, family);
  reasons.push({ list: single, reason });
}

for (const [network, prefix, reason] of IPV4_RANGES) {
  block(network, prefix, 'ipv4', reason);
  // The same range reached through NAT64 (64:ff9b::/96) and 6to4 (2002::/16), which embed IPv4 addresses.
  block(`64:ff9b::${ipv4Groups(network)}`, 96 + prefix, 'ipv6', `${reason} (via NAT64)`);
  block(`2002:${ipv4Groups(network)}::`, 16 + prefix, 'ipv6', `${reason} (via 6to4)`);
}
for (const [network, prefix, reason] of IPV6_RANGES) block(network, prefix, 'ipv6', reason);

/** Why the address is not a public unicast address, or undefined when it is one. */
export function blockedReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (!blockList.check(bare, type)) return undefined;
  return reasons.find((r) => r.list.check(bare, type))?.reason ?? 'not public';
}

/** Thrown when a URL may not be fetched: a scheme other than http(s), or a non-public address. */
export class BlockedUrlError extends Error {
  override name = 'BlockedUrlError';
}

/** Resolves a host name to every address it has (dns.lookup's answer, as the connection would get it). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

/** Says why an address may not be connected to, or undefined when it may (blockedReason by default). */
export type AddressPolicy = (address: string) => string | undefined;

/** Throws BlockedUrlError when any address is not public. */
export function checkAddresses(hostname: string, addresses: readonly LookupAddress[], policy: AddressPolicy = blockedReason): void {
  if (!addresses.length) throw new BlockedUrlError(`${hostname} resolves to no address`);
  for (const { address } of addresses) {
    const reason = policy(address);
    if (reason) {
      const what = address === hostname.replace(/^\[|\]$/g, '') ? address : `${hostname} resolves to ${address}`;
      throw new BlockedUrlError(`refused to fetch ${what}: ${reason} address (use --allow-private to allow it)`);
    }
  }
}

/** Parses a URL and refuses anything but http(s). */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedUrlError(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedUrlError(`refused to fetch ${url.protocol}// URLs: only http and https are allowed`);
  }
  return url;
}

/**
 * Checks a URL before a request: scheme, then (unless allowPrivate) every address of its host. IP
 * literals are checked as they are (the connection's lookup is not consulted for them).
 */
export async function checkUrl(
  url: URL,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
  policy: AddressPolicy = blockedReason,
): Promise<void> {
  parseHttpUrl(url.href);
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family) return checkAddresses(host, [{ address: host, family }], policy);
  checkAddresses(host, await resolve(host), policy);
}

/**
 * The lookup the HTTP agent's connections use: resolves with the given resolver and refuses the
 * connection when any address is not public, so the socket only ever connects to a checked address.
 */
export function guardedLookup(resolve: Resolver = systemResolver, policy: AddressPolicy = blockedReason): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        try {
          checkAddresses(hostname, addresses, policy);
        } catch (err) {
          callback(err as NodeJS.ErrnoException, '', 0);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (!wanted.length) {
          callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, wanted);
        } else {
          callback(null, wanted[0]!.address, wanted[0]!.family);
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
