/**
 * OAuth routes of the simulated cloud: the consent screen (`/oauth/authorize` + its decision form), the
 * two token URLs (classic and new-portal) and `/oauth/revoke`. Rules live in {@link OAuthStore}.
 */
import express, { type Request, type Response, type Router } from 'express';
import { applyFault, type FaultRegistry, type RequestCounters } from './faults.js';
import { grantableScopes, type AuthorizationRequest, type OAuthStore, type TokenError } from './oauth.js';
import { consentPage, errorPage } from './oauthPage.js';
import type { SimulatorAccount, TokenEndpointMode } from './types.js';

export interface OAuthRouteDeps {
  store: OAuthStore;
  faults: FaultRegistry;
  counters: RequestCounters;
  /** Read on every request so tests can flip it. */
  autoApprove: () => boolean;
  /** Who auto-approval signs in as, and the consent screen's preselected account. */
  signInAccount: () => SimulatorAccount;
}

/** First string value of a query/body field (repeated fields: the first). */
export function stringParam(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function redirectWith(res: Response, redirectUri: string, params: Record<string, string | null>): void {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  res.redirect(302, url.toString());
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Client credentials from HTTP Basic (preferred) or the form body. */
function clientCredentials(req: Request, body: Record<string, unknown>): { id?: string; secret?: string } {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { id: stringParam(body.client_id), secret: stringParam(body.client_secret) };
}

function sendTokenError(res: Response, error: TokenError): void {
  res
    .status(error.status)
    .set('Cache-Control', 'no-store')
    .json({ error: error.error, error_description: error.error_description });
}

export function createOAuthRouter(deps: OAuthRouteDeps): Router {
  const { store, faults, counters } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false });

  const approve = (
    res: Response,
    pending: AuthorizationRequest,
    scopes: readonly string[],
    account: SimulatorAccount,
  ): void => {
    const code = store.issueCode(pending, scopes, account);
    redirectWith(res, pending.redirectUri, { code, scope: scopes.join(' '), state: pending.state });
  };

  router.get('/oauth/authorize', async (req, res) => {
    counters.increment('oauth/authorize');
    if (await applyFault(faults.take('oauth/authorize', false), res)) return;
    const q = req.query as Record<string, unknown>;
    const client = store.findClient(stringParam(q.client_id));
    const redirectUri = stringParam(q.redirect_uri);
    if (!client)
      return void res
        .status(400)
        .type('html')
        .send(errorPage('Unknown client_id: this application is not registered.'));
    if (!redirectUri || !isHttpUrl(redirectUri))
      return void res
        .status(400)
        .type('html')
        .send(errorPage('redirect_uri is missing or is not an absolute http(s) URL.'));
    if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
      return void res
        .status(400)
        .type('html')
        .send(errorPage('redirect_uri does not match the URI registered for this application.'));
    }
    const state = stringParam(q.state) ?? null;
    if (stringParam(q.response_type) !== 'code')
      return redirectWith(res, redirectUri, { error: 'unsupported_response_type', state });
    const codeChallenge = stringParam(q.code_challenge) ?? null;
    const method = stringParam(q.code_challenge_method) ?? (codeChallenge ? 'plain' : null);
    if (method !== null && method !== 'S256' && method !== 'plain')
      return redirectWith(res, redirectUri, { error: 'invalid_request', state });
    const requested = stringParam(q.scope);
    const scopes = grantableScopes(requested);
    if (scopes.length === 0) return redirectWith(res, redirectUri, { error: 'invalid_scope', state });
    const pending: AuthorizationRequest = {
      clientId: client.clientId,
      redirectUri,
      scopes,
      state,
      codeChallenge,
      codeChallengeMethod: codeChallenge ? method : null,
    };
    if (deps.autoApprove()) return approve(res, pending, scopes, deps.signInAccount());
    const requestId = store.addPending(pending);
    res
      .status(200)
      .type('html')
      .send(consentPage({ appName: client.name ?? client.clientId, scopes, requestId, account: deps.signInAccount() }));
  });

  router.post('/oauth/authorize/decision', form, (req, res) => {
    counters.increment('oauth/authorize/decision');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pending = store.takePending(stringParam(body.request_id) ?? '');
    if (!pending)
      return void res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'This authorization request has expired or was already answered. Start again from the application.',
          ),
        );
    if (stringParam(body.decision) !== 'approve')
      return redirectWith(res, pending.redirectUri, { error: 'access_denied', state: pending.state });
    // The form sends the ticked scope boxes; a bare POST (no boxes) grants everything offered.
    const ticked = stringList(body.scope);
    const granted =
      stringParam(body.scopes_offered) === '1' ? pending.scopes.filter((s) => ticked.includes(s)) : pending.scopes;
    approve(res, pending, granted, stringParam(body.account) === 'other' ? 'other' : 'owner');
  });

  const tokenHandler = (endpoint: TokenEndpointMode, routeKey: string) => async (req: Request, res: Response) => {
    counters.increment(routeKey);
    if (await applyFault(faults.take(routeKey, false), res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const grantType = stringParam(body.grant_type) ?? '';
    store.noteTokenRequest(grantType, endpoint, stringParam(body.code_verifier) !== undefined);
    // Apps from Oura's newer developer portal are refused on the classic URL (reported live).
    if (endpoint === 'classic' && store.tokenEndpointMode === 'new-portal') {
      return sendTokenError(res, {
        status: 400,
        error: 'invalid_request',
        error_description: 'This application must use the new token endpoint',
      });
    }
    const credentials = clientCredentials(req, body);
    const client = store.authenticateClient(credentials.id, credentials.secret);
    if (!client)
      return sendTokenError(res, {
        status: 401,
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
    let result;
    if (grantType === 'authorization_code') {
      result = store.exchangeCode(client, {
        code: stringParam(body.code),
        redirect_uri: stringParam(body.redirect_uri),
        code_verifier: stringParam(body.code_verifier),
      });
    } else if (grantType === 'refresh_token') {
      result = store.refresh(client, stringParam(body.refresh_token));
    } else {
      return sendTokenError(res, {
        status: 400,
        error: 'unsupported_grant_type',
        error_description: `Unsupported grant_type "${grantType}"`,
      });
    }
    if ('error' in result) return sendTokenError(res, result);
    res.status(200).set('Cache-Control', 'no-store').json(result);
  };
  router.post('/oauth/token', form, tokenHandler('classic', 'oauth/token'));
  router.post('/oauth/v2/ext/oauth-token', form, tokenHandler('new-portal', 'oauth/v2/ext/oauth-token'));

  const revokeHandler = async (req: Request, res: Response) => {
    counters.increment('oauth/revoke');
    if (await applyFault(faults.take('oauth/revoke', false), res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const q = req.query as Record<string, unknown>;
    const token =
      stringParam(q.access_token) ?? stringParam(body.access_token) ?? stringParam(q.token) ?? stringParam(body.token);
    // RFC 7009: unknown tokens are not an error.
    store.revoke(token);
    res.status(200).json({});
  };
  router.get('/oauth/revoke', revokeHandler);
  router.post('/oauth/revoke', form, revokeHandler);
  return router;
}
