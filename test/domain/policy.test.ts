import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import ipaddr from 'ipaddr.js';
import {
  clientNetwork,
  AllowList,
  allowListOf,
  canonicalAddress,
  fourPartDecimal,
  parseAllowedIps,
  parseRateLimit,
  validatePolicy,
} from '../../src/domain/policy.js';
import { policyVerdict, type VerifiedToken } from '../../src/domain/verification.js';

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => [e.code, e.params.entry ?? e.params.value]);
    throw error;
  }
  return [];
};

describe('allowed_ips', () => {
  it('reads addresses and ranges separated by commas, spaces or new lines, canonically and once', () => {
    expect(parseAllowedIps('10.0.0.0/8, 192.168.1.7\n2001:DB8::/32  2001:db8:0:0::1 10.0.0.0/8')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7/32',
      '2001:db8::/32',
      '2001:db8::1/128',
    ]);
    expect(parseAllowedIps('')).toEqual([]);
    expect(parseAllowedIps(' , \n')).toEqual([]);
  });

  it('takes an IPv4-mapped IPv6 entry as the IPv4 address or range it maps', () => {
    expect(parseAllowedIps('::ffff:10.1.2.3 ::ffff:10.0.0.0/104')).toEqual(['10.1.2.3/32', '10.0.0.0/8']);
  });

  it('reads an IPv4-compatible entry (`::10.0.0.1`) as the IPv6 address it is, not as the IPv4 address', () => {
    expect(parseAllowedIps('::10.0.0.1 0:0:0:0:0:ffff:10.0.0.2 ::FFFF:10.0.0.3')).toEqual([
      '::a00:1/128',
      '10.0.0.2/32',
      '10.0.0.3/32',
    ]);
  });

  it('refuses a zone (the interface part of `fe80::1%eth0`), naming the address to write instead', () => {
    try {
      parseAllowedIps('fe80::1%eth0 10.0.0.0/8');
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors.map((e) => [e.code, e.params])).toEqual([
        ['ip_zone', { entry: 'fe80::1%eth0', address: 'fe80::1' }],
      ]);
    }
  });

  it('accepts /0 and /128 (/32 for IPv4)', () => {
    expect(parseAllowedIps('0.0.0.0/0 ::/0 2001:db8::5/128 1.2.3.4/32')).toEqual([
      '0.0.0.0/0',
      '::/0',
      '2001:db8::5/128',
      '1.2.3.4/32',
    ]);
  });

  it('names every bad entry with its own reason', () => {
    expect(
      problems(() =>
        parseAllowedIps(
          '10.0.0.1/8 300.1.1.1 10.1 010.0.0.1 1.2.3.4/33 ::1/129 1.2.3.4/8/1 host.example 2001:db8::/ab 1.2.3.0/24 10.0.0.0/08 ::010.0.0.1 %eth0',
        ),
      ),
    ).toEqual([
      ['ip_host_bits', '10.0.0.1/8'],
      ['ip_invalid', '300.1.1.1'],
      ['ip_invalid', '10.1'],
      ['ip_invalid', '010.0.0.1'],
      ['ip_prefix_invalid', '1.2.3.4/33'],
      ['ip_prefix_invalid', '::1/129'],
      ['ip_invalid', '1.2.3.4/8/1'],
      ['ip_invalid', 'host.example'],
      ['ip_invalid', '2001:db8::/ab'],
      ['ip_invalid', '10.0.0.0/08'],
      ['ip_invalid', '::010.0.0.1'],
      ['ip_invalid', '%eth0'],
    ]);
  });

  it('checks a mapped IPv4 range’s prefix as written (96 to 128), and says so', () => {
    expect(parseAllowedIps('::ffff:10.0.0.0/104')).toEqual(['10.0.0.0/8']);
    try {
      parseAllowedIps('::ffff:10.0.0.0/8');
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors[0]).toMatchObject({
        code: 'ip_prefix_invalid',
        params: { min: 96, max: 128 },
      });
    }
  });

  it('suggests the network of a range written with host bits', () => {
    try {
      parseAllowedIps('192.168.1.9/24');
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors[0]!.params).toMatchObject({ network: '192.168.1.0/24' });
    }
  });

  it('refuses entries no client can come from, so a list that excludes every address is refused', () => {
    expect(
      problems(() => parseAllowedIps('0.0.0.0 0.0.0.0/32 224.0.0.1 255.255.255.255 240.0.0.0/4 :: ff02::1')),
    ).toEqual(
      ['0.0.0.0', '0.0.0.0/32', '224.0.0.1', '255.255.255.255', '240.0.0.0/4', '::', 'ff02::1'].map((entry) => [
        'ip_matches_nobody',
        entry,
      ]),
    );
    expect(parseAllowedIps('0.0.0.0/0 192.0.0.0/2')).toEqual(['0.0.0.0/0', '192.0.0.0/2']);
  });

  it('holds at most 50 distinct entries', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `10.0.${i}.0/24`);
    expect(parseAllowedIps(fifty)).toHaveLength(50);
    expect(parseAllowedIps([...fifty, '10.0.0.0/24'])).toHaveLength(50);
    expect(problems(() => parseAllowedIps([...fifty, '10.1.0.0/16']))).toEqual([['too_many_ips', undefined]]);
  });
});

