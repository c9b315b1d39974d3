/**
 * The connection facade used outside the OAuth routes (the `connect_oura` tool, `/health`, startup),
 * and the one-time link builder shared by all of them.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { OneTimeLinks } from './links.js';
import type { TokenManager } from './tokenManager.js';
import { codeChallengeS256, createCodeVerifier } from './pkce.js';
import type { OuraConnection, SignInPurpose } from './types.js';

/** Query parameter of a one-time authorize link (the documented form). */
export const GRANT_PARAM = 'grant';
/**
 * Alias accepted by `/oauth/authorize` with the same meaning as `grant`. The startup log line uses it
 * because the logger redacts every `?grant=` value in text (which protects links that end up in logs
 * by accident); the access log never records query strings, so the alias adds no leak.
 */
export const GRANT_PARAM_ALIAS = 'connect';

/** `${publicOrigin}/oauth/authorize?grant=…` with a new one-time grant. */
export function createAuthorizeLink(publicOrigin: string, links: OneTimeLinks, param: string = GRANT_PARAM): string {
  const url = new URL('/oauth/authorize', publicOrigin);
  url.searchParams.set(param, links.createGrant());
  return url.toString();
}

/**
 * Starts an Oura sign-in: a fresh PKCE verifier and `state` (remembering `purpose`), and the URL of
 * Oura's consent page to send the browser to.
 */
export function ouraSignInUrl(
  config: Pick<Config, 'ouraAuthorizeUrl' | 'ouraClientId' | 'ouraRedirectUri' | 'ouraScopes'>,
  links: OneTimeLinks,
  purpose: SignInPurpose = { kind: 'connect' },
): string {
  const codeVerifier = createCodeVerifier();
  const state = links.createState({ codeVerifier, purpose });
  const target = new URL(config.ouraAuthorizeUrl);
  target.searchParams.set('response_type', 'code');
  target.searchParams.set('client_id', config.ouraClientId);
  target.searchParams.set('redirect_uri', config.ouraRedirectUri);
  target.searchParams.set('scope', config.ouraScopes);
  target.searchParams.set('state', state);
  target.searchParams.set('code_challenge', codeChallengeS256(codeVerifier));
  target.searchParams.set('code_challenge_method', 'S256');
  return target.toString();
}

/** Builds the {@link OuraConnection} for the MCP `connect_oura` tool and `/health`. */
export function createOuraConnection(
  tokenManager: TokenManager,
  links: OneTimeLinks,
  config: Pick<Config, 'publicOrigin'>,
): OuraConnection {
  return {
    status: () => tokenManager.status(),
    createAuthorizeLink: () => createAuthorizeLink(config.publicOrigin, links),
  };
}

/**
 * Startup hint: when Oura is not connected, logs one INFO line with a fresh one-time authorize link
 * (single use, 10 minutes) so the owner can connect from the terminal. Returns whether it logged.
 * The link uses the `connect` alias of `grant` so the logger's redaction leaves it readable.
 */
export async function logConnectHintIfDisconnected(connection: OuraConnection, logger: Logger): Promise<boolean> {
  const status = await connection.status();
  if (status.connected) return false;
  const url = new URL(connection.createAuthorizeLink());
  const grant = url.searchParams.get(GRANT_PARAM);
  if (grant !== null) {
    url.searchParams.delete(GRANT_PARAM);
    url.searchParams.set(GRANT_PARAM_ALIAS, grant);
  }
  const why = status.error ? ` (${status.error})` : '';
  logger.info(
    `Oura is not connected${why}. To connect, open this one-time link in a browser within 10 minutes: ${url.toString()}`,
  );
  return true;
}
