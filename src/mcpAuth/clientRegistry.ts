/**
 * The clients that may ask for authorization, both ways the MCP specification allows:
 * - Dynamic Client Registration (RFC 7591): validated metadata, a random `client_id` (and a secret for
 *   confidential clients, kept as a hash). At most `maxClients` registrations: a new one evicts the
 *   least recently used registration that holds no live token.
 * - Client ID Metadata Documents: an https `client_id` is looked up through {@link ClientMetadataFetcher};
 *   a record is kept once it holds tokens, so the owner sees it in `/oauth/status`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ClientMetadataFetcher, isMetadataDocumentClientId } from './clientMetadataDocument.js';
import { OAuthError } from './oauthError.js';
import { redirectUriProblem } from './redirectUris.js';
import { hashSecret, type ClientAuthMethod, type ClientRecord, type McpAuthStore } from './store.js';

/** What /register answers (RFC 7591 §3.2.1). Holds the client secret once: never log it. */
export interface RegistrationResponse {
  client_id: string;
  client_id_issued_at: number;
  client_secret?: string;
  client_secret_expires_at?: number;
  client_name: string;
  redirect_uris: string[];
  token_endpoint_auth_method: ClientAuthMethod;
  grant_types: string[];
  response_types: string[];
  /** OIDC Registration §2 (MCP 2026-07-28, SEP-837): `native` for loopback redirects, `web` otherwise. */
  application_type: 'native' | 'web';
  scope?: string;
}

export interface ClientRegistryOptions {
  store: McpAuthStore;
  metadataDocuments: ClientMetadataFetcher;
  now: () => Date;
  /** Most registered (DCR) clients kept (default 100). */
  maxClients?: number;
  /** Checks a requested scope string; throws OAuthError `invalid_scope`. */
  checkScope: (scope: string | undefined) => string;
}

const registrationSchema = z.object({
  redirect_uris: z.array(z.unknown()).min(1).max(10),
  client_name: z.string().max(200).optional(),
  token_endpoint_auth_method: z.string().optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  scope: z.string().max(1000).optional(),
  application_type: z.string().optional(),
});

const AUTH_METHODS: readonly ClientAuthMethod[] = ['none', 'client_secret_post', 'client_secret_basic'];
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);

