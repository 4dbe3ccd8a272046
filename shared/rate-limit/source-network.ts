import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a source address stands for in a per-address budget: an IPv4 address itself (an IPv4-mapped IPv6
 * address as that IPv4 address), an IPv6 address as its /64, the smallest network a client is usually given: a
 * budget per full IPv6 address would let one client multiply it by the 2^64 addresses of its own network.
 */
export const sourceNetwork = (sourceIp: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(sourceIp)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(sourceIp)) return sourceIp;
  return `${prefixGroups(sourceIp).join(':')}::/64`;
};

/** The first four 16-bit groups of an IPv6 address (`::` expanded), in canonical lower-case hex. */
const prefixGroups = (address: string): string[] => {
  const [head, tail] = address.split('%')[0]!.toLowerCase().split('::');
  // A dotted IPv4 tail is two groups; only how many matters here, since it is never in the first four.
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : [];
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
};
