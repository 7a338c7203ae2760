// Verify-time policy of a token (README: Governing use): which client addresses may use it and how often.
// Addresses are parsed by ipaddr.js, strictly (four-part decimal IPv4 only: `10.1` or `010.0.0.1`
// are typos, not addresses), and compiled to integers so that matching 50 ranges costs a few
// comparisons. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is the IPv4 address it maps,
// as a client address and as an entry, so one entry covers a dual-stack socket's view too.
import ipaddr from 'ipaddr.js';
import { DomainError, ValidationError } from './errors.js';
import { truncate } from './text.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time.js';

const ALLOWED_IPS_MAX = 50;
const RATE_LIMIT_MAX = 1_000_000;
const RATE_UNITS = { s: SECOND_MS, min: MINUTE_MS, h: HOUR_MS, day: DAY_MS } as const;
type RateUnit = keyof typeof RATE_UNITS;

/** At most `limit` admitted requests in any window of `windowMs`. */
export type RateLimit = { limit: number; unit: RateUnit; windowMs: number };

/** What a token allows, as stored: canonical CIDR strings and the rate limit's text. */
type PolicyFields = { allowedIps: string[]; rateLimit: string | null };

type Range = { v6: false; net: number; mask: number } | { v6: true; parts: number[]; prefix: number };

/** Longer than any address, with a zone of an interface name's length: no address. */
const MAX_ADDRESS_LENGTH = 100;

/** Ranges no client address can come from: an entry inside them can match nobody. */
const NOBODY = ['0.0.0.0/8', '224.0.0.0/3', '::/128', 'ff00::/8'].map((cidr) => ipaddr.parseCIDR(cidr));

/** An address as one kind: IPv4-mapped IPv6 becomes IPv4. A link-local client's zone
 *  (`fe80::1%eth0`, the interface it came in on) is not part of its address. Null when it is no
 *  address. */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (text.length > MAX_ADDRESS_LENGTH) return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  const zone = text.indexOf('%');
  const hex = hexTail(zone === -1 ? text : text.slice(0, zone));
  if (hex === null || !ipaddr.IPv6.isValid(hex)) return null;
  const v6 = ipaddr.IPv6.parse(hex);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** An IPv6 address's dotted IPv4 tail (`::ffff:10.0.0.1`) as its two hex groups: ipaddr.js
 *  reads the IPv4-compatible `::10.0.0.1` as the mapped `::ffff:10.0.0.1`, another address.
 *  Null when the tail is no strict four-part decimal. */
function hexTail(text: string): string | null {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (colon === -1 || !tail.includes('.')) return text;
  if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
  const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets as [number, number, number, number];
  return `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** One entry (`a.b.c.d`, `a.b.c.d/n`, an IPv6 address, `x::/n`) as a canonical CIDR. */
function parseEntry(entry: string): string {
  const [address, prefixText, extra] = entry.split('/');
  // A zone names an interface of one machine, not an address anyone else can check against.
  const zone = address!.indexOf('%');
  if (zone !== -1 && parseAddress(address!))
    throw new DomainError('ip_zone', 'allowed_ips', { entry: truncate(entry, 60), address: address!.slice(0, zone) });
  const ip = parseAddress(address!);
  if (!ip || extra !== undefined || (prefixText !== undefined && !/^(0|[1-9]\d{0,2})$/.test(prefixText)))
    throw new DomainError('ip_invalid', 'allowed_ips', { entry: truncate(entry, 60) });
  let prefix = prefixText === undefined ? (ip.kind() === 'ipv4' ? 32 : 128) : Number(prefixText);
  // A mapped entry's prefix counts the 96 bits of ::ffff:0:0/96: it is checked as written.
  const mapped = ip.kind() === 'ipv4' && address!.includes(':') && prefixText !== undefined;
  const [min, max] = mapped ? [96, 128] : [0, ip.kind() === 'ipv4' ? 32 : 128];
  if (prefix < min || prefix > max)
    throw new DomainError('ip_prefix_invalid', 'allowed_ips', { entry: truncate(entry, 60), min, max });
  if (mapped) prefix -= 96;
  const network =
    ip.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ip.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${ip.toString()}/${prefix}`);
  const cidr = `${network.toString()}/${prefix}`;
  // `10.0.0.1/8` is most likely a typo for a single address or for 10.0.0.0/8: ask.
  if (network.toString() !== ip.toString())
    throw new DomainError('ip_host_bits', 'allowed_ips', { entry: truncate(entry, 60), network: cidr });
  if (NOBODY.some(([net, bits]) => net.kind() === network.kind() && prefix >= bits && network.match(net, bits))) {
    throw new DomainError('ip_matches_nobody', 'allowed_ips', { entry: truncate(entry, 60) });
  }
  return cidr;
}