/** Names shown on the consent page are plain text; control characters and odd spacing go. */
function cleanName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '')
    .replace(/[\p{C}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > 0 ? cleaned.slice(0, 100) : fallback;
}

export class ClientRegistry {
  constructor(private readonly options: ClientRegistryOptions) {}

  /** RFC 7591 registration. @throws OAuthError `invalid_redirect_uri` / `invalid_client_metadata`. */
  async register(body: unknown): Promise<RegistrationResponse> {
    const parsed = registrationSchema.safeParse(body);
    if (!parsed.success) {
      throw new OAuthError(
        'invalid_client_metadata',
        'The registration needs a JSON object with a redirect_uris array (1 to 10 URIs) and optional client_name, grant_types, response_types, scope and token_endpoint_auth_method.',
      );
    }
    const meta = parsed.data;
    const redirectUris: string[] = [];
    for (const uri of meta.redirect_uris) {
      const problem = redirectUriProblem(uri);
      if (problem) throw new OAuthError('invalid_redirect_uri', `Refused redirect URI: ${problem}.`);
      redirectUris.push(uri as string);
    }
    const method = meta.token_endpoint_auth_method ?? 'none';
    if (!(AUTH_METHODS as readonly string[]).includes(method)) {
      throw new OAuthError(
        'invalid_client_metadata',
        `token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}.`,
      );
    }
    const grantTypes = meta.grant_types ?? ['authorization_code', 'refresh_token'];
    if (grantTypes.some((grant) => !GRANT_TYPES.has(grant))) {
      throw new OAuthError(
        'invalid_client_metadata',
        'grant_types may only contain authorization_code and refresh_token.',
      );
    }
    const responseTypes = meta.response_types ?? ['code'];
    if (responseTypes.some((type) => type !== 'code'))
      throw new OAuthError('invalid_client_metadata', 'response_types may only contain code.');
    const scope = meta.scope === undefined ? undefined : this.options.checkScope(meta.scope);
    // Accepted as declared; clients that predate SEP-837 send none, so it is inferred, never a reason to refuse.
    if (meta.application_type !== undefined && meta.application_type !== 'native' && meta.application_type !== 'web') {
      throw new OAuthError('invalid_client_metadata', 'application_type must be native or web.');
    }
    const applicationType =
      meta.application_type ?? (redirectUris.every((uri) => new URL(uri).protocol === 'http:') ? 'native' : 'web');

    const now = this.options.now();
    const clientId = `mcp_${randomBytes(16).toString('base64url')}`;
    const secret = method === 'none' ? null : randomBytes(32).toString('base64url');
    const record: ClientRecord = {
      clientId,
      source: 'registration',
      authMethod: method as ClientAuthMethod,
      secretHash: secret === null ? null : hashSecret(secret),
      name: cleanName(meta.client_name, 'Unnamed MCP client'),
      redirectUris,
      createdAt: now.getTime(),
      lastUsedAt: null,
    };
    this.evictForRoom();
    this.options.store.clients.set(clientId, record);
    await this.options.store.save();
    return {
      client_id: clientId,
      client_id_issued_at: Math.floor(now.getTime() / 1000),
      ...(secret === null ? {} : { client_secret: secret, client_secret_expires_at: 0 }),
      client_name: record.name,
      redirect_uris: redirectUris,
      token_endpoint_auth_method: record.authMethod,
      grant_types: grantTypes,
      response_types: responseTypes,
      application_type: applicationType,
      ...(scope === undefined ? {} : { scope }),
    };
  }

  /**
   * The client named by `clientId`: a registration, or a metadata document fetched now (cached).
   * @returns null for an unknown registration. @throws OAuthError when a metadata document is unusable.
   */
  async find(clientId: string): Promise<ClientRecord | null> {
    if (isMetadataDocumentClientId(clientId)) {
      const meta = await this.options.metadataDocuments.get(clientId);
      const known = this.options.store.clients.get(clientId);
      return {
        clientId,
        source: 'metadata_document',
        authMethod: 'none',
        secretHash: null,
        // The document is the truth for names and redirect URIs; it may have changed since.
        name: cleanName(meta.name, new URL(clientId).hostname),
        redirectUris: meta.redirectUris,
        createdAt: known?.createdAt ?? this.options.now().getTime(),
        lastUsedAt: known?.lastUsedAt ?? null,
      };
    }
    if (clientId.length > 200) return null;
    return this.options.store.clients.get(clientId) ?? null;
  }

  /** Remembers that `client` got or used a token (keeps metadata-document clients listed). Caller saves. */
  touch(client: ClientRecord): void {
    const stored = this.options.store.clients.get(client.clientId);
    const lastUsedAt = this.options.now().getTime();
    this.options.store.clients.set(client.clientId, {
      ...(stored ?? client),
      name: client.name,
      redirectUris: client.redirectUris,
      lastUsedAt,
    });
  }

  /** Every client the owner has let in or registered, newest first. */
  list(): ClientRecord[] {
    return [...this.options.store.clients.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  private evictForRoom(): void {
    const max = this.options.maxClients ?? 100;
    const registrations = [...this.options.store.clients.values()].filter((client) => client.source === 'registration');
    if (registrations.length < max) return;
    const withTokens = new Set([...this.options.store.tokens.values()].map((token) => token.clientId));
    const byAge = registrations.sort((a, b) => (a.lastUsedAt ?? a.createdAt) - (b.lastUsedAt ?? b.createdAt));
    // Unused registrations (no live token) go first; only when every one holds tokens does the oldest go.
    const victims = [
      ...byAge.filter((c) => !withTokens.has(c.clientId)),
      ...byAge.filter((c) => withTokens.has(c.clientId)),
    ];
    for (const victim of victims.slice(0, registrations.length - max + 1)) {
      this.options.store.clients.delete(victim.clientId);
      for (const [hash, token] of this.options.store.tokens)
        if (token.clientId === victim.clientId) this.options.store.tokens.delete(hash);
    }
  }
}
