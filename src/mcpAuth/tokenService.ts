/**
 * Authorization codes and tokens (OAuth 2.1 §4.1, §4.3; RFC 7009):
 * - codes live in memory only: single use, at most 60 s, bound to the client, redirect URI, PKCE
 *   challenge (S256) and resource. A second use of a code revokes every token it produced;
 * - access tokens are opaque 256-bit random strings, about an hour; refresh tokens rotate on every use
 *   and a replayed (already rotated) refresh token revokes its whole family;
 * - only SHA-256 hashes are stored (see {@link McpAuthStore}).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientRegistry } from './clientRegistry.js';
import { OAuthError } from './oauthError.js';
import { hashSecret, type ClientRecord, type McpAuthStore, type TokenRecord } from './store.js';

/** What the owner approved, carried by a code. */
export interface ApprovedRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  /** The canonical resource the tokens will be bound to. */
  resource: string;
}

/** The token endpoint's answer (RFC 6749 §5.1). Holds secrets: never log it. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** A valid access token's facts, for the resource side. */
export interface AccessGrant {
  clientId: string;
  scope: string;
  expiresAt: number;
}

export interface TokenServiceOptions {
  store: McpAuthStore;
  clients: ClientRegistry;
  now: () => Date;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Life of an authorization code (default 60 s). */
  codeTtlMs?: number;
}

interface CodeEntry {
  request: ApprovedRequest;
  expiresAt: number;
  /** Set once redeemed: the family it produced (revoked if the code comes back). */
  redeemedFamily: string | null;
}

/** How long a redeemed code is remembered so a replay can be caught and punished. */
const CODE_TOMBSTONE_MS = 10 * 60_000;
const MAX_CODES = 1000;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

export class TokenService {
  private readonly codes = new Map<string, CodeEntry>();

  constructor(private readonly options: TokenServiceOptions) {}

  private nowMs(): number {
    return this.options.now().getTime();
  }

  /** A new authorization code for an approved request. */
  issueCode(request: ApprovedRequest): string {
    const now = this.nowMs();
    for (const [hash, entry] of this.codes) if (entry.expiresAt + CODE_TOMBSTONE_MS <= now) this.codes.delete(hash);
    while (this.codes.size >= MAX_CODES) this.codes.delete(this.codes.keys().next().value!);
    const code = newSecret();
    this.codes.set(hashSecret(code), {
      request,
      expiresAt: now + (this.options.codeTtlMs ?? 60_000),
      redeemedFamily: null,
    });
    return code;
  }

  /** The `authorization_code` grant. @throws OAuthError `invalid_grant` / `invalid_request` / `invalid_target`. */
  async exchangeCode(
    client: ClientRecord,
    input: { code: string; codeVerifier: string | undefined; redirectUri: string | undefined; resource: string | null },
  ): Promise<TokenResponse> {
    const entry = this.codes.get(hashSecret(input.code));
    if (!entry)
      throw new OAuthError(
        'invalid_grant',
        'The authorization code is unknown or expired: start the authorization again.',
      );
    if (entry.redeemedFamily !== null) {
      // RFC 6749 §4.1.2 / OAuth 2.1 §4.1.3: a replayed code revokes what it issued.
      await this.revokeFamily(entry.redeemedFamily);
      entry.redeemedFamily = '';
      throw new OAuthError(
        'invalid_grant',
        'The authorization code was already used; the tokens it produced are revoked. Start the authorization again.',
      );
    }
    if (entry.redeemedFamily === null && entry.expiresAt <= this.nowMs()) {
      this.codes.delete(hashSecret(input.code));
      throw new OAuthError(
        'invalid_grant',
        'The authorization code expired (codes last 60 s): start the authorization again.',
      );
    }
    const { request } = entry;
    if (request.clientId !== client.clientId)
      throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.');
    if (input.redirectUri !== undefined && input.redirectUri !== request.redirectUri) {
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the one used in the authorization request.');
    }
    if (input.codeVerifier === undefined)
      throw new OAuthError('invalid_request', 'code_verifier is required (PKCE S256).');
    if (!VERIFIER.test(input.codeVerifier))
      throw new OAuthError('invalid_grant', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9._~-].');
    const challenge = createHash('sha256').update(input.codeVerifier, 'ascii').digest('base64url');
    if (!sameText(challenge, request.codeChallenge))
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge (PKCE).');
    if (input.resource !== null && input.resource !== request.resource) {
      throw new OAuthError('invalid_target', 'resource does not match the one in the authorization request.');
    }
    const familyId = randomBytes(12).toString('base64url');
    entry.redeemedFamily = familyId;
    return this.issuePair(client, familyId, request.scope, request.resource);
  }