/** The allow-list typed in a form (commas, spaces or new lines), as canonical CIDRs without
 *  repeats; every bad entry is reported, each with its own message. Empty: no restriction. */
export function parseAllowedIps(raw: string | string[]): string[] {
  const entries = (Array.isArray(raw) ? raw : raw.split(/[\s,;]+/)).map((entry) => entry.trim()).filter(Boolean);
  const errors: DomainError[] = [];
  const out = new Set<string>();
  for (const entry of entries) {
    try {
      out.add(parseEntry(entry));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(error);
    }
  }
  if (!errors.length && out.size > ALLOWED_IPS_MAX)
    errors.push(new DomainError('too_many_ips', 'allowed_ips', { max: ALLOWED_IPS_MAX }));
  if (errors.length) throw new ValidationError(errors);
  return [...out];
}

/** `600/min`: n from 1 to 1,000,000 per second, minute, hour or day. Empty: no limit. */
export function parseRateLimit(raw: string): RateLimit | null {
  const text = raw.trim().replace(/\s+/g, '');
  if (!text) return null;
  const match = /^(\d+)\/(s|min|h|day)$/.exec(text);
  const params = { value: truncate(raw.trim(), 40), max: RATE_LIMIT_MAX };
  if (!match) throw new DomainError('rate_limit_invalid', 'rate_limit', params);
  const limit = Number(match[1]);
  if (limit < 1 || limit > RATE_LIMIT_MAX) throw new DomainError('rate_limit_out_of_range', 'rate_limit', params);
  const unit = match[2] as RateUnit;
  return { limit, unit, windowMs: RATE_UNITS[unit] };
}

const formatRateLimit = (rate: RateLimit): string => `${rate.limit}/${rate.unit}`;

/** Checks both fields present in `input`; every problem at once. */
export function validatePolicy(input: { allowedIps?: string | string[]; rateLimit?: string }): Partial<PolicyFields> {
  const errors: DomainError[] = [];
  const out: Partial<PolicyFields> = {};
  if (input.allowedIps !== undefined) {
    try {
      out.allowedIps = parseAllowedIps(input.allowedIps);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...error.errors);
    }
  }
  if (input.rateLimit !== undefined) {
    try {
      const rate = parseRateLimit(input.rateLimit);
      out.rateLimit = rate && formatRateLimit(rate);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return out;
}

function compile(cidr: string): Range {
  const [ip, prefix] = ipaddr.parseCIDR(cidr);
  if (ip.kind() === 'ipv4') {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    return { v6: false, net: (toUint32(ip as ipaddr.IPv4) & mask) >>> 0, mask };
  }
  return { v6: true, parts: (ip as ipaddr.IPv6).parts, prefix };
}

const toUint32 = (ip: ipaddr.IPv4): number =>
  ((ip.octets[0]! << 24) | (ip.octets[1]! << 16) | (ip.octets[2]! << 8) | ip.octets[3]!) >>> 0;

/** Whether IPv6 `parts` fall in the `index`th range of `ranges` (V6_STRIDE values each: the
 *  network's 8 parts, then the prefix length). */
function v6Matches(parts: number[], ranges: Uint16Array, index: number): boolean {
  const at = index * V6_STRIDE;
  let bits = ranges[at + 8]!;
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((parts[i]! & mask) !== (ranges[at + i]! & mask)) return false;
  }
  return true;
}

