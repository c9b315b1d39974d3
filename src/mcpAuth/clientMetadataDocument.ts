/**
 * Client ID Metadata Documents (MCP authorization 2025-11-25, draft-ietf-oauth-client-id-metadata-document):
 * a `client_id` that is an https URL names a JSON document, served by the client, listing its
 * `redirect_uris`. We fetch it ourselves, so the fetch is the attack surface (SSRF):
 * - https only, default port or any, no user info, no fragment, a path other than `/`;
 * - the host is resolved once and every address checked: private, loopback, link-local, CGNAT,
 *   multicast and unspecified ranges are refused, and the connection goes to the checked address
 *   (a second DNS answer cannot rebind it);
 * - 5 s for the whole fetch, 64 KB at most, no redirects followed;
 * - successful documents are cached (10 minutes), failures briefly (30 s), so a flood of authorize
 *   requests does not become a flood of fetches.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { z } from 'zod';
import { OAuthError } from './oauthError.js';
import { redirectUriProblem } from './redirectUris.js';

export interface ClientMetadata {
  clientId: string;
  name: string;
  redirectUris: string[];
}

export interface ClientMetadataFetcherOptions {
  now: () => Date;
  /** Tests serve documents on 127.0.0.1; never set in production. */
  allowPrivateAddresses?: boolean;
  /** Extra trusted CA certificates (PEM), for tests serving https with their own certificate. */
  ca?: string | Buffer;
  timeoutMs?: number;
  maxBytes?: number;
  cacheTtlMs?: number;
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** True for an address no public client document can live at. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return true;
}

/** True when `clientId` is meant as a metadata document URL (it is then validated by {@link ClientMetadataFetcher.get}). */
export function isMetadataDocumentClientId(clientId: string): boolean {
  return clientId.startsWith('https://');
}

const documentSchema = z.object({
  client_id: z.string(),
  client_name: z.string().max(200).optional(),
  redirect_uris: z.array(z.string()).min(1).max(20),
  token_endpoint_auth_method: z.string().optional(),
});

interface CacheEntry {
  expiresAt: number;
  result: ClientMetadata | OAuthError;
}

const MAX_CACHE_ENTRIES = 200;

function invalid(description: string): OAuthError {
  return new OAuthError('invalid_client', `Client metadata document: ${description}`, 400);
}

/** Fetches, validates and caches client metadata documents. */
export class ClientMetadataFetcher {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly options: ClientMetadataFetcherOptions) {}

  /** The client's metadata. @throws OAuthError `invalid_client` naming what is wrong. */
  async get(clientId: string): Promise<ClientMetadata> {
    const now = this.options.now().getTime();
    const cached = this.cache.get(clientId);
    if (cached && cached.expiresAt > now) {
      if (cached.result instanceof OAuthError) throw cached.result;
      return cached.result;
    }
    let result: ClientMetadata | OAuthError;
    try {
      result = await this.fetchAndValidate(clientId);
    } catch (error) {
      result = error instanceof OAuthError ? error : invalid('it could not be fetched');
    }
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    const ttl = result instanceof OAuthError ? 30_000 : (this.options.cacheTtlMs ?? 600_000);
    this.cache.set(clientId, { expiresAt: now + ttl, result });
    if (result instanceof OAuthError) throw result;
    return result;
  }

  private async fetchAndValidate(clientId: string): Promise<ClientMetadata> {
    let url: URL;
    try {
      url = new URL(clientId);
    } catch {
      throw invalid('the client_id is not a URL');
    }
    if (url.protocol !== 'https:') throw invalid('the client_id must be an https URL');
    if (url.username || url.password || url.hash || clientId.includes('#'))
      throw invalid('the client_id URL must not carry user information or a fragment');
    if (url.pathname === '/' || url.pathname === '') throw invalid('the client_id URL must have a path');
    if (clientId.length > 2048) throw invalid('the client_id URL is too long');

    const address = await this.resolve(url.hostname.replace(/^\[|\]$/g, ''));
    const text = await this.download(url, address);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalid('the document is not JSON');
    }
    const parsed = documentSchema.safeParse(json);
    if (!parsed.success) throw invalid('the document needs client_id and a non-empty redirect_uris array');
    const doc = parsed.data;
    if (doc.client_id !== clientId) throw invalid('its client_id does not equal the URL it was fetched from');
    for (const uri of doc.redirect_uris) {
      const problem = redirectUriProblem(uri);
      if (problem) throw invalid(problem);
    }
    const method = doc.token_endpoint_auth_method ?? 'none';
    if (method !== 'none') throw invalid(`token_endpoint_auth_method "${method}" is not supported (use "none")`);
    return { clientId, name: doc.client_name ?? url.hostname, redirectUris: doc.redirect_uris };
  }

  private async resolve(hostname: string): Promise<{ address: string; family: number }> {
    let addresses: Array<{ address: string; family: number }>;
    try {
      addresses = isIP(hostname)
        ? [{ address: hostname, family: isIP(hostname) }]
        : await dnsLookup(hostname, { all: true, verbatim: true });
    } catch {
      throw invalid(`its host ${hostname} does not resolve`);
    }
    if (addresses.length === 0) throw invalid(`its host ${hostname} does not resolve`);
    if (!this.options.allowPrivateAddresses && addresses.some((a) => isPrivateAddress(a.address))) {
      throw invalid('its host resolves to a private, loopback or link-local address, which is refused');
    }
    return addresses[0]!;
  }

  private download(url: URL, pinned: { address: string; family: number }): Promise<string> {
    const maxBytes = this.options.maxBytes ?? 64 * 1024;
    const timeoutMs = this.options.timeoutMs ?? 5000;
    // Connect to the address that was checked, whatever DNS says a moment later.
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };
    return new Promise((resolve, reject) => {
      const request = https.get(
        url,
        { lookup, ca: this.options.ca, headers: { accept: 'application/json' }, timeout: timeoutMs },
        (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            reject(invalid(`fetching it answered HTTP ${response.statusCode ?? '?'} (redirects are not followed)`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              request.destroy();
              reject(invalid(`it is larger than ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          response.on('error', () => reject(invalid('the download failed')));
        },
      );
      const deadline = setTimeout(() => {
        request.destroy();
        reject(invalid(`it did not arrive within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      request.on('close', () => clearTimeout(deadline));
      request.on('timeout', () => request.destroy());
      request.on('error', () => reject(invalid('it could not be fetched (connection or TLS failure)')));
    });
  }
}