  /** The `refresh_token` grant with rotation. @throws OAuthError `invalid_grant` / `invalid_scope` / `invalid_target`. */
  async refresh(
    client: ClientRecord,
    input: { refreshToken: string; scope: string | undefined; resource: string | null },
  ): Promise<TokenResponse> {
    const hash = hashSecret(input.refreshToken);
    const record = this.options.store.tokens.get(hash);
    if (!record || record.kind !== 'refresh' || record.expiresAt <= this.nowMs()) {
      throw new OAuthError('invalid_grant', 'The refresh token is unknown, revoked or expired: authorize again.');
    }
    if (record.clientId !== client.clientId)
      throw new OAuthError('invalid_grant', 'The refresh token was issued to another client.');
    if (record.used) {
      await this.revokeFamily(record.familyId);
      throw new OAuthError(
        'invalid_grant',
        'The refresh token was already used, so every token of this authorization is revoked: authorize again.',
      );
    }
    if (input.resource !== null && input.resource !== record.resource)
      throw new OAuthError('invalid_target', 'resource does not match the one the refresh token was issued for.');
    let scope = record.scope;
    if (input.scope !== undefined) {
      const granted = new Set(record.scope.split(' '));
      const asked = input.scope.split(' ').filter((s) => s !== '');
      if (asked.length === 0 || asked.some((s) => !granted.has(s)))
        throw new OAuthError('invalid_scope', 'A refresh can only ask for scopes that were granted.');
      scope = asked.join(' ');
    }
    record.used = true;
    return this.issuePair(client, record.familyId, scope, record.resource, record.expiresAt);
  }

  /**
   * RFC 7009 revocation by the client that holds the token. A refresh token takes its whole family;
   * an access token goes alone. Unknown tokens and other clients' tokens are ignored (the RFC's 200).
   */
  async revoke(client: ClientRecord, token: string): Promise<void> {
    const record = this.options.store.tokens.get(hashSecret(token));
    if (!record || record.clientId !== client.clientId) return;
    if (record.kind === 'refresh') await this.revokeFamily(record.familyId);
    else {
      this.options.store.tokens.delete(hashSecret(token));
      await this.options.store.save();
    }
  }

  /** Revokes every token of a client and forgets the client (the owner's DELETE). */
  async removeClient(clientId: string): Promise<boolean> {
    const known = this.options.store.clients.delete(clientId);
    let revoked = false;
    for (const [hash, token] of this.options.store.tokens) {
      if (token.clientId === clientId) {
        this.options.store.tokens.delete(hash);
        revoked = true;
      }
    }
    if (known || revoked) await this.options.store.save();
    return known || revoked;
  }

  /** The grant of a live access token bound to `resource`, or null (unknown, expired, revoked, foreign). */
  verifyAccessToken(token: string, resource: string): AccessGrant | null {
    if (token.length > 200) return null;
    const record = this.options.store.tokens.get(hashSecret(token));
    if (!record || record.kind !== 'access' || record.resource !== resource) return null;
    if (record.expiresAt <= this.nowMs()) return null;
    const client = this.options.store.clients.get(record.clientId);
    if (client) client.lastUsedAt = this.nowMs();
    return { clientId: record.clientId, scope: record.scope, expiresAt: record.expiresAt };
  }

  private async issuePair(
    client: ClientRecord,
    familyId: string,
    scope: string,
    resource: string,
    refreshExpiresAt?: number,
  ): Promise<TokenResponse> {
    const now = this.nowMs();
    const accessToken = newSecret();
    const refreshToken = newSecret();
    const base = { clientId: client.clientId, familyId, scope, resource, used: false } satisfies Omit<
      TokenRecord,
      'kind' | 'expiresAt'
    >;
    const accessExpiresAt = now + this.options.accessTokenTtlSeconds * 1000;
    this.options.store.tokens.set(hashSecret(accessToken), { ...base, kind: 'access', expiresAt: accessExpiresAt });
    // A rotated refresh token keeps its family's end: rotation does not make an authorization immortal.
    this.options.store.tokens.set(hashSecret(refreshToken), {
      ...base,
      kind: 'refresh',
      expiresAt: refreshExpiresAt ?? now + this.options.refreshTokenTtlSeconds * 1000,
    });
    this.options.clients.touch(client);
    await this.options.store.save();
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.options.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      scope,
    };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    for (const [hash, token] of this.options.store.tokens)
      if (token.familyId === familyId) this.options.store.tokens.delete(hash);
    await this.options.store.save();
  }
}
