/**
 * The browser side of the authorization server: `GET /auth/authorize` (validate, show the consent
 * page), `POST /auth/authorize/decision` (the owner's choice), and the hand-over back from the Oura
 * callback once the owner signed in there. Only the owner can approve: with the API key typed into
 * the page (constant time, locked after repeated failures), or by signing in to the pinned Oura account.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger.js';
import { isApiKey } from '../lib/bearerAuth.js';
import type { Page } from '../oauth/pages.js';
import type { SignInFollowUp, SignInPurpose } from '../oauth/types.js';
import { parseBodyOr } from './bodyParsing.js';
import { clientRedirect, validateAuthorizeRequest, type AuthorizationRequest } from './authorizeRequest.js';
import { consentCookieOf, ensureConsentCookie, isSameOriginPost } from './browserConsent.js';
import type { ClientRegistry } from './clientRegistry.js';
import {
  authorizeErrorPage,
  consentPage,
  forgedDecisionPage,
  ouraNotConnectedPage,
  pageHeaders,
} from './consentPage.js';
import type { FailureLockout } from './limits.js';
import { AUTH_PATHS, type ServerUrls } from './metadata.js';
import { OAuthError } from './oauthError.js';
import type { PendingConsents } from './pendingConsents.js';
import { redirectHost } from './redirectUris.js';
import type { TokenService } from './tokenService.js';

/** What the consent flow needs from the Oura side. */
export interface OwnerSignIn {
  /** Is an Oura account connected and its owner's id recorded (so "Continue with Oura" can prove the owner)? */
  ownerKnown(): Promise<boolean>;
  isConnected(): Promise<boolean>;
  /** Oura's consent URL for a new sign-in with this purpose. */
  signInUrl(purpose: SignInPurpose): string;
  /** Origin of Oura's consent page (for the form's CSP). */
  signInOrigin: string;
}

export interface AuthorizeRoutesDeps {
  urls: ServerUrls;
  apiKey: string;
  clients: ClientRegistry;
  tokens: TokenService;
  consents: PendingConsents;
  lockout: FailureLockout;
  owner: OwnerSignIn;
  logger: Logger;
}

function origin(uri: string): string {
  return new URL(uri).origin;
}

function sendPage(res: Response, page: Page, formOrigins: readonly string[] = []): void {
  res.status(page.status).set(pageHeaders(formOrigins)).send(page.html);
}

function formString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' && value.length <= 4096 ? value : '';
}

export function createAuthorizeRoutes(deps: AuthorizeRoutesDeps): { router: Router; followUp: SignInFollowUp } {
  const { urls, consents, logger } = deps;
  const router = express.Router();
  const secureCookie = urls.issuer.startsWith('https:');

  const showConsent = async (
    res: Response,
    id: string,
    csrf: string,
    request: AuthorizationRequest,
    notice?: string,
    status?: number,
  ) => {
    const ouraSignInAvailable = await deps.owner.ownerKnown();
    const page = consentPage(
      { request, consentId: id, csrf, ouraSignInAvailable, ...(notice ? { notice } : {}) },
      status,
    );
    sendPage(res, page, [origin(request.redirectUri), deps.owner.signInOrigin]);
  };

  /** Issues the code and sends the browser back to the client (303 after a form post). */
  const approve = (res: Response, request: AuthorizationRequest, via: string, status: 302 | 303) => {
    const code = deps.tokens.issueCode({
      clientId: request.client.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      resource: request.resource,
    });
    logger.info('MCP client approved by the owner', {
      client_name: request.client.name,
      redirect_host: redirectHost(request.redirectUri),
      via,
    });
    res
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
      .redirect(status, clientRedirect(request.redirectUri, { code, state: request.state }, urls.issuer));
  };

  router.get(AUTH_PATHS.authorize, async (req: Request, res: Response) => {
    const outcome = await validateAuthorizeRequest(req.query, deps.clients, urls);
    if (outcome.kind === 'page') {
      logger.info('Refused an MCP authorization request', { error: outcome.error.code });
      return sendPage(res, authorizeErrorPage(outcome.error));
    }
    if (outcome.kind === 'redirect') {
      logger.info('MCP authorization request sent back with an error', { error: outcome.error.code });
      const params = { error: outcome.error.code, error_description: outcome.error.description, state: outcome.state };
      return void res
        .set('Cache-Control', 'no-store')
        .redirect(302, clientRedirect(outcome.redirectUri, params, urls.issuer));
    }
    const browser = ensureConsentCookie(req, res, secureCookie);
    const { id, csrf } = consents.add(outcome.request, browser);
    await showConsent(res, id, csrf, outcome.request);
  });

  router.post(
    AUTH_PATHS.decision,
    parseBodyOr(express.urlencoded({ extended: false, limit: '8kb' }), (res) =>
      sendPage(
        res,
        authorizeErrorPage(new OAuthError('invalid_request', 'The consent form was malformed or too large.')),
      ),
    ),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const id = formString(body, 'consent');
      const csrf = formString(body, 'csrf');
      const pending = isSameOriginPost(req, urls.issuer) ? consents.check(id, csrf, consentCookieOf(req)) : null;
      if (!pending) {
        logger.warn("Refused a consent decision that did not come from this browser's consent page");
        return sendPage(res, forgedDecisionPage());
      }
      const { request } = pending;
      const action = formString(body, 'action');
      if (action === 'deny') {
        consents.take(id);
        logger.info('MCP client denied by the owner', { client_name: request.client.name });
        const params = {
          error: 'access_denied',
          error_description: 'The owner denied the request.',
          state: request.state,
        };
        return void res
          .set('Cache-Control', 'no-store')
          .redirect(303, clientRedirect(request.redirectUri, params, urls.issuer));
      }
      if (action === 'oura') {
        if (!(await deps.owner.ownerKnown())) return sendPage(res, ouraNotConnectedPage());
        return void res
          .set('Cache-Control', 'no-store')
          .redirect(303, deps.owner.signInUrl({ kind: 'approve', consentId: id, connectFirst: false }));
      }
      if (action !== 'api_key')
        return sendPage(res, authorizeErrorPage(new OAuthError('invalid_request', 'Unknown decision.')));

      const locked = deps.lockout.lockedForSeconds();
      if (locked > 0) {
        return showConsent(
          res,
          id,
          csrf,
          request,
          `Too many wrong API keys: approving with the key is locked for ${Math.ceil(locked / 60)} more minute(s).`,
          429,
        );
      }
      if (!isApiKey(formString(body, 'api_key'), deps.apiKey)) {
        deps.lockout.recordFailure();
        logger.warn('Wrong API key on the MCP consent page');
        return showConsent(res, id, csrf, request, 'That is not the API key. Try again.', 401);
      }
      deps.lockout.recordSuccess();
      if (!(await deps.owner.isConnected())) {
        // One visit does both: connect Oura now, and the request is approved when the owner comes back.
        return void res
          .set('Cache-Control', 'no-store')
          .redirect(303, deps.owner.signInUrl({ kind: 'approve', consentId: id, connectFirst: true }));
      }
      consents.take(id);
      approve(res, request, 'api_key', 303);
    },
  );

  const followUp: SignInFollowUp = {
    resume(consentId, res) {
      const pending = consents.take(consentId);
      if (!pending) return sendPage(res, forgedDecisionPage());
      approve(res, pending.request, 'oura_sign_in', 302);
    },
  };
  return { router, followUp };
}
