/**
 * The OAuth routes (spec "API Reference → OAuth Endpoints"):
 * - `GET /oauth/authorize`: owner only (Bearer AUTH_TOKEN or a one-time `?grant=`), then 302 to Oura with
 *   `state` and a PKCE S256 challenge. Without it anyone who learns the public URL could bind their own
 *   Oura account over the owner's.
 * - `GET /oauth/callback`: checks `state`, exchanges the code (classic token URL, then the fallback),
 *   asks Oura whose account signed in, refuses any account but the pinned owner's, stores; when the
 *   sign-in was for an MCP client's authorization request, hands over to the MCP side to finish it.
 * - `GET /oauth/status`, `POST /oauth/disconnect`, `DELETE /oauth/clients/:clientId`: Bearer, JSON.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../config.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { hasValidBearer, requireBearer } from '../lib/bearerAuth.js';
import { createAuthorizeLink, GRANT_PARAM, GRANT_PARAM_ALIAS, ouraSignInUrl } from './connection.js';
import { errorSummary, InvalidGrantError, OuraTokenRejectedError, TokenLockTimeoutError } from './errors.js';
import type { OneTimeLinks } from './links.js';
import {
  accountUnknownPage,
  authorizeUnauthorizedPage,
  badRequestPage,
  deniedPage,
  exchangeFailedPage,
  invalidStatePage,
  linkPreviewPage,
  oauthErrorPage,
  PAGE_HEADERS,
  successPage,
  type ExchangeFailure,
  wrongAccountPage,
  type Page,
} from './pages.js';
import { fetchOuraAccountId, type OwnerAccount } from './ownerAccount.js';
import type { TokenCallResult } from './tokenClient.js';
import type { TokenManager } from './tokenManager.js';
import { TokenFileWriteError } from './tokens.js';
import type { AuthorizedClients, SignInFollowUp } from './types.js';

export interface OAuthRouterDeps {
  config: Pick<Config, 'authToken' | 'ouraClientId' | 'ouraRedirectUri' | 'ouraAuthorizeUrl' | 'ouraScopes' | 'publicOrigin' | 'ouraApiBaseUrl'>;
  tokenManager: TokenManager;
  links: OneTimeLinks;
  logger: Logger;
  /** The pinned owner account: a sign-in to another account is refused. */
  owner: OwnerAccount;
  /** Resumes an MCP authorization request after the owner's Oura sign-in (absent: MCP authorization off). */
  followUp?: SignInFollowUp;
  /** MCP clients for `/oauth/status` and `DELETE /oauth/clients/:clientId` (absent: MCP authorization off). */
  mcpClients?: AuthorizedClients;
  /** Called after a disconnect (clears the data cache). */
  onDisconnect?: () => void;
  /** Called after a new connection is stored (clears the data cache: it may be another account). */
  onConnect?: () => void;
}

/** Longest accepted value per query parameter; real values are far shorter. */
const QUERY_LIMITS = { grant: 256, connect: 256, state: 256, code: 2048, error: 256, error_description: 2048, scope: 1024 } as const;
type QueryName = keyof typeof QUERY_LIMITS;

/**
 * Reads the named query parameters as single strings. `null` when any is repeated (`?a=1&a=2` gives an
 * array), not a string, or longer than its limit: the request is refused as a whole.
 */
function readQuery<N extends QueryName>(req: Request, names: readonly N[]): Partial<Record<N, string>> | null {
  const query = req.query as Record<string, unknown>;
  const out: Partial<Record<N, string>> = {};
  for (const name of names) {
    const value = Object.prototype.hasOwnProperty.call(query, name) ? query[name] : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > QUERY_LIMITS[name]) return null;
    out[name] = value;
  }
  return out;
}

function sendPage(res: Response, page: Page): void {
  res.status(page.status).set(PAGE_HEADERS).send(page.html);
}

/** OAuth `error` codes are short words; anything else is not echoed. */
function safeOAuthError(value: string | undefined): string | null {
  return value !== undefined && /^[a-z_]{1,64}$/i.test(value) ? value : null;
}