const V6_STRIDE = 9;

/** A stored allow-list, compiled once per distinct list (allowListOf) into flat typed arrays:
 *  ~22 bytes a range where objects took ~170 (measured, 50 ranges), and a scan that reads one block of memory. */
export class AllowList {
  /** IPv4 ranges: network, mask, network, mask, ... */
  private readonly v4: Uint32Array;
  /** IPv6 ranges, V6_STRIDE values each. */
  private readonly v6: Uint16Array;
  /** The last client asked about, and the answer. */
  private lastClient: string | undefined;
  private lastAllowed = false;

  constructor(cidrs: string[]) {
    const ranges = cidrs.map(compile);
    const v4 = ranges.filter((range) => !range.v6);
    const v6 = ranges.filter((range) => range.v6);
    this.v4 = Uint32Array.from(v4.flatMap((range) => [range.net, range.mask]));
    this.v6 = Uint16Array.from(v6.flatMap((range) => [...range.parts, range.prefix]));
  }

  get size(): number {
    return this.v4.length / 2 + this.v6.length / V6_STRIDE;
  }

  /** Whether the client address (as the calling API saw it) is in the list; a missing or
   *  unparsable address is not. */
  allows(client: string | undefined): boolean {
    if (client === undefined) return false;
    // A token's calls mostly come from one client: its answer is kept (the list never changes).
    if (client === this.lastClient) return this.lastAllowed;
    const allowed = this.check(client);
    this.lastClient = client;
    this.lastAllowed = allowed;
    return allowed;
  }

  private check(client: string): boolean {
    // Most clients are plain IPv4: read without ipaddr.js (which builds objects per address).
    const quad = fourPartDecimal(client);
    if (quad >= 0) return this.allowsV4(quad);
    const ip = parseAddress(client);
    if (!ip) return false;
    if (ip.kind() === 'ipv4') return this.allowsV4(toUint32(ip as ipaddr.IPv4));
    const parts = (ip as ipaddr.IPv6).parts;
    for (let i = 0; i < this.v6.length / V6_STRIDE; i++) if (v6Matches(parts, this.v6, i)) return true;
    return false;
  }

  private allowsV4(value: number): boolean {
    const v4 = this.v4;
    for (let i = 0; i < v4.length; i += 2) if ((value & v4[i + 1]!) >>> 0 === v4[i]) return true;
    return false;
  }
}

/** `a.b.c.d` as an unsigned integer, as strict as ipaddr.js's four-part decimal (no leading
 *  zeros, each part ≤ 255); -1 for anything else (then parsed by ipaddr.js). */
export function fourPartDecimal(text: string): number {
  if (text.length < 7 || text.length > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a final '.' ends the last part
    if (c === 46) {
      if (digits === 0 || part > 255 || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1; // a leading zero
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

/** Compiled lists shared by the tokens that have the same one (often: a company's ranges). */
const compiled = new Map<string, AllowList>();
const COMPILED_KEPT = 1_000;

/** The compiled allow-list of these stored entries, null for none. */
export function allowListOf(cidrs: string[] | null): AllowList | null {
  if (!cidrs?.length) return null;
  const key = cidrs.join(',');
  let list = compiled.get(key);
  if (!list) {
    if (compiled.size >= COMPILED_KEPT) compiled.clear();
    compiled.set(key, (list = new AllowList(cidrs)));
  }
  return list;
}

/** The network a client address stands for when counting what one client does: an IPv4 address
 *  itself, an IPv6 address's /64 (one host may hold all of it); null when it is no address. */
export function clientNetwork(client: string): string | null {
  const address = parseAddress(client);
  if (!address) return null;
  return address.kind() === 'ipv4'
    ? address.toString()
    : `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}

/** The client address in one canonical spelling (for usage records), or null when it is none. */
export function canonicalAddress(client: string): string | null {
  return parseAddress(client)?.toString() ?? null;
}
