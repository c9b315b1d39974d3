/**
 * Hands out valid Oura access tokens and keeps the tokens file right.
 *
 * - `getValidAccessToken()` follows the spec: a cached token that does not expire within the margin
 *   (5 minutes, or half the token's life for short-lived tokens) is returned as is; otherwise it refreshes.
 * - Refresh is single-flight inside the process (one promise shared by every waiting caller) and
 *   serialised across processes by a lock file next to TOKENS_FILE. Inside the lock the file is re-read:
 *   it is the truth, since another process may have rotated the tokens meanwhile. Oura's refresh tokens
 *   are single use and rotate, so the rotated pair is written to disk before anyone gets the new token.
 * - `invalid_grant` clears the file: the connection is gone and the owner must connect again.
 */
import { NotConnectedError } from '../errors.js';
import type { Logger, RedactingLogger } from '../logger.js';
import { LockTimeoutError, withFileLock } from '../lib/fileLock.js';
import { InvalidGrantError, type OuraTokenClient, type TokenCallResult } from './tokenClient.js';
import { TokenStore, type StoredTokens } from './tokens.js';
import { errorSummary, TokenLockTimeoutError } from './errors.js';
import type { AccessTokenProvider } from '../oura/clientOptions.js';
import type { ConnectionStatus } from './types.js';

export interface TokenManagerOptions {
  store: TokenStore;
  client: OuraTokenClient;
  logger: Logger;
  /** Scope recorded when neither Oura's token answer nor the callback says what was granted. */
  configuredScope: string;
  now?: () => Date;
  /** Refresh this long before expiry (default 300 s), capped at half the token's lifetime. */
  refreshMarginSeconds?: number;
  /** How long to wait for another process's refresh (default 15 s). */
  lockTimeoutMs?: number;
  /** Lifetime assumed when Oura's answer has no `expires_in` (default 3600 s; deliberately not 24 h). */
  defaultExpiresInSeconds?: number;
}

const REFRESH_REJECTED =
  'Oura refused to refresh the connection (the authorization was revoked or expired), so the stored tokens were removed. Connect Oura again.';

/** The token manager: implements {@link AccessTokenProvider}; also status, first save and disconnect. */
export class TokenManager implements AccessTokenProvider {
  private cached: StoredTokens | null = null;
  private inflight: Promise<string> | null = null;
  /** How the connection ended in this process, until a new one is made. */
  private lost: { reason: 'refresh_rejected' | 'disconnected'; message: string } | null = null;
  private readonly now: () => Date;
  private readonly marginSeconds: number;

  constructor(private readonly options: TokenManagerOptions) {
    this.now = options.now ?? (() => new Date());
    this.marginSeconds = options.refreshMarginSeconds ?? 300;
  }

  /** {@link AccessTokenProvider.getAccessToken}: same as {@link getValidAccessToken}. */
  getAccessToken(): Promise<string> {
    return this.getValidAccessToken();
  }

  /**
   * A token valid for at least the refresh margin, refreshing first when needed.
   * @throws NotConnectedError when there are no usable tokens (never connected, unreadable, refused).
   * @throws OuraApiError (retryable) when Oura's token service is unreachable; the tokens are kept.
   */
  async getValidAccessToken(): Promise<string> {
    if (this.cached && this.isFresh(this.cached)) return this.cached.accessToken;
    if (!this.cached) {
      // Another process may have connected since we last looked; the file is the truth.
      const tokens = await this.loadOrThrow();
      if (this.isFresh(tokens)) return tokens.accessToken;
    }
    return this.singleFlight(undefined);
  }

  /** {@link AccessTokenProvider.refreshAfterUnauthorized}. */
  async refreshAfterUnauthorized(rejectedToken: string): Promise<string> {
    if (this.cached && this.cached.accessToken !== rejectedToken && !this.isExpired(this.cached))
      return this.cached.accessToken;
    if (this.inflight) {
      const token = await this.inflight;
      if (token !== rejectedToken) return token;
    }
    return this.singleFlight(rejectedToken);
  }