/** A scope string from the callback, kept only if it looks like one. */
function safeScope(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return /^[A-Za-z0-9_:.-]+( [A-Za-z0-9_:.-]+)*$/.test(trimmed) ? trimmed : null;
}

/**
 * Chat apps fetch links to draw a preview (iMessage identifies as facebookexternalhit/Twitterbot).
 * Such a fetch must not use up the one-time grant before the owner clicks. Matching a user agent grants
 * nothing: a spoofer only gets a static page.
 */
const LINK_PREVIEW_AGENTS =
  /facebookexternalhit|facebot|twitterbot|slackbot|slack-imgproxy|whatsapp|telegrambot|discordbot|linkedinbot|skypeuripreview|microsoftpreview|embedly|redditbot|pinterest|vkshare|applebot|googlebot|bingbot|duckduckbot|yandexbot|baiduspider|mastodon/i;

/** HEAD requests, browser prefetches and link-preview fetchers get a static page: nothing is used up. */
function isPreviewFetch(req: Request): boolean {
  if (req.method === 'HEAD') return true;
  const purpose = req.headers['sec-purpose'] ?? req.headers.purpose;
  if (typeof purpose === 'string' && /prefetch|prerender/i.test(purpose)) return true;
  const agent = req.headers['user-agent'];
  return typeof agent === 'string' && LINK_PREVIEW_AGENTS.test(agent);
}

function exchangeFailureKind(error: unknown): ExchangeFailure {
  if (error instanceof TokenFileWriteError) return 'storage';
  if (error instanceof InvalidGrantError) return 'rejected';
  if (error instanceof OuraTokenRejectedError) return error.oauthError === 'invalid_client' || error.status === 401 ? 'client' : 'rejected';
  return 'unavailable';
}

