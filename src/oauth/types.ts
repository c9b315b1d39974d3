/**
 * What the rest of the server needs from the OAuth side, kept apart from its implementation so the
 * MCP layer and the routes depend only on these shapes (the Oura client owns `AccessTokenProvider`).
 */

/** `/oauth/status` minus `authorize_url` (which the caller adds as a fresh one-time link). */
export interface ConnectionStatus {
  connected: boolean;
  /** Granted scope string, space separated. */
  scope: string | null;
  /** ISO 8601 expiry of the current access token. */
  expires_at: string | null;
  /** Why the connection is unusable (unreadable tokens file, refresh refused), safe to show. */
  error: string | null;
}

/** Connection facts and links for `/oauth/status`, `/health` and the `connect_oura` tool. */
export interface OuraConnection {
  status(): Promise<ConnectionStatus>;
  /** A fresh absolute one-time authorize link on the public origin (single use, 10 minutes). */
  createAuthorizeLink(): string;
}

/**
 * Which of the two configured token URLs answered: `classic` is OURA_TOKEN_URL, `fallback` is
 * OURA_TOKEN_URL_FALLBACK (apps registered on Oura's newer developer portal). Remembered in the tokens
 * file so later refreshes go to the working one first.
 */
export type TokenEndpointKind = 'classic' | 'fallback';
