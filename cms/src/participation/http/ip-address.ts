import { BlockList, isIP } from 'node:net';

/**
 * IP addresses as the write path uses them: parsed from a socket or an X-Forwarded-For entry,
 * written one way only (so one person is one rate-limit key), and matched against the proxies
 * the operator trusts.
 */
export interface ParsedAddress {
  family: 4 | 6;
  /** IPv4 dotted, or IPv6 as eight lower-case hex groups without leading zeros. */
  address: string;
}

/** The eight 16-bit groups of a valid IPv6 address (`isIP` has already said it is one). */
function ipv6Groups(value: string): number[] {
  let text = value.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = rest === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => parseInt(group, 16));
}

/**
 * A socket address or one X-Forwarded-For entry, or null when it is not an address. Some proxies
 * append a port (`192.0.2.1:8080`, `[2001:db8::1]:443`); an IPv6 zone (`%eth0`) means nothing
 * beyond the host that saw it. IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket
 * reports) is the IPv4 address: one person, one key.
 */
export function parseAddress(raw: string | undefined): ParsedAddress | null {
  let value = (raw ?? '').trim();
  if (value.length > 100) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.replace(/%[^%]*$/, '');
  const family = isIP(value);
  if (family === 4) return { family: 4, address: value };
  if (family !== 6) return null;
  const groups = ipv6Groups(value);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return { family: 4, address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}` };
  }
  return { family: 6, address: groups.map((g) => g.toString(16)).join(':') };
}

/**
 * What a rate limit counts as "one address": IPv4 as is; IPv6 by its /64, because one home or
 * phone gets a whole /64 and picks any address in it at will (privacy extensions, RFC 8981).
 */
export function rateLimitKey(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) return address.slice(0, 64);
  if (parsed.family === 4) return parsed.address;
  return `${parsed.address.split(':').slice(0, 4).join(':')}::/64`;
}

/** Whom the CMS believes when they say who their client was. */
export interface ProxyTrust {
  /** The nearest N hops are proxies whatever their address (TRUSTED_PROXY_HOPS). */
  hops: number;
  /** Addresses and networks of known proxies (TRUSTED_PROXIES). */
  trusts(address: ParsedAddress): boolean;
}

const shorthands: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
};

/**
 * Parses TRUSTED_PROXIES: comma-separated addresses and CIDR networks, IPv4 or IPv6, and
 * `loopback`. Throws on anything else, naming it: a typo must not silently trust nobody (every
 * person one address) or everybody.
 */
export function proxyTrust(list: string, hops: number): ProxyTrust {
  const blocks = new BlockList();
  let any = false;
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    for (const item of shorthands[entry.toLowerCase()] ?? [entry]) {
      const [addressPart, prefixPart, ...extra] = item.split('/');
      const parsed = parseAddress(addressPart);
      const max = parsed?.family === 4 ? 32 : 128;
      const prefix = prefixPart === undefined ? max : /^\d{1,3}$/.test(prefixPart) ? Number(prefixPart) : NaN;
      if (!parsed || extra.length > 0 || !(prefix >= 0 && prefix <= max)) {
        throw new Error(
          `Passerelle CMS: TRUSTED_PROXIES contient « ${entry} », qui n'est ni une adresse IP, ni un réseau CIDR, ni « loopback » ` +
            `— TRUSTED_PROXIES: "${entry}" is not an IP address, a CIDR network or "loopback".`,
        );
      }
      blocks.addSubnet(parsed.address, prefix, parsed.family === 4 ? 'ipv4' : 'ipv6');
      any = true;
    }
  }
  return { hops, trusts: (address) => any && blocks.check(address.address, address.family === 4 ? 'ipv4' : 'ipv6') };
}

/**
 * The client's address. Starts from the socket's peer and, while the hop in hand is a trusted
 * proxy, steps to the entry that proxy appended to X-Forwarded-For (the right-most one left).
 * Entries further left were written by whoever the untrusted client was, so they are never read.
 * An entry that is not an address stops the walk at the proxy that passed it on: that proxy's
 * address is a key nobody can vary.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trust: ProxyTrust): string {
  let current = parseAddress(socketAddress);
  if (!current) return socketAddress || 'unknown';
  const chain = (forwardedFor ?? '').split(',');
  for (let hop = 0; hop < trust.hops || trust.trusts(current); hop++) {
    let entry: string | undefined;
    while (chain.length > 0 && !(entry = chain.pop()!.trim()));
    const next = entry ? parseAddress(entry) : null;
    if (!next) break;
    current = next;
  }
  return current.address;
}
