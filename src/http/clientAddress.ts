/**
 * The client address that per-client limits count against.
 *
 * Express's `req.ip` believes `X-Forwarded-For` from any direct peer once `trust proxy` is a hop count
 * or `true`, and returns whatever text sits at that position: rotating the header rotated the rate-limit
 * key (issue 16). Here the chain is walked from the socket towards the client, hop by hop, and a hop is
 * skipped only when it is a trusted proxy: an address `TRUST_PROXY` names (a list or `loopback`…), or,
 * for a hop count or `true`, an address on this machine or a private network (ngrok's agent, a load
 * balancer). A public direct peer is never a proxy, so its own address is its key. The first address
 * not added by a trusted hop is the client; text that is not an IP address is never a key (the trusted
 * hop that passed it on is used instead). IPv6 clients are keyed by their /56, as one host owns those.
 */
import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';

/** `trust proxy` as compiled by Express: whether the hop at `index` (0 = the socket peer) is trusted. */
export type TrustFunction = (address: string, index: number) => boolean;

/** Longest `X-Forwarded-For` chain looked at; real chains have a few entries. */
const MAX_HOPS = 16;

const LOCAL_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
] as const) {
  LOCAL_NETWORKS.addSubnet(network, prefix, 'ipv4');
}
LOCAL_NETWORKS.addAddress('::1', 'ipv6');
LOCAL_NETWORKS.addSubnet('fc00::', 7, 'ipv6');
LOCAL_NETWORKS.addSubnet('fe80::', 10, 'ipv6');

/** `::ffff:1.2.3.4` → `1.2.3.4`; other text unchanged. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match ? match[1]! : address;
}

/** True for loopback, private, link-local, carrier-grade NAT and unique-local addresses. */
export function isLocalOrPrivate(address: string): boolean {
  const plain = unmapped(address);
  const version = isIP(plain);
  if (version === 0) return false;
  return LOCAL_NETWORKS.check(plain, version === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Builds the hop test for a `TRUST_PROXY` value: a list or named range is trusted as written; a hop
 * count or `true` trusts only local or private addresses within that many hops.
 */
export function proxyTrust(setting: boolean | number | string, compiled: TrustFunction): TrustFunction {
  if (setting === false) return () => false;
  if (typeof setting === 'string') return compiled;
  return (address, index) => compiled(address, index) && isLocalOrPrivate(address);
}

/** The address of the client behind the trusted hops (see the module comment), normalised for keying. */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustFunction,
): string {
  const peer = unmapped(socketAddress ?? '');
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const forwarded =
    header === ''
      ? []
      : header
          .split(',')
          .slice(-MAX_HOPS)
          .map((part) => unmapped(part.trim()));
  const chain = [peer, ...forwarded.reverse()];
  let index = 0;
  while (index < chain.length - 1 && isIP(chain[index]!) !== 0 && trust(chain[index]!, index)) index++;
  let address = chain[index]!;
  // Garbage from a client (or passed on by a trusted proxy): key by the last hop we could read.
  while (isIP(address) === 0 && index > 0) address = chain[--index]!;
  if (isIP(address) === 0) return 'unknown';
  return ipKeyGenerator(address, 56);
}

/** {@link clientAddressOf} for an Express request, with the app's `trust proxy` setting. */
export function clientKeyOf(req: Request): string {
  const app = req.app;
  const setting = app.get('trust proxy') as boolean | number | string | undefined;
  const compiled = app.get('trust proxy fn') as TrustFunction;
  return clientAddressOf(
    req.socket.remoteAddress,
    req.headers['x-forwarded-for'],
    proxyTrust(setting ?? false, compiled),
  );
}