  /** Connection facts from the tokens file (read each time, so another process's changes show). */
  async status(): Promise<ConnectionStatus> {
    const read = await this.options.store.read();
    if (read.kind === 'ok') {
      this.cached = read.tokens;
      return {
        connected: true,
        scope: read.tokens.scope,
        expires_at: new Date(read.tokens.expiresAt * 1000).toISOString(),
        error: null,
      };
    }
    this.cached = null;
    return {
      connected: false,
      scope: null,
      expires_at: null,
      error:
        read.kind === 'unreadable' ? read.reason : this.lost?.reason === 'refresh_rejected' ? this.lost.message : null,
    };
  }

  /**
   * Stores the tokens of a completed authorization (under the refresh lock, so a concurrent refresh in
   * another process cannot overwrite them with an older pair). `fallbackScope` is the callback's `scope`.
   */
  async saveFromExchange(result: TokenCallResult, fallbackScope: string | null): Promise<StoredTokens> {
    const { grant } = result;
    this.addSecrets(result);
    if (!grant.refreshToken) {
      // Without a refresh token the connection would silently die in a day; say so now.
      this.options.logger.warn('Oura issued no refresh token; the connection will end when the access token expires');
    }
    const tokens = this.toStored(
      result,
      grant.refreshToken ?? '',
      grant.scope ?? fallbackScope ?? this.options.configuredScope,
    );
    await this.locked(async () => {
      await this.options.store.write(tokens);
    });
    this.cached = tokens;
    this.lost = null;
    this.options.logger.info('Oura connected', {
      scope: tokens.scope,
      expires_at: new Date(tokens.expiresAt * 1000).toISOString(),
      endpoint: result.endpoint,
    });
    return tokens;
  }

  /**
   * Exchanges an authorization code without storing the tokens (the caller checks whose account it is
   * first, then calls {@link saveFromExchange}). @throws InvalidGrantError / OuraTokenRejectedError / OuraApiError.
   */
  async exchangeCode(code: string, codeVerifier: string): Promise<TokenCallResult> {
    const result = await this.options.client.exchangeCode(code, codeVerifier);
    this.addSecrets(result);
    return result;
  }

  /** Revokes tokens Oura just issued that will not be kept (another account signed in). Best effort. */
  async discard(result: TokenCallResult): Promise<void> {
    await this.options.client.revoke(result.grant.accessToken).catch(() => undefined);
  }

  /**
   * Revokes the access token at Oura (a failure is logged, not fatal) and deletes the tokens file.
   * @returns whether Oura confirmed the revocation (false also when there was nothing to revoke).
   */
  async disconnect(): Promise<{ revoked: boolean }> {
    return this.locked(async () => {
      const read = await this.options.store.read();
      let revoked = false;
      if (read.kind === 'ok') {
        try {
          await this.options.client.revoke(read.tokens.accessToken);
          revoked = true;
        } catch (error) {
          this.options.logger.warn('Could not revoke the token at Oura; deleting it locally anyway', {
            error: errorSummary(error),
          });
        }
      }
      await this.options.store.clear();
      this.cached = null;
      this.lost = {
        reason: 'disconnected',
        message: 'Oura was disconnected by its owner. Connect Oura again to use it.',
      };
      this.options.logger.info('Oura disconnected', { revoked });
      return { revoked };
    });
  }

