import { describe, expect, it } from 'vitest';
import { addressKind } from '../../src/download/address-kind.js';

describe('addressKind', () => {
  it('knows the IPv4 ranges a fetch must not reach unless configured', () => {
    expect(addressKind('127.0.0.1')).toBe('loopback');
    expect(addressKind('127.255.0.9')).toBe('loopback');
    expect(addressKind('169.254.169.254')).toBe('link-local');
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1']) expect(addressKind(a), a).toBe('private');
    expect(addressKind('0.0.0.0')).toBe('unspecified');
    expect(addressKind('224.0.0.1')).toBe('multicast');
    expect(addressKind('255.255.255.255')).toBe('reserved');
  });

  it('and the IPv6 ones, with IPv4 addresses embedded in IPv6 judged as IPv4', () => {
    expect(addressKind('::1')).toBe('loopback');
    expect(addressKind('::')).toBe('unspecified');
    expect(addressKind('fe80::1')).toBe('link-local');
    expect(addressKind('fd00::2')).toBe('private');
    expect(addressKind('fc00::1')).toBe('private');
    expect(addressKind('ff02::1')).toBe('multicast');
    expect(addressKind('::ffff:127.0.0.1')).toBe('loopback');
    expect(addressKind('::ffff:a9fe:a9fe')).toBe('link-local');
    expect(addressKind('::127.0.0.1')).toBe('loopback');
    expect(addressKind('64:ff9b::10.0.0.1')).toBe('private');
    expect(addressKind('::ffff:8.8.8.8')).toBe('public');
  });

  it('lets public addresses through, and calls anything else reserved', () => {
    for (const a of ['8.8.8.8', '130.14.250.7', '172.32.0.1', '2607:f220:41e:4290::110']) expect(addressKind(a), a).toBe('public');
    expect(addressKind('not-an-ip')).toBe('reserved');
  });
});
