/**
 * The simulated cloud's OAuth state and rules, without HTTP: authorization codes (random, single use,
 * 10 minutes), PKCE, access tokens with a configurable lifetime, and refresh tokens that are single-use
 * and rotate, as Oura's are. The routes in `oauthRoutes.ts` translate requests into calls here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_SCOPE,
  KNOWN_SCOPES,
  type IssuedTokens,
  type OAuthStats,
  type SimulatorAccount,
  type SimulatorClient,
  type TokenEndpointMode,
} from './types.js';

const CODE_TTL_MS = 10 * 60_000;
const PENDING_TTL_MS = 30 * 60_000;

/** A validated `/oauth/authorize` request. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** Requested scopes Oura knows (what the page offers). */
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
}

/** A request waiting for Approve or Deny on the consent page. */
export interface PendingAuthorization extends AuthorizationRequest {
  createdAt: number;
}

interface CodeRecord {
  pending: AuthorizationRequest;
  account: SimulatorAccount;
  scope: string;
  expiresAt: number;
  used: boolean;
}

interface AccessRecord {
  clientId: string;
  account: SimulatorAccount;
  scopes: ReadonlySet<string>;
  expiresAt: number;
  revoked: boolean;
  refreshToken: string;
}

interface RefreshRecord {
  clientId: string;
  account: SimulatorAccount;
  scope: string;
  /** Rotated away (used once already). */
  used: boolean;
  revoked: boolean;
}

/** A token-endpoint failure, as Oura answers it. */
export interface TokenError {
  status: 400 | 401;
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';
  error_description: string;
}

export type AuthResult =
  { ok: true; scopes: ReadonlySet<string>; account: SimulatorAccount } | { ok: false; detail: string };

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Scopes granted for a requested scope string: known ones only; none requested → the default set. */
export function grantableScopes(requested: string | undefined): string[] {
  if (requested === undefined || requested.trim() === '') return DEFAULT_SCOPE.split(' ');
  return [...new Set(requested.split(/[\s+]+/).filter((s) => KNOWN_SCOPES.has(s)))];
}

export class OAuthStore {
  accessTokenTtlSeconds: number;
  tokenEndpointMode: TokenEndpointMode;
  private readonly clients: readonly SimulatorClient[];
  private readonly now: () => Date;
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private stats: OAuthStats = {
    authorizationCodeGrants: 0,
    refreshGrants: 0,
    reusedRefreshTokenAttempts: 0,
    revocations: 0,
  };

  constructor(options: {
    clients: readonly SimulatorClient[];
    now: () => Date;
    accessTokenTtlSeconds: number;
    tokenEndpointMode: TokenEndpointMode;
  }) {
    this.clients = options.clients;
    this.now = options.now;
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds;
    this.tokenEndpointMode = options.tokenEndpointMode;
  }

  private nowMs(): number {
    return this.now().getTime();
  }

  findClient(clientId: string | undefined): SimulatorClient | undefined {
    return clientId === undefined ? undefined : this.clients.find((c) => c.clientId === clientId);
  }

  /** The client if id and secret match, else undefined. */
  authenticateClient(clientId: string | undefined, clientSecret: string | undefined): SimulatorClient | undefined {
    const client = this.findClient(clientId);
    return client && clientSecret !== undefined && safeEqual(client.clientSecret, clientSecret) ? client : undefined;
  }

  /** Stores a validated authorize request; returns its id for the approval form. */
  addPending(request: AuthorizationRequest): string {
    const id = randomToken(16);
    this.pending.set(id, { ...request, createdAt: this.nowMs() });
    return id;
  }

  /** Removes and returns a pending request (one decision per request). */
  takePending(id: string): PendingAuthorization | undefined {
    const request = this.pending.get(id);
    this.pending.delete(id);
    if (!request || this.nowMs() - request.createdAt > PENDING_TTL_MS) return undefined;
    return request;
  }

