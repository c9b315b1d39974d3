/**
 * What the rest of the server needs from the OAuth side, kept apart from its implementation so the
 * MCP layer and the routes depend only on these shapes (the Oura client owns `AccessTokenProvider`).
 */
import type { Response } from 'express';

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

/**
 * Why an Oura sign-in was started: a plain connection (one-time link or API key), or to let the owner
 * approve an MCP client's authorization request (`consentId`), after which the MCP side resumes it.
 * `connectFirst`: no Oura account was connected yet (the owner approved with the API key).
 */
export type SignInPurpose = { kind: 'connect' } | { kind: 'approve'; consentId: string; connectFirst: boolean };

/** The MCP authorization side, as the Oura callback sees it: resumes a request after the owner's sign-in. */
export interface SignInFollowUp {
  /** The owner signed in (tokens stored); answers `res`, normally with a redirect to the MCP client. */
  resume(consentId: string, res: Response): void | Promise<void>;
}

/** An MCP client the owner authorized, as `/oauth/status` lists it. */
export interface AuthorizedClientSummary {
  client_id: string;
  name: string;
  redirect_host: string;
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601, null before its first token. */
  last_used_at: string | null;
}

/** The MCP clients, as the owner's `/oauth/status` and its DELETE see them. */
export interface AuthorizedClients {
  list(): AuthorizedClientSummary[];
  /** Revokes every token of the client and forgets it; false when unknown. */
  remove(clientId: string): Promise<boolean>;
}
