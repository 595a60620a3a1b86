import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** What an IP address is, for the fetch allow-list: only `public` addresses are fetched from without being configured. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

const ranges: [Exclude<AddressKind, 'public'>, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'], // "this network"; 0.0.0.0 reaches the local host
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // carrier-grade NAT, shared address space
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'], // cloud metadata services (169.254.169.254) live here
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'], // and the broadcast address
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'], // unique local
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['reserved', 'fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const lists = new Map<Exclude<AddressKind, 'public'>, BlockList>();
for (const [kind, network, prefix, family] of ranges) {
  const list = lists.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  lists.set(kind, list);
}

/**
 * The kind of an IPv4 or IPv6 address (as dns.lookup returns it). An IPv6 address that embeds an
 * IPv4 one (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d) is the
 * kind of the IPv4 address, so ::ffff:127.0.0.1 is loopback. Not an IP address: `reserved`.
 */
export function addressKind(address: string): AddressKind {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (family === null) return 'reserved';
  if (family === 'ipv6') {
    const embedded = embeddedIPv4(address);
    if (embedded !== null) return addressKind(embedded);
  }
  for (const [kind, list] of lists) if (list.check(address, family)) return kind;
  return 'public';
}

/** The IPv4 address inside ::ffff:0:0/96, ::/96 (but not :: and ::1) and 64:ff9b::/96, or null. */
function embeddedIPv4(address: string): string | null {
  const words = ipv6Words(address);
  if (words === null) return null;
  const high = words.slice(0, 6);
  const mapped = high.slice(0, 5).every((w) => w === 0) && high[5] === 0xffff;
  const compatible = high.every((w) => w === 0) && (words[6] !== 0 || (words[7] ?? 0) > 1);
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && high.slice(2).every((w) => w === 0);
  if (!mapped && !compatible && !nat64) return null;
  const [a, b] = [words[6] ?? 0, words[7] ?? 0];
  return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
}

/** The eight 16-bit words of an IPv6 address (a trailing dotted IPv4 part included), or null. */
function ipv6Words(address: string): number[] | null {
  let text = address.replace(/%.*$/, ''); // zone id
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split('::');
  if (rest.length > 0) return null;
  const parse = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  if (tail !== undefined && left.length + right.length > 7) return null;
  const words = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}