  /** Issues a single-use code for an approved request, signed in as `account`. */
  issueCode(
    request: AuthorizationRequest,
    grantedScopes: readonly string[],
    account: SimulatorAccount = 'owner',
  ): string {
    const code = randomToken(24);
    this.codes.set(code, {
      pending: request,
      account,
      scope: grantedScopes.join(' '),
      expiresAt: this.nowMs() + CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  /** Records the shape of a token request (for tests asserting what the client sent). */
  noteTokenRequest(grantType: string, endpoint: TokenEndpointMode, hadCodeVerifier: boolean): void {
    this.stats.lastTokenRequest = { grant_type: grantType, endpoint, hadCodeVerifier };
  }

  /** `grant_type=authorization_code`. */
  exchangeCode(
    client: SimulatorClient,
    params: { code?: string; redirect_uri?: string; code_verifier?: string },
  ): IssuedTokens | TokenError {
    const record = params.code ? this.codes.get(params.code) : undefined;
    if (!record || record.used || record.expiresAt <= this.nowMs() || record.pending.clientId !== client.clientId) {
      return {
        status: 400,
        error: 'invalid_grant',
        error_description: 'The authorization code is invalid, expired or already used',
      };
    }
    // Oura burns the code on the first attempt, whatever happens next.
    record.used = true;
    if (params.redirect_uri !== record.pending.redirectUri) {
      return {
        status: 400,
        error: 'invalid_grant',
        error_description: 'redirect_uri does not match the one used at authorization',
      };
    }
    const { codeChallenge, codeChallengeMethod } = record.pending;
    if (codeChallenge !== null) {
      const verifier = params.code_verifier ?? '';
      const computed =
        codeChallengeMethod === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
      if (verifier === '' || !safeEqual(computed, codeChallenge)) {
        return { status: 400, error: 'invalid_grant', error_description: 'PKCE verification failed' };
      }
    }
    this.stats.authorizationCodeGrants++;
    return this.issueTokens(client.clientId, record.scope, record.account);
  }

  /** `grant_type=refresh_token`: single use; every success rotates the pair. */
  refresh(client: SimulatorClient, refreshToken: string | undefined): IssuedTokens | TokenError {
    const record = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!record || record.clientId !== client.clientId || record.revoked) {
      return { status: 400, error: 'invalid_grant', error_description: 'The refresh token is invalid' };
    }
    if (record.used) {
      this.stats.reusedRefreshTokenAttempts++;
      return { status: 400, error: 'invalid_grant', error_description: 'The refresh token was already used' };
    }
    record.used = true;
    this.stats.refreshGrants++;
    return this.issueTokens(client.clientId, record.scope, record.account);
  }

  /** A fresh access + refresh pair. */
  issueTokens(clientId: string, scope: string, account: SimulatorAccount = 'owner'): IssuedTokens {
    const accessToken = randomToken();
    const refreshToken = randomToken();
    const scopes = new Set(scope.split(' ').filter((s) => s !== ''));
    this.accessTokens.set(accessToken, {
      clientId,
      account,
      scopes,
      expiresAt: this.nowMs() + this.accessTokenTtlSeconds * 1000,
      revoked: false,
      refreshToken,
    });
    this.refreshTokens.set(refreshToken, { clientId, account, scope, used: false, revoked: false });
    return {
      token_type: 'bearer',
      access_token: accessToken,
      expires_in: this.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      scope,
    };
  }

  /** Revokes an access token and its refresh token; false when the token is unknown. */
  revoke(accessToken: string | undefined): boolean {
    const record = accessToken ? this.accessTokens.get(accessToken) : undefined;
    if (!record) return false;
    record.revoked = true;
    const refresh = this.refreshTokens.get(record.refreshToken);
    if (refresh) refresh.revoked = true;
    this.stats.revocations++;
    return true;
  }

  /** Checks a bearer token for the data routes. */
  authenticate(accessToken: string | undefined): AuthResult {
    if (!accessToken) return { ok: false, detail: 'Missing bearer token' };
    const record = this.accessTokens.get(accessToken);
    if (!record) return { ok: false, detail: 'Invalid access token' };
    if (record.revoked) return { ok: false, detail: 'Access token has been revoked' };
    if (record.expiresAt <= this.nowMs()) return { ok: false, detail: 'Access token has expired' };
    return { ok: true, scopes: record.scopes, account: record.account };
  }

  /** Every access token issued so far is expired from now on. */
  expireAccessTokens(): void {
    for (const record of this.accessTokens.values()) record.expiresAt = Number.NEGATIVE_INFINITY;
  }

  getStats(): OAuthStats {
    return {
      ...this.stats,
      ...(this.stats.lastTokenRequest ? { lastTokenRequest: { ...this.stats.lastTokenRequest } } : {}),
    };
  }
}
