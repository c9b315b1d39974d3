/**
 * HTTP calls to Oura's OAuth endpoints: code exchange, refresh, revoke.
 *
 * Requests are `application/x-www-form-urlencoded` with the client id and secret in the body (the spec's
 * "Token Exchange"). Oura quirk (see `shared/oura/README.md`): apps registered on the newer developer
 * portal get 400 `invalid_request` from the classic token URL and work on OURA_TOKEN_URL_FALLBACK, so a
 * 400/401 from one URL is followed by exactly one try at the other, and the caller learns which worked.
 *
 * Nothing here logs a URL with a query string, a request body or a response body: all carry secrets.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { InvalidGrantError, OuraTokenRejectedError } from './errors.js';
import {
  OuraApiError,
  OuraNetworkError,
  OuraRateLimitError,
  OuraResponseError,
  OuraServerError,
  OuraTimeoutError,
  type OuraErrorOptions,
} from '../oura/errors.js';
import type { TokenEndpointKind } from './types.js';

/** A token answer from Oura, validated. Holds secrets: never log it. */
export interface TokenGrant {
  accessToken: string;
  /** Oura rotates refresh tokens; null only if an answer omitted it (then the old one is kept). */
  refreshToken: string | null;
  /** Seconds, from Oura's `expires_in`; null when the answer had none. */
  expiresIn: number | null;
  tokenType: string;
  /** Granted scope when the answer carried one. */
  scope: string | null;
}

export interface TokenCallResult {
  grant: TokenGrant;
  /** Which token URL answered; remember it so later refreshes try it first. */
  endpoint: TokenEndpointKind;
}

export { InvalidGrantError, OuraTokenRejectedError } from './errors.js';

export interface OuraTokenClientOptions {
  tokenUrl: string;
  fallbackTokenUrl: string;
  revokeUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  logger: Logger;
  /** Per-request timeout (default 10 s; must stay well below the refresh lock's stale time of 30 s). */
  timeoutMs?: number;
  /** Injected HTTP client (tests); defaults to a fresh axios instance. */
  http?: AxiosInstance;
}

const grantSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  // Some servers send numbers as strings; coerce but refuse nonsense.
  expires_in: z.coerce.number().positive().optional(),
  token_type: z.string().min(1).optional(),
  scope: z.string().optional(),
});

/** OAuth `error` codes are short snake_case words; anything else is not echoed anywhere. */
function oauthErrorOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as Record<string, unknown>).error;
  return typeof error === 'string' && /^[a-z_]{1,64}$/i.test(error) ? error : null;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Attempt =
  { ok: true; grant: TokenGrant } | { ok: false; error: OuraApiError; rejected: boolean; oauthError: string | null };