describe('AllowList', () => {
  const list = new AllowList(parseAllowedIps('10.0.0.0/8 192.168.1.7 2001:db8::/32 fe80::1/128'));

  it('matches IPv4 and IPv6 addresses inside its ranges, and nothing else', () => {
    for (const ip of [
      '10.0.0.0',
      '10.255.255.255',
      '192.168.1.7',
      '2001:db8::1',
      '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
      'fe80::1',
    ])
      expect(list.allows(ip)).toBe(true);
    for (const ip of ['11.0.0.0', '9.255.255.255', '192.168.1.8', '2001:db9::', 'fe80::2', '::a00:1'])
      expect(list.allows(ip)).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 client as its IPv4 address', () => {
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('::ffff:a01:203')).toBe(true);
    expect(list.allows('::ffff:11.1.2.3')).toBe(false);
    expect(new AllowList(parseAllowedIps('::ffff:10.0.0.0/104')).allows('10.9.9.9')).toBe(true);
  });

  it('matches an IPv4-compatible client (`::10.0.0.1`) as the IPv6 address it is, the same way in either spelling', () => {
    const v6 = new AllowList(parseAllowedIps('::a00:1'));
    expect([v6.allows('::10.0.0.1'), v6.allows('::a00:1'), v6.allows('10.0.0.1')]).toEqual([true, true, false]);
    const v4 = new AllowList(parseAllowedIps('10.0.0.0/8'));
    expect([v4.allows('::10.0.0.1'), v4.allows('::a00:1'), v4.allows('::ffff:10.0.0.1')]).toEqual([false, false, true]);
  });

  it('reads no address in text longer than any address, whatever it holds', () => {
    const long = `:${'.'.repeat(4_000)}:`;
    expect([list.allows(long), list.allows(`fe80::1%${'e'.repeat(200)}`), canonicalAddress(long)]).toEqual([
      false,
      false,
      null,
    ]);
    expect(problems(() => parseAllowedIps(long)).map(([code]) => code)).toEqual(['ip_invalid']);
  });

  it("ignores a link-local client's zone, the interface it came in on", () => {
    expect(list.allows('fe80::1%eth0')).toBe(true);
    expect(list.allows('fe80::2%eth0')).toBe(false);
    expect(canonicalAddress('fe80::1%25eth0')).toBe('fe80::1');
  });

  it('allows everyone of a family with /0', () => {
    const v4 = new AllowList(['0.0.0.0/0']);
    expect(v4.allows('203.0.113.9')).toBe(true);
    expect(v4.allows('2001:db8::1')).toBe(false);
    expect(new AllowList(['::/0']).allows('2001:db8::1')).toBe(true);
  });

  it('answers the same client again as the first time, whatever was asked in between', () => {
    const fresh = new AllowList(parseAllowedIps('10.0.0.0/8'));
    const asked = ['10.0.0.1', '10.0.0.1', '11.0.0.1', '11.0.0.1', '10.0.0.1', undefined, '11.0.0.1', '10.0.0.1'];
    expect(asked.map((ip) => fresh.allows(ip))).toEqual([true, true, false, false, true, false, false, true]);
  });

  it('refuses a missing or unparsable client address', () => {
    for (const ip of [undefined, '', 'localhost', '10.1', '1.2.3.4/32', '10.0.0.1 '])
      expect(list.allows(ip)).toBe(false);
  });

  it('reads plain IPv4 clients without ipaddr.js, exactly as strictly', () => {
    const samples = [
      '0.0.0.0',
      '255.255.255.255',
      '10.0.0.1',
      '203.0.113.9',
      '256.0.0.1',
      '010.0.0.1',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      '1.2.3.',
      '.1.2.3',
      '1.2.3.04',
      '1.2.3.1000',
      '１.2.3.4',
      '1.2.3.4 ',
      '::1',
    ];
    for (const text of samples) {
      const expected = ipaddr.IPv4.isValidFourPartDecimal(text)
        ? ipaddr.IPv4.parse(text)
            .toByteArray()
            .reduce((n, b) => n * 256 + b, 0)
        : -1;
      expect(fourPartDecimal(text), text).toBe(expected);
    }
  });

  it('is compiled once for the tokens that share it', () => {
    expect(allowListOf(['10.0.0.0/8'])).toBe(allowListOf(['10.0.0.0/8']));
    expect(allowListOf([])).toBeNull();
  });

  it('spells client addresses one way', () => {
    expect(canonicalAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('2001:DB8:0::1')).toBe('2001:db8::1');
    expect(canonicalAddress('nope')).toBeNull();
  });
});

