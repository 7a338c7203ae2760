// Where events may go (SSRF rules, README: Events: signed webhooks). In production: https only, and every address the
// host resolves to must be public (no loopback, private, link-local, unique-local, CGNAT,
// multicast or reserved ranges), checked when the endpoint is added and again at each
// connection (DNS can change: rebinding); redirects are never followed. Hosts listed in
// WEBHOOK_ALLOWED_HOSTS (`host[:port]`, internal receivers) skip the address rule. Outside
// production, http and local addresses are allowed (tests, the playground).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type DestinationRules = { production: boolean; allowedHosts: string[] };
type UrlProblem = 'malformed' | 'scheme' | 'credentials' | 'private_address' | 'unresolvable';

/** Only plain unicast addresses are public; an IPv4-mapped IPv6 address is judged as IPv4. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** `host[:port]` entries; one without a port allows every port of the host. */
export function isAllowedHost(url: URL, allowedHosts: string[]): boolean {
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  return allowedHosts.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    return (
      wanted === host ||
      wanted === hostname ||
      (url.port === '' && wanted === `${hostname}:${url.protocol === 'https:' ? 443 : 80}`)
    );
  });
}

/** What is wrong with the URL's form, whatever it resolves to. */
export function urlFormProblem(text: string, rules: DestinationRules): { problem: UrlProblem } | { url: URL } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'malformed' };
  }
  const schemes = rules.production ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol)) return { problem: 'scheme' };
  if (url.username || url.password) return { problem: 'credentials' };
  return { url };
}

/** Whether the address rule applies to this URL. */
const addressRuleFor = (url: URL, rules: DestinationRules) =>
  rules.production && !isAllowedHost(url, rules.allowedHosts);

type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** The full check, with DNS resolution, when an endpoint is added. */
export async function destinationProblem(
  text: string,
  rules: DestinationRules,
  lookup: Lookup = dnsLookup,
): Promise<UrlProblem | undefined> {
  const form = urlFormProblem(text, rules);
  if ('problem' in form) return form.problem;
  if (!addressRuleFor(form.url, rules)) return undefined;
  const host = bare(form.url.hostname);
  if (isIP(host)) return isPublicAddress(host) ? undefined : 'private_address';
  const addresses = await new Promise<LookupAddress[] | undefined>((resolve) =>
    lookup(host, { all: true }, (error, found) => resolve(error ? undefined : found)),
  );
  if (!addresses?.length) return 'unresolvable';
  return addresses.every((entry) => isPublicAddress(entry.address)) ? undefined : 'private_address';
}

/** A net `lookup` that refuses a name resolving to any non-public address (used per connection,
 *  so a name that changed since it was checked is refused too). */
export function guardedLookup(lookup: typeof dnsLookup = dnsLookup) {
  return ((
    hostname: string,
    options: object,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused)
        return callback(
          Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EADDRNOTPUBLIC' }),
          '',
          0,
        );
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as typeof dnsLookup;
}

/** Whether a delivery to `url` must go through the guarded lookup (and literal IPs be checked). */
export const needsAddressGuard = addressRuleFor;
export const literalAddress = (url: URL) => (isIP(bare(url.hostname)) ? bare(url.hostname) : undefined);
