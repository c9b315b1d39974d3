/**
 * The client ID metadata document fetcher against a real https server on 127.0.0.1 (its own test CA):
 * what it accepts, the SSRF guards, the size and time limits, and the cache.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientMetadataFetcher, isPrivateAddress } from '../../src/mcpAuth/clientMetadataDocument.js';
import { OAuthError } from '../../src/mcpAuth/oauthError.js';
import { startHttpsDocuments, type HttpsDocuments } from '../helpers/httpsDocument.js';

let docs: HttpsDocuments;
let t = 0;
const now = () => new Date(t);

beforeAll(async () => {
  docs = await startHttpsDocuments();
});
afterAll(async () => {
  await docs.close();
});

const fetcher = (extra: Partial<ConstructorParameters<typeof ClientMetadataFetcher>[0]> = {}) =>
  new ClientMetadataFetcher({ now, allowPrivateAddresses: true, ca: docs.ca, ...extra });

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  expect((error as OAuthError).code).toBe('invalid_client');
  return (error as OAuthError).description;
}

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['1.1.1.1', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('ClientMetadataFetcher', () => {
  it('returns the name and redirect URIs of a valid document, and caches it', async () => {
    const url = `${docs.origin}/valid.json`;
    docs.set('/valid.json', {
      client_id: url,
      client_name: 'Claude',
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'],
    });
    const f = fetcher();
    expect(await f.get(url)).toEqual({
      clientId: url,
      name: 'Claude',
      redirectUris: ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'],
    });
    await f.get(url);
    expect(docs.hits('/valid.json')).toBe(1);
    t += 601_000;
    await f.get(url);
    expect(docs.hits('/valid.json')).toBe(2);
  });

  it('refuses a document whose client_id is not its own URL', async () => {
    docs.set('/impostor.json', {
      client_id: 'https://claude.ai/oauth/client.json',
      redirect_uris: ['https://evil.example/cb'],
    });
    expect(await failure(fetcher().get(`${docs.origin}/impostor.json`))).toContain('does not equal the URL');
  });

  it('refuses bad redirect URIs and secret-based authentication in the document', async () => {
    const url = `${docs.origin}/bad-redirect.json`;
    docs.set('/bad-redirect.json', { client_id: url, redirect_uris: ['http://evil.example/cb'] });
    expect(await failure(fetcher().get(url))).toContain('https, or http on a loopback host');
    const url2 = `${docs.origin}/secret.json`;
    docs.set('/secret.json', {
      client_id: url2,
      redirect_uris: ['https://a.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(await failure(fetcher().get(url2))).toContain('not supported');
  });

  it('refuses a document larger than the cap, a missing one, and non-JSON', async () => {
    const url = `${docs.origin}/big.json`;
    docs.set('/big.json', { client_id: url, redirect_uris: ['https://a.example/cb'], padding: 'x'.repeat(70 * 1024) });
    expect(await failure(fetcher().get(url))).toContain('larger than 65536 bytes');
    expect(await failure(fetcher().get(`${docs.origin}/missing.json`))).toContain('HTTP 404');
    docs.set('/text.json', 'hello');
    expect(await failure(fetcher().get(`${docs.origin}/text.json`))).toContain('not JSON');
  });

  it('gives up on a server that does not answer in time', async () => {
    // A TCP listener that never completes TLS stands for a host that hangs.
    const hang = createServer(() => undefined);
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const port = (hang.address() as { port: number }).port;
    try {
      const started = Date.now();
      expect(await failure(fetcher({ timeoutMs: 300 }).get(`https://127.0.0.1:${port}/client.json`))).toContain(
        'within 0.3 s',
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      hang.close();
    }
  });

  it('refuses private addresses unless told otherwise, http, user info, fragments and root paths', async () => {
    const strict = new ClientMetadataFetcher({ now });
    expect(await failure(strict.get(`${docs.origin}/valid.json`))).toContain('private, loopback or link-local');
    expect(await failure(strict.get('https://localhost/client.json'))).toContain('private, loopback or link-local');
    expect(await failure(strict.get('https://user:pw@example.com/client.json'))).toContain('user information');
    expect(await failure(strict.get('https://example.com/'))).toContain('must have a path');
    expect(docs.hits('/valid.json')).toBe(2);
  });

  it('does not trust a certificate it was not given', async () => {
    const url = `${docs.origin}/valid.json`;
    expect(await failure(fetcher({ ca: undefined }).get(url))).toContain('TLS');
  });
});
