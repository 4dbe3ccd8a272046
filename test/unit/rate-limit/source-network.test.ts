import { describe, expect, it } from 'vitest';
import { sourceNetwork } from '#shared/rate-limit/source-network';

describe('the network a source address is budgeted as', () => {
  it('is an IPv4 address itself, also when it arrives IPv4-mapped', () => {
    expect(sourceNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceNetwork('::FFFF:127.45.3.9')).toBe('127.45.3.9');
  });

  it('is the /64 of an IPv6 address: every address of one client network is one budget', () => {
    const network = '2001:db8:abcd:12::/64';
    for (const address of [
      '2001:db8:abcd:12::1',
      '2001:db8:abcd:12:ffff:ffff:ffff:ffff',
      '2001:0db8:ABCD:0012:0000:0000:0000:0001',
      '2001:db8:abcd:12:1::',
      '2001:db8:abcd:12:0:0:192.0.2.1',
      '2001:db8:abcd:12::1%eth0',
    ])
      expect(sourceNetwork(address), address).toBe(network);
    expect(sourceNetwork('2001:db8:abcd:13::1')).toBe('2001:db8:abcd:13::/64');
    expect(sourceNetwork('::1')).toBe('0:0:0:0::/64');
    expect(sourceNetwork('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('leaves anything else as given (API Gateway always gives an address)', () => {
    expect(sourceNetwork('not-an-address')).toBe('not-an-address');
  });
});
