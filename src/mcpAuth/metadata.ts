/**
 * Where everything lives, derived from PUBLIC_URL, and the two discovery documents:
 * RFC 9728 protected resource metadata (also path-suffixed for `/mcp` and `/sse`, whose `resource` is
 * then that URL, as RFC 9728 §3.3 requires) and RFC 8414 authorization server metadata.
 */

/** The scope every MCP client gets: read the owner's Oura data through the tools. */
export const DEFAULT_SCOPE = 'oura:read';
export const SCOPES_SUPPORTED: readonly string[] = [DEFAULT_SCOPE];

/** Paths of the authorization server; `/auth/*` so they never collide with the Oura routes under `/oauth/*`. */
export const AUTH_PATHS = {
  authorize: '/auth/authorize',
  decision: '/auth/authorize/decision',
  token: '/auth/token',
  register: '/auth/register',
  revoke: '/auth/revoke',
} as const;

/** The MCP endpoints that accept access tokens, each with its own path-suffixed resource metadata. */
export const PROTECTED_PATHS = ['/mcp', '/sse'] as const;

export class ServerUrls {
  /** PUBLIC_URL without a trailing slash: the issuer and the canonical resource. */
  readonly issuer: string;

  constructor(publicUrl: string) {
    this.issuer = publicUrl.replace(/\/+$/, '');
  }

  /** The canonical resource tokens are bound to. */
  get resource(): string {
    return this.issuer;
  }

  endpoint(path: string): string {
    return `${this.issuer}${path}`;
  }

  /** RFC 9728 metadata URL for a protected path (`/message` belongs to `/sse`). */
  resourceMetadataUrl(requestPath: string): string {
    const protectedPath = requestPath === '/mcp' ? '/mcp' : '/sse';
    return `${this.issuer}/.well-known/oauth-protected-resource${protectedPath}`;
  }

  /**
   * The canonical resource for an RFC 8707 `resource` value: this server's URL, with or without a
   * trailing slash, or one of its MCP endpoints. Anything else is another server's: null.
   */
  canonicalResource(value: string): string | null {
    const accepted = [this.issuer, `${this.issuer}/`, ...PROTECTED_PATHS.map((p) => `${this.issuer}${p}`)];
    return accepted.includes(value) ? this.resource : null;
  }
}

/** RFC 9728 §2 document for the resource at `path` ('' for the server itself). */
export function protectedResourceMetadata(
  urls: ServerUrls,
  path: '' | (typeof PROTECTED_PATHS)[number],
): Record<string, unknown> {
  return {
    resource: `${urls.issuer}${path}`,
    authorization_servers: [urls.issuer],
    bearer_methods_supported: ['header'],
    scopes_supported: SCOPES_SUPPORTED,
    resource_name: 'Oura MCP server',
  };
}

/** RFC 8414 §2 document (also served at the OpenID discovery path for clients that probe it). */
export function authorizationServerMetadata(urls: ServerUrls): Record<string, unknown> {
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.endpoint(AUTH_PATHS.authorize),
    token_endpoint: urls.endpoint(AUTH_PATHS.token),
    registration_endpoint: urls.endpoint(AUTH_PATHS.register),
    revocation_endpoint: urls.endpoint(AUTH_PATHS.revoke),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    scopes_supported: SCOPES_SUPPORTED,
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}

/** A requested scope string checked against what we offer; a missing scope gets the default (ChatGPT omits it on reconnect). */
export function resolveScope(scope: string | undefined): string | null {
  if (scope === undefined || scope.trim() === '') return DEFAULT_SCOPE;
  const asked = scope.trim().split(/\s+/);
  return asked.every((s) => SCOPES_SUPPORTED.includes(s)) ? [...new Set(asked)].join(' ') : null;
}