/** Oura's token, refresh and revoke endpoints. */
export class OuraTokenClient {
  /** Injected, or axios imported on the first token call (it is not needed to start the server). */
  private http: Promise<AxiosInstance> | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly options: OuraTokenClientOptions) {
    if (options.http) this.http = Promise.resolve(options.http);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  private client(): Promise<AxiosInstance> {
    this.http ??= import('axios').then(({ default: axios }) => axios.create());
    return this.http;
  }

  /** Exchanges an authorization code (with its PKCE verifier), classic URL first. */
  async exchangeCode(code: string, codeVerifier: string): Promise<TokenCallResult> {
    return this.tokenRequest(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.options.redirectUri,
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        code_verifier: codeVerifier,
      },
      'classic',
    );
  }

  /** Refreshes, trying `preferred` (the endpoint remembered in the tokens file) first. */
  async refresh(refreshToken: string, preferred: TokenEndpointKind = 'classic'): Promise<TokenCallResult> {
    return this.tokenRequest(
      {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      },
      preferred,
    );
  }

  /**
   * Revokes an access token at Oura (`OURA_REVOKE_URL?access_token=…`, the documented form).
   * @throws an {@link OuraApiError} when Oura does not confirm; callers treat that as non-fatal.
   */
  async revoke(accessToken: string): Promise<void> {
    const url = new URL(this.options.revokeUrl);
    url.searchParams.set('access_token', accessToken);
    let response: AxiosResponse<string>;
    try {
      response = await (
        await this.client()
      ).request<string>({ ...this.baseRequest(), method: 'GET', url: url.toString() });
    } catch (error) {
      throw this.transportError(error, 'revoke');
    }
    if (response.status >= 200 && response.status < 300) return;
    throw this.statusError(response, 'revoke');
  }

  private async tokenRequest(body: Record<string, string>, preferred: TokenEndpointKind): Promise<TokenCallResult> {
    const order: [TokenEndpointKind, TokenEndpointKind] =
      preferred === 'classic' ? ['classic', 'fallback'] : ['fallback', 'classic'];
    const first = await this.attempt(order[0], body);
    if (first.ok) return { grant: first.grant, endpoint: order[0] };
    // Only a refusal (400/401) suggests the other URL; an outage there says nothing about this app.
    if (!first.rejected || this.urlOf('classic') === this.urlOf('fallback')) throw first.error;
    this.options.logger.info(`Oura's ${order[0]} token URL refused the request; trying the ${order[1]} one`, {
      status: first.error.status,
      oauth_error: first.oauthError,
    });
    const second = await this.attempt(order[1], body);
    if (second.ok) return { grant: second.grant, endpoint: order[1] };
    if (!second.rejected) throw second.error;
    // Both refused. invalid_grant from either means the grant itself is dead, not the URL.
    if (first.error instanceof InvalidGrantError) throw first.error;
    if (second.error instanceof InvalidGrantError) throw second.error;
    throw first.error;
  }

  private urlOf(kind: TokenEndpointKind): string {
    return kind === 'classic' ? this.options.tokenUrl : this.options.fallbackTokenUrl;
  }

  private baseRequest() {
    return {
      timeout: this.timeoutMs,
      // Status codes are ours to interpret, and a redirect must not carry the client secret elsewhere.
      validateStatus: () => true,
      maxRedirects: 0,
      responseType: 'text' as const,
      transformResponse: [(data: unknown) => data],
      headers: { Accept: 'application/json' },
    };
  }

  private async attempt(kind: TokenEndpointKind, body: Record<string, string>): Promise<Attempt> {
    const grantType = body.grant_type ?? 'unknown';
    let response: AxiosResponse<string>;
    try {
      response = await (
        await this.client()
      ).request<string>({
        ...this.baseRequest(),
        method: 'POST',
        url: this.urlOf(kind),
        data: new URLSearchParams(body).toString(),
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } catch (error) {
      return { ok: false, error: this.transportError(error, grantType), rejected: false, oauthError: null };
    }
    const json = parseJson(response.data);
    if (response.status >= 200 && response.status < 300) {
      const parsed = grantSchema.safeParse(json);
      if (!parsed.success) {
        const error = new OuraResponseError("Oura's token endpoint answered without a usable token.", {
          status: response.status,
        });
        return { ok: false, error, rejected: false, oauthError: null };
      }
      const data = parsed.data;
      return {
        ok: true,
        grant: {
          accessToken: data.access_token,
          refreshToken: data.refresh_token ?? null,
          expiresIn: data.expires_in ?? null,
          tokenType: data.token_type ?? 'Bearer',
          scope: data.scope && data.scope.trim() !== '' ? data.scope.trim() : null,
        },
      };
    }
    const oauthError = oauthErrorOf(json);
    const rejected = response.status === 400 || response.status === 401;
    if (rejected) {
      const options = {
        status: response.status,
        logDetail: { endpoint: kind, grant_type: grantType, oauth_error: oauthError },
      };
      const error =
        oauthError === 'invalid_grant'
          ? new InvalidGrantError(
              'Oura refused the grant (invalid_grant): it is expired, already used or revoked.',
              oauthError,
              options,
            )
          : new OuraTokenRejectedError(
              `Oura's token endpoint refused the request (HTTP ${response.status}${oauthError ? ` ${oauthError}` : ''}).`,
              oauthError,
              options,
            );
      return { ok: false, error, rejected: true, oauthError };
    }
    return { ok: false, error: this.statusError(response, grantType), rejected: false, oauthError };
  }

  private statusError(response: AxiosResponse<string>, what: string): OuraApiError {
    const status = response.status;
    const options: OuraErrorOptions = {
      status,
      logDetail: { request: what, oauth_error: oauthErrorOf(parseJson(response.data)) },
    };
    if (status === 429) {
      const retryAfter = Number(response.headers['retry-after']);
      return new OuraRateLimitError(
        'Oura is rate limiting token requests; try again shortly.',
        Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
        options,
      );
    }
    if (status >= 500 || status === 408) {
      return new OuraServerError(
        `Oura's token service had a problem (HTTP ${status}); the connection is kept, try again shortly.`,
        options,
      );
    }
    return new OuraTokenRejectedError(
      `Oura's token service answered HTTP ${status}.`,
      oauthErrorOf(parseJson(response.data)),
      options,
    );
  }

  /** Maps an axios transport failure without keeping the error object (its config holds the body and URL). */
  private transportError(error: unknown, what: string): OuraApiError {
    const code = (error as { code?: unknown } | null)?.code;
    const errno = typeof code === 'string' ? code : 'unknown';
    if (errno === 'ECONNABORTED' || errno === 'ETIMEDOUT') {
      return new OuraTimeoutError(
        `Oura's token service did not answer within ${this.timeoutMs} ms; try again shortly.`,
        { logDetail: { request: what, errno } },
      );
    }
    return new OuraNetworkError(`Could not reach Oura's token service (${errno}); try again shortly.`, {
      logDetail: { request: what, errno },
    });
  }
}
