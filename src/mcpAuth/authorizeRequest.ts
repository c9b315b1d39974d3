/**
 * Validation of an authorization request (OAuth 2.1 §4.1.1, RFC 8707, RFC 7636), in the two phases
 * the RFC prescribes: while the client and its redirect URI are not established, an error is shown to
 * the person (a page, never a redirect: an unchecked redirect URI would make us an open redirector);
 * after that, errors go back to the client as `?error=…&state=…&iss=…`.
 */
import type { ClientRegistry } from './clientRegistry.js';
import { resolveScope, type ServerUrls } from './metadata.js';
import { OAuthError } from './oauthError.js';
import type { ClientRecord } from './store.js';

/** A request that passed every check: what the consent page shows and the code will carry. */
export interface AuthorizationRequest {
  client: ClientRecord;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
  scope: string;
  resource: string;
}

export type AuthorizeOutcome =
  | { kind: 'ok'; request: AuthorizationRequest }
  /** Show this to the person; do not redirect. */
  | { kind: 'page'; error: OAuthError }
  /** Send the browser back to the client with this error. */
  | { kind: 'redirect'; redirectUri: string; state: string | null; error: OAuthError };

const LIMITS: Record<string, number> = {
  client_id: 2048,
  redirect_uri: 2048,
  response_type: 64,
  code_challenge: 128,
  code_challenge_method: 16,
  scope: 1000,
  state: 1024,
  resource: 2048,
};

/** Single string parameters only: a repeated or oversized one is malformed. */
function readParams(query: Record<string, unknown>): {
  values: Partial<Record<string, string>>;
  malformed: Set<string>;
} {
  const values: Partial<Record<string, string>> = {};
  const malformed = new Set<string>();
  for (const name of Object.keys(LIMITS)) {
    const value = Object.prototype.hasOwnProperty.call(query, name) ? query[name] : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > LIMITS[name]!) malformed.add(name);
    else values[name] = value;
  }
  return { values, malformed };
}

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The redirect the client gets: the code or error, `state`, and `iss` (RFC 9207). */
export function clientRedirect(redirectUri: string, params: Record<string, string | null>, issuer: string): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  url.searchParams.set('iss', issuer);
  return url.toString();
}

export async function validateAuthorizeRequest(
  query: Record<string, unknown>,
  clients: ClientRegistry,
  urls: ServerUrls,
): Promise<AuthorizeOutcome> {
  const { values, malformed } = readParams(query);
  if (malformed.has('client_id') || values.client_id === undefined || values.client_id === '') {
    return { kind: 'page', error: new OAuthError('invalid_request', 'The request has no usable client_id.') };
  }
  let client: ClientRecord | null;
  try {
    client = await clients.find(values.client_id);
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'page', error };
    throw error;
  }
  if (!client)
    return {
      kind: 'page',
      error: new OAuthError(
        'invalid_client',
        'This client is not registered here (it may have been removed): add the connector again.',
      ),
    };
  if (malformed.has('redirect_uri'))
    return { kind: 'page', error: new OAuthError('invalid_request', 'The redirect_uri is repeated or too long.') };
  let redirectUri = values.redirect_uri;
  if (redirectUri === undefined) {
    if (client.redirectUris.length !== 1)
      return {
        kind: 'page',
        error: new OAuthError('invalid_request', 'redirect_uri is required when a client has several.'),
      };
    redirectUri = client.redirectUris[0]!;
  }
  if (!client.redirectUris.includes(redirectUri)) {
    return {
      kind: 'page',
      error: new OAuthError(
        'invalid_redirect_uri',
        'The redirect_uri is not one this client registered, so the request was stopped here.',
      ),
    };
  }

  const state = malformed.has('state') ? null : (values.state ?? null);
  const fail = (error: OAuthError): AuthorizeOutcome => ({ kind: 'redirect', redirectUri, state, error });
  if (malformed.size > 0)
    return fail(new OAuthError('invalid_request', `Repeated or oversized parameters: ${[...malformed].join(', ')}.`));
  if (values.response_type !== 'code')
    return fail(new OAuthError('unsupported_response_type', 'Only response_type=code is supported.'));
  if (values.code_challenge === undefined)
    return fail(
      new OAuthError('invalid_request', 'PKCE is required: send code_challenge and code_challenge_method=S256.'),
    );
  if (values.code_challenge_method !== 'S256')
    return fail(new OAuthError('invalid_request', 'Only code_challenge_method=S256 is accepted (plain is refused).'));
  if (!CHALLENGE.test(values.code_challenge))
    return fail(
      new OAuthError('invalid_request', 'code_challenge must be the 43-character base64url SHA-256 of the verifier.'),
    );
  let resource = urls.resource;
  if (values.resource !== undefined) {
    const canonical = urls.canonicalResource(values.resource);
    if (canonical === null)
      return fail(new OAuthError('invalid_target', `resource must name this server (${urls.resource}).`));
    resource = canonical;
  }
  const scope = resolveScope(values.scope);
  if (scope === null) return fail(new OAuthError('invalid_scope', 'Unknown scope: this server offers oura:read.'));
  return { kind: 'ok', request: { client, redirectUri, state, codeChallenge: values.code_challenge, scope, resource } };
}