describe('clientNetwork', () => {
  it('counts an IPv4 client by its address and an IPv6 one by its /64; no address is none', () => {
    expect(clientNetwork('10.0.0.1')).toBe('10.0.0.1');
    expect(clientNetwork('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:DB8:1:2:bbbb::2')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    for (const junk of ['', 'junk', '10.0.0.256', 'x'.repeat(5000)]) expect(clientNetwork(junk)).toBeNull();
  });
});

describe('rate_limit', () => {
  it('reads n per second, minute, hour or day', () => {
    expect(parseRateLimit('600/min')).toEqual({ limit: 600, unit: 'min', windowMs: 60_000 });
    expect(parseRateLimit(' 1 / s ')).toEqual({ limit: 1, unit: 's', windowMs: 1_000 });
    expect(parseRateLimit('1000000/day')).toEqual({ limit: 1_000_000, unit: 'day', windowMs: 86_400_000 });
    expect(parseRateLimit('5/h')!.windowMs).toBe(3_600_000);
    expect(parseRateLimit('  ')).toBeNull();
  });

  it.each(['10/m', '10/sec', '-1/s', '1.5/s', '10', '/min', 'ten/min'])('refuses %s as no rate limit', (text) => {
    expect(problems(() => validatePolicy({ rateLimit: text }))).toEqual([['rate_limit_invalid', text]]);
  });

  it.each(['0/s', '1000001/day', '99999999999/h'])('refuses %s for its count', (text) => {
    expect(problems(() => validatePolicy({ rateLimit: text }))).toEqual([['rate_limit_out_of_range', text]]);
  });

  it('reports problems of both fields at once', () => {
    expect(problems(() => validatePolicy({ allowedIps: 'x', rateLimit: 'y' })).map(([code]) => code)).toEqual([
      'ip_invalid',
      'rate_limit_invalid',
    ]);
    expect(validatePolicy({ allowedIps: '', rateLimit: '' })).toEqual({ allowedIps: [], rateLimit: null });
  });
});

describe('policyVerdict', () => {
  const token = (policy: Partial<VerifiedToken> = {}): VerifiedToken => ({
    tokenId: 't',
    status: 'enabled',
    expiresAt: null,
    secretExpiresAt: null,
    allowList: null,
    rateLimit: null,
    summary: {
      id: 'tok_1',
      label: 'l',
      owner: { type: 'organization', organization: 'acme', domain: null },
      scopes: ['read', 'write'],
      apiVersion: 'v1',
      expiresAt: null,
    },
    ...policy,
  });

  it('checks the address before the scopes', () => {
    const limited = token({ allowList: new AllowList(['10.0.0.0/8']) });
    expect(policyVerdict(limited, { ip: '11.0.0.1', scopes: ['admin'] })).toEqual({ code: 'FORBIDDEN' });
    expect(policyVerdict(limited, { scopes: ['read'] })).toEqual({ code: 'FORBIDDEN' });
    expect(policyVerdict(limited, { ip: '10.0.0.1', scopes: ['admin', 'read', 'admin'] })).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['admin'],
    });
    expect(policyVerdict(limited, { ip: '10.0.0.1', scopes: ['read'] })).toBeNull();
  });

  it('ignores the address when the token has no allow-list, and asks nothing when no scopes are named', () => {
    expect(policyVerdict(token(), { ip: 'garbage' })).toBeNull();
    expect(policyVerdict(token(), { scopes: [] })).toBeNull();
  });
});
