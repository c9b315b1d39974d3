/**
 * The machine side of the authorization server, JSON in the RFCs' shapes: discovery documents,
 * `POST /auth/register` (RFC 7591, rate-limited), `POST /auth/token` (authorization_code and
 * refresh_token) and `POST /auth/revoke` (RFC 7009). Nothing here logs a code, verifier, secret or token.
 */
import express, { type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from '../logger.js';
import { parseBodyOr } from './bodyParsing.js';
import { authenticateClient } from './clientAuthentication.js';
import type { ClientRegistry } from './clientRegistry.js';
import type { ClientLimiter } from '../http/clientLimiter.js';
import { AUTH_PATHS, authorizationServerMetadata, protectedResourceMetadata, type ServerUrls } from './metadata.js';
import { OAuthError } from './oauthError.js';
import type { TokenService } from './tokenService.js';

export interface TokenRoutesDeps {
  urls: ServerUrls;
  clients: ClientRegistry;
  tokens: TokenService;
  /** One global window (not per address: a tunnel hides addresses). */
  registrations: ClientLimiter;
  logger: Logger;
}

function sendError(res: Response, error: OAuthError, basicAuthUsed = false): void {
  res.status(error.status).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  if (error.code === 'invalid_client' && basicAuthUsed) res.set('WWW-Authenticate', 'Basic realm="oura-mcp-server"');
  res.json(error.toJSON());
}

/** A body parser whose failures (malformed JSON, too large) answer the endpoint's OAuth error. */
function parseBody(parser: RequestHandler, code: 'invalid_request' | 'invalid_client_metadata'): RequestHandler {
  return parseBodyOr(parser, (res) =>
    sendError(res, new OAuthError(code, 'The request body is malformed or too large.')),
  );
}

function formString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** Public documents: every origin may read them (browser-based MCP clients discover too). */
function publicJson(res: Response, body: unknown): void {
  res.set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' }).json(body);
}

export function createTokenRoutes(deps: TokenRoutesDeps): Router {
  const { urls, clients, tokens, logger } = deps;
  const router = express.Router();
  const form = parseBody(express.urlencoded({ extended: false, limit: '16kb' }), 'invalid_request');

  router.get('/.well-known/oauth-protected-resource', (_req, res) =>
    publicJson(res, protectedResourceMetadata(urls, '')),
  );
  router.get('/.well-known/oauth-protected-resource/mcp', (_req, res) =>
    publicJson(res, protectedResourceMetadata(urls, '/mcp')),
  );
  router.get('/.well-known/oauth-protected-resource/sse', (_req, res) =>
    publicJson(res, protectedResourceMetadata(urls, '/sse')),
  );
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    router.get(path, (_req, res) => publicJson(res, authorizationServerMetadata(urls)));
  }

  router.post(
    AUTH_PATHS.register,
    parseBody(express.json({ limit: '16kb' }), 'invalid_client_metadata'),
    async (req, res) => {
      const registration = deps.registrations.hit('registrations');
      if (!registration.allowed) {
        res.set('Retry-After', String(Math.max(1, Math.ceil(registration.resetMs / 1000))));
        return sendError(
          res,
          new OAuthError('temporarily_unavailable', 'Too many client registrations; try again later.', 429),
        );
      }
      try {
        const registered = await clients.register(req.body);
        logger.info('MCP client registered', {
          client_name: registered.client_name,
          auth_method: registered.token_endpoint_auth_method,
        });
        res.status(201).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(registered);
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        logger.info('Refused an MCP client registration', { error: error.code });
        sendError(res, error);
      }
    },
  );

  router.post(AUTH_PATHS.token, form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const basicAuthUsed = /^basic /i.test(req.headers.authorization ?? '');
    try {
      const client = await authenticateClient(req, body, clients);
      const grantType = formString(body, 'grant_type');
      const resourceParam = formString(body, 'resource');
      const resource = resourceParam === undefined ? null : urls.canonicalResource(resourceParam);
      if (resourceParam !== undefined && resource === null)
        throw new OAuthError('invalid_target', `resource must name this server (${urls.resource}).`);
      let answer;
      if (grantType === 'authorization_code') {
        const code = formString(body, 'code');
        if (!code) throw new OAuthError('invalid_request', 'code is required.');
        answer = await tokens.exchangeCode(client, {
          code,
          codeVerifier: formString(body, 'code_verifier'),
          redirectUri: formString(body, 'redirect_uri'),
          resource,
        });
      } else if (grantType === 'refresh_token') {
        const refreshToken = formString(body, 'refresh_token');
        if (!refreshToken) throw new OAuthError('invalid_request', 'refresh_token is required.');
        answer = await tokens.refresh(client, { refreshToken, scope: formString(body, 'scope'), resource });
      } else {
        throw new OAuthError(
          grantType === undefined ? 'invalid_request' : 'unsupported_grant_type',
          'grant_type must be authorization_code or refresh_token.',
        );
      }
      logger.info('MCP tokens issued', { client_name: client.name, grant_type: grantType });
      res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(answer);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      logger.info('Refused an MCP token request', { error: error.code });
      sendError(res, error, basicAuthUsed);
    }
  });

  router.post(AUTH_PATHS.revoke, form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const client = await authenticateClient(req, body, clients);
      const token = formString(body, 'token');
      if (!token) throw new OAuthError('invalid_request', 'token is required.');
      await tokens.revoke(client, token);
      res.set('Cache-Control', 'no-store').status(200).json({});
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendError(res, error, /^basic /i.test(req.headers.authorization ?? ''));
    }
  });

  return router;
}