/** Builds the `/oauth/*` router. Mount it at the app root. */
export function createOuraOAuthRouter(deps: OAuthRouterDeps): Router {
  const { config, tokenManager, links, logger } = deps;
  const router = express.Router();
  const retryLink = () => createAuthorizeLink(config.publicOrigin, links);

  router.get('/oauth/authorize', (req, res) => {
    const query = readQuery(req, ['grant', 'connect']);
    if (!query) return sendPage(res, badRequestPage());
    if (!hasValidBearer(req, config.authToken)) {
      if (isPreviewFetch(req)) return sendPage(res, linkPreviewPage());
      const grant = query[GRANT_PARAM] ?? query[GRANT_PARAM_ALIAS];
      if (grant === undefined) return sendPage(res, authorizeUnauthorizedPage('missing'));
      const used = links.consumeGrant(grant);
      if (!used.ok) {
        logger.info('Refused /oauth/authorize: one-time link not valid', { reason: used.reason });
        return sendPage(res, authorizeUnauthorizedPage(used.reason));
      }
    }
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, ouraSignInUrl(config, links));
  });

  router.get('/oauth/callback', async (req, res) => {
    // A HEAD (or a prefetch) must not burn the state before the browser's real GET arrives.
    if (req.method === 'HEAD') return sendPage(res, linkPreviewPage());
    const query = readQuery(req, ['state', 'code', 'error', 'error_description', 'scope']);
    if (!query) return sendPage(res, badRequestPage());
    if (query.state === undefined || query.state === '') return sendPage(res, invalidStatePage('missing'));
    const state = links.consumeState(query.state);
    if (!state.ok) {
      logger.info('Refused /oauth/callback: state not valid', { reason: state.reason });
      return sendPage(res, invalidStatePage(state.reason));
    }
    if (query.error !== undefined) {
      const oauthError = safeOAuthError(query.error);
      logger.info('Oura sign-in ended without a code', { oauth_error: oauthError ?? 'unrecognised' });
      return sendPage(res, oauthError === 'access_denied' ? deniedPage(retryLink()) : oauthErrorPage(oauthError, retryLink()));
    }
    if (query.code === undefined || query.code === '') return sendPage(res, oauthErrorPage(null, retryLink()));
    const { purpose } = state;
    let result: TokenCallResult;
    try {
      result = await tokenManager.exchangeCode(query.code, state.codeVerifier);
    } catch (error) {
      const kind = exchangeFailureKind(error);
      logger.warn('Connecting Oura failed', { kind, error: errorSummary(error) });
      return sendPage(res, exchangeFailedPage(kind, retryLink()));
    }
    // Whose account signed in decides everything else: only the pinned owner may connect or approve.
    let accountId: string | null = null;
    try {
      accountId = await fetchOuraAccountId(config.ouraApiBaseUrl, result.grant.accessToken);
    } catch (error) {
      logger.warn('Oura did not say which account signed in', { error: errorSummary(error) });
    }
    const pin = accountId === null ? null : await deps.owner.check(accountId);
    const pinned = pin === null ? (await deps.owner.read()) !== null : !(pin.ok && pin.firstTime);
    if (accountId === null && (pinned || purpose.kind === 'approve')) {
      // Without the id the owner cannot be recognised; a first plain connection may still go ahead, unpinned.
      await tokenManager.discard(result);
      return sendPage(res, accountUnknownPage(retryLink()));
    }
    const mustBeKnownOwner = purpose.kind === 'approve' && !purpose.connectFirst;
    if ((pin !== null && !pin.ok) || (mustBeKnownOwner && !pinned)) {
      logger.warn("Refused an Oura sign-in: not the owner's Oura account", { purpose: purpose.kind });
      await tokenManager.discard(result);
      return sendPage(res, wrongAccountPage(purpose.kind === 'approve'));
    }
    try {
      const stored = await tokenManager.saveFromExchange(result, safeScope(query.scope));
      if (accountId !== null && !pinned) await deps.owner.record(accountId);
      deps.onConnect?.();
      if (purpose.kind === 'approve' && deps.followUp) return await deps.followUp.resume(purpose.consentId, res);
      return sendPage(res, successPage(stored.scope));
    } catch (error) {
      const kind = error instanceof TokenLockTimeoutError ? 'unavailable' : exchangeFailureKind(error);
      logger.warn('Connecting Oura failed', { kind, error: errorSummary(error) });
      return sendPage(res, exchangeFailedPage(kind, retryLink()));
    }
  });

  const bearer = requireBearer(config.authToken);

  router.get('/oauth/status', bearer, async (_req, res) => {
    const status = await tokenManager.status();
    const ownerRecorded = status.connected ? (await deps.owner.recordIfMissing(() => tokenManager.getValidAccessToken(), config.ouraApiBaseUrl)) !== null : (await deps.owner.read()) !== null;
    res.set('Cache-Control', 'no-store').json({
      connected: status.connected,
      scope: status.scope,
      expires_at: status.expires_at,
      authorize_url: retryLink(),
      error: status.error,
      owner_account_recorded: ownerRecorded,
      ...(deps.mcpClients ? { mcp_clients: deps.mcpClients.list() } : {}),
    });
  });

  router.delete('/oauth/clients/:clientId', bearer, async (req, res) => {
    const clientId = String(req.params.clientId);
    const removed = deps.mcpClients ? await deps.mcpClients.remove(clientId) : false;
    if (!removed) {
      res.status(404).set('Cache-Control', 'no-store').json({ error: 'not_found', message: 'No MCP client with this client_id: GET /oauth/status lists them.' });
      return;
    }
    logger.info('MCP client removed by the owner');
    res.set('Cache-Control', 'no-store').json({ removed: true, client_id: clientId });
  });

  router.post('/oauth/disconnect', bearer, async (_req, res) => {
    try {
      await tokenManager.disconnect();
      // Disconnecting with the API key is the one way to let another Oura account in.
      await deps.owner.clear();
    } catch (error) {
      logger.warn('Disconnecting Oura failed', { error: errorSummary(error) });
      const status = error instanceof TokenLockTimeoutError ? 503 : 500;
      const message = isAppError(error) ? error.message : 'Deleting the stored Oura tokens failed; the server log says why.';
      res.status(status).set('Cache-Control', 'no-store').json({ error: 'disconnect_failed', message });
      return;
    }
    deps.onDisconnect?.();
    res.set('Cache-Control', 'no-store').json({ connected: false });
  });

  return router;
}
