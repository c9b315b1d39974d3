/**
 * The OAuth routes (spec "API Reference → OAuth Endpoints"):
 * - `GET /oauth/authorize`: owner only. With the Bearer AUTH_TOKEN, 302 to Oura with `state` and a PKCE S256
 *   challenge. With a one-time `?grant=`, a small page with a Continue button: GETs never spend the link, so
 *   link previews, prefetchers and scanners cannot use it up, whatever user agent they claim.
 * - `POST /oauth/authorize` (the Continue button, grant in the form body): spends the grant, 303 to Oura.
 *   Without the grant anyone who learns the public URL could bind their own Oura account over the owner's.
 * - `GET /oauth/callback`: checks `state`, exchanges the code (classic token URL, then the fallback), asks
 *   Oura whose account signed in, refuses any account but the pinned owner's, stores; when the sign-in was
 *   for an MCP client's authorization request, hands over to the MCP side to finish it. The state is spent
 *   only once the exchange has ended, and concurrent callbacks for one state share one exchange, so a
 *   prefetched or replayed callback cannot make the owner's real one fail.
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
  continuePage,
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
import type { AuthorizedClients, SignInFollowUp, SignInPurpose } from './types.js';

export interface OAuthRouterDeps {
  config: Pick<
    Config,
    | 'authToken'
    | 'ouraClientId'
    | 'ouraRedirectUri'
    | 'ouraAuthorizeUrl'
    | 'ouraScopes'
    | 'publicOrigin'
    | 'ouraApiBaseUrl'
  >;
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
const QUERY_LIMITS = {
  grant: 256,
  connect: 256,
  state: 256,
  code: 2048,
  error: 256,
  error_description: 2048,
  scope: 1024,
} as const;
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
  res
    .status(page.status)
    .set({ ...PAGE_HEADERS, ...page.headers })
    .send(page.html);
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

function exchangeFailureKind(error: unknown): ExchangeFailure {
  if (error instanceof TokenFileWriteError) return 'storage';
  if (error instanceof InvalidGrantError) return 'rejected';
  if (error instanceof OuraTokenRejectedError)
    return error.oauthError === 'invalid_client' || error.status === 401 ? 'client' : 'rejected';
  return 'unavailable';
}

/** Builds the `/oauth/*` router. Mount it at the app root. */
export function createOuraOAuthRouter(deps: OAuthRouterDeps): Router {
  const { config, tokenManager, links, logger } = deps;
  const router = express.Router();
  const retryLink = () => createAuthorizeLink(config.publicOrigin, links);
  /** For `/oauth/status`, which clients poll: the same live link each time (see `OneTimeLinks.reusableGrant`). */
  const statusLink = (): string => {
    const url = new URL('/oauth/authorize', config.publicOrigin);
    url.searchParams.set(GRANT_PARAM, links.reusableGrant());
    return url.toString();
  };

  /** The 30x to Oura's consent page, with a new state and PKCE challenge. */
  const redirectToOura = (res: Response, status: 302 | 303): void => {
    res
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
      .redirect(status, ouraSignInUrl(config, links));
  };

  router.get('/oauth/authorize', (req, res) => {
    const query = readQuery(req, ['grant', 'connect']);
    if (!query) return sendPage(res, badRequestPage());
    if (hasValidBearer(req, config.authToken)) return redirectToOura(res, 302);
    if (req.method === 'HEAD') return sendPage(res, linkPreviewPage());
    const grant = query[GRANT_PARAM] ?? query[GRANT_PARAM_ALIAS];
    if (grant === undefined) return sendPage(res, authorizeUnauthorizedPage('missing'));
    // Looking spends nothing: only the Continue button's POST does.
    const valid = links.checkGrant(grant);
    if (!valid.ok) return sendPage(res, authorizeUnauthorizedPage(valid.reason));
    return sendPage(res, continuePage(grant, new URL(config.ouraAuthorizeUrl).origin));
  });

  router.post(
    '/oauth/authorize',
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 }),
    (req, res) => {
      if (hasValidBearer(req, config.authToken)) return redirectToOura(res, 303);
      const body: unknown = req.body;
      const grant =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[GRANT_PARAM] : undefined;
      if (grant === undefined) return sendPage(res, authorizeUnauthorizedPage('missing'));
      if (typeof grant !== 'string' || grant.length > QUERY_LIMITS.grant) return sendPage(res, badRequestPage());
      const used = links.consumeGrant(grant);
      if (!used.ok) {
        logger.info('Refused /oauth/authorize: one-time link not valid', { reason: used.reason });
        return sendPage(res, authorizeUnauthorizedPage(used.reason));
      }
      return redirectToOura(res, 303);
    },
  );

  /** Exchanges in flight per state: a second callback for the same state waits for the first one's page. */
  /** How a sign-in ended: a page to show, or an approved MCP authorization request to hand back. */
  type SignInOutcome =
    { kind: 'page'; page: Page } | { kind: 'resume'; consentId: string; scope: string | null; claimed: boolean };

  /** Exchanges in flight per state: a second callback for the same state waits for the first one's outcome. */
  const exchanges = new Map<string, Promise<SignInOutcome>>();
  const page = (p: Page): SignInOutcome => ({ kind: 'page', page: p });

  /**
   * Exchanges the code, checks whose account signed in (only the pinned owner may connect or approve)
   * and stores the tokens. The state is spent only once this has ended with Oura: a prefetch or replay
   * that failed before the exchange leaves the owner's real callback working.
   */
  const finishSignIn = async (
    state: string,
    code: string,
    codeVerifier: string,
    purpose: SignInPurpose,
    scope: string | null,
  ): Promise<SignInOutcome> => {
    let result: TokenCallResult;
    try {
      result = await tokenManager.exchangeCode(code, codeVerifier);
    } catch (error) {
      const kind = exchangeFailureKind(error);
      logger.warn('Connecting Oura failed', { kind, error: errorSummary(error) });
      return page(exchangeFailedPage(kind, retryLink()));
    }
    links.consumeState(state);
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
      return page(accountUnknownPage(retryLink()));
    }
    const mustBeKnownOwner = purpose.kind === 'approve' && !purpose.connectFirst;
    if ((pin !== null && !pin.ok) || (mustBeKnownOwner && !pinned)) {
      logger.warn("Refused an Oura sign-in: not the owner's Oura account", { purpose: purpose.kind });
      await tokenManager.discard(result);
      return page(wrongAccountPage(purpose.kind === 'approve'));
    }
    try {
      const stored = await tokenManager.saveFromExchange(result, scope);
      if (accountId !== null && !pinned) await deps.owner.record(accountId);
      deps.onConnect?.();
      if (purpose.kind === 'approve')
        return { kind: 'resume', consentId: purpose.consentId, scope: stored.scope, claimed: false };
      return page(successPage(stored.scope));
    } catch (error) {
      const kind = error instanceof TokenLockTimeoutError ? 'unavailable' : exchangeFailureKind(error);
      logger.warn('Connecting Oura failed', { kind, error: errorSummary(error) });
      return page(exchangeFailedPage(kind, retryLink()));
    }
  };

  router.get('/oauth/callback', async (req, res) => {
    // A HEAD (or a prefetch) must not burn the state before the browser's real GET arrives.
    if (req.method === 'HEAD') return sendPage(res, linkPreviewPage());
    const query = readQuery(req, ['state', 'code', 'error', 'error_description', 'scope']);
    if (!query) return sendPage(res, badRequestPage());
    if (query.state === undefined || query.state === '') return sendPage(res, invalidStatePage('missing'));
    const state = links.checkState(query.state);
    if (!state.ok) {
      logger.info('Refused /oauth/callback: state not valid', { reason: state.reason });
      // The state was spent by a successful exchange (the prefetch won the race): the owner is connected.
      if (state.reason === 'reused') {
        const status = await tokenManager.status().catch(() => null);
        if (status?.connected) return sendPage(res, successPage(status.scope));
      }
      return sendPage(res, invalidStatePage(state.reason));
    }
    if (query.error !== undefined) {
      // Oura ended this flow (the owner pressed Deny): it cannot succeed any more.
      links.consumeState(query.state);
      const oauthError = safeOAuthError(query.error);
      logger.info('Oura sign-in ended without a code', { oauth_error: oauthError ?? 'unrecognised' });
      return sendPage(
        res,
        oauthError === 'access_denied' ? deniedPage(retryLink()) : oauthErrorPage(oauthError, retryLink()),
      );
    }
    if (query.code === undefined || query.code === '') return sendPage(res, oauthErrorPage(null, retryLink()));
    const outcome =
      exchanges.get(query.state) ??
      finishSignIn(query.state, query.code, state.codeVerifier, state.purpose, safeScope(query.scope));
    exchanges.set(query.state, outcome);
    try {
      const settled = await outcome;
      if (settled.kind === 'page') return sendPage(res, settled.page);
      // Only the first callback hands the MCP client its code; a duplicate sees the connection.
      if (settled.claimed || !deps.followUp) return sendPage(res, successPage(settled.scope));
      settled.claimed = true;
      return await deps.followUp.resume(settled.consentId, res);
    } finally {
      exchanges.delete(query.state);
    }
  });

  const bearer = requireBearer(config.authToken);

  router.get('/oauth/status', bearer, async (_req, res) => {
    const status = await tokenManager.status();
    const ownerRecorded = status.connected
      ? (await deps.owner.recordIfMissing(() => tokenManager.getValidAccessToken(), config.ouraApiBaseUrl)) !== null
      : (await deps.owner.read()) !== null;
    res.set('Cache-Control', 'no-store').json({
      connected: status.connected,
      scope: status.scope,
      expires_at: status.expires_at,
      authorize_url: statusLink(),
      error: status.error,
      owner_account_recorded: ownerRecorded,
      ...(deps.mcpClients ? { mcp_clients: deps.mcpClients.list() } : {}),
    });
  });

  router.delete('/oauth/clients/:clientId', bearer, async (req, res) => {
    const clientId = String(req.params.clientId);
    const removed = deps.mcpClients ? await deps.mcpClients.remove(clientId) : false;
    if (!removed) {
      res
        .status(404)
        .set('Cache-Control', 'no-store')
        .json({ error: 'not_found', message: 'No MCP client with this client_id: GET /oauth/status lists them.' });
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
      const message = isAppError(error)
        ? error.message
        : 'Deleting the stored Oura tokens failed; the server log says why.';
      res.status(status).set('Cache-Control', 'no-store').json({ error: 'disconnect_failed', message });
      return;
    }
    deps.onDisconnect?.();
    res.set('Cache-Control', 'no-store').json({ connected: false });
  });

  return router;
}