  private singleFlight(rejectedToken: string | undefined): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.refreshUnderLock(rejectedToken).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async refreshUnderLock(rejectedToken: string | undefined): Promise<string> {
    return this.locked(async () => {
      // Re-read inside the lock: another process may have rotated (or removed) the tokens meanwhile.
      const current = await this.loadOrThrow();
      const someoneElseRotated =
        rejectedToken === undefined
          ? this.isFresh(current)
          : current.accessToken !== rejectedToken && !this.isExpired(current);
      if (someoneElseRotated) return current.accessToken;

      let result: TokenCallResult;
      try {
        result = await this.options.client.refresh(current.refreshToken, current.tokenEndpoint);
      } catch (error) {
        if (error instanceof InvalidGrantError) {
          await this.options.store.clear();
          this.cached = null;
          this.lost = { reason: 'refresh_rejected', message: REFRESH_REJECTED };
          this.options.logger.error(
            'Oura refused the refresh token (invalid_grant); stored tokens removed, the owner must connect again',
          );
          throw new NotConnectedError(`Oura is not connected: ${REFRESH_REJECTED}`, 'refresh_rejected', {
            cause: error,
          });
        }
        this.options.logger.warn('Refreshing the Oura token failed; keeping the stored tokens', {
          error: errorSummary(error),
        });
        throw error;
      }
      this.addSecrets(result);
      // Oura rotates refresh tokens; if an answer ever lacks one, the old one is all we have.
      const next = this.toStored(
        result,
        result.grant.refreshToken ?? current.refreshToken,
        result.grant.scope ?? current.scope,
      );
      // Persist before returning: if this write fails, nobody uses the new token and the old refresh
      // token (already spent at Oura) is the only loss, which is reported, not hidden.
      await this.options.store.write(next);
      this.cached = next;
      this.options.logger.debug('Oura access token refreshed', {
        expires_at: new Date(next.expiresAt * 1000).toISOString(),
        endpoint: result.endpoint,
      });
      return next.accessToken;
    });
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await withFileLock(this.options.store.lockFile, fn, { timeoutMs: this.options.lockTimeoutMs ?? 15_000 });
    } catch (error) {
      if (error instanceof LockTimeoutError) throw new TokenLockTimeoutError(error.waitedMs, { cause: error });
      throw error;
    }
  }

  /** Reads the file into the cache. @throws NotConnectedError when missing or unreadable. */
  private async loadOrThrow(): Promise<StoredTokens> {
    const read = await this.options.store.read();
    if (read.kind === 'ok') {
      this.cached = read.tokens;
      return read.tokens;
    }
    this.cached = null;
    if (read.kind === 'unreadable')
      throw new NotConnectedError(`Oura is not connected: ${read.reason}`, 'token_file_unreadable');
    if (this.lost) throw new NotConnectedError(`Oura is not connected: ${this.lost.message}`, this.lost.reason);
    throw new NotConnectedError('Oura is not connected yet.', 'never_connected');
  }

  private toStored(result: TokenCallResult, refreshToken: string, scope: string | null): StoredTokens {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const expiresIn = result.grant.expiresIn ?? this.options.defaultExpiresInSeconds ?? 3600;
    return {
      accessToken: result.grant.accessToken,
      refreshToken,
      expiresAt: nowSeconds + Math.floor(expiresIn),
      issuedAt: nowSeconds,
      tokenType: result.grant.tokenType,
      scope,
      tokenEndpoint: result.endpoint,
    };
  }

  /** Not expiring within the margin; the margin shrinks to half the lifetime for short-lived tokens. */
  private isFresh(tokens: StoredTokens): boolean {
    const lifetime = tokens.issuedAt === null ? Infinity : tokens.expiresAt - tokens.issuedAt;
    const margin = Math.min(this.marginSeconds, lifetime / 2);
    return tokens.expiresAt - this.now().getTime() / 1000 > margin;
  }

  private isExpired(tokens: StoredTokens): boolean {
    return tokens.expiresAt <= this.now().getTime() / 1000;
  }

  private addSecrets(result: TokenCallResult): void {
    const redactor = (this.options.logger as Partial<RedactingLogger>).redactor;
    redactor?.addSecret(result.grant.accessToken);
    redactor?.addSecret(result.grant.refreshToken);
  }
}
