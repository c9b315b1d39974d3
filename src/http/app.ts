/**
 * The Express app: routes, security and error handling around the MCP transports. Knows nothing of
 * how its dependencies are built (see `src/deps.ts`); tests pass their own.
 *
 * Order matters: access log → close-on-unread-body → Host/Origin guard (403) → CORS (answers
 * preflights) → routes, where each protected route authenticates first, then rate-limits, then parses
 * the body.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../config.js';
import { createHealthHandler, type HealthFacts } from './health.js';
import type { Logger } from '../logger.js';
import { createMcpServer, type McpServerDeps } from '../mcp/server.js';
import { openSseStream, postSseMessage, SseSessions } from './transports/sse.js';
import { handleStreamableHttp, mcpMethodNotAllowed } from './transports/streamableHttp.js';
import { accessLog } from './middleware/accessLog.js';
import { requireBearer, type AccessTokenCheck } from '../lib/bearerAuth.js';
import { jsonBody } from './middleware/body.js';
import { createCors } from './middleware/cors.js';
import { errorHandler, notFound } from './middleware/errorHandler.js';
import { hostOriginGuard } from './middleware/hostOrigin.js';
import { closeOnUnreadBody } from './middleware/unreadBody.js';
import { sendJsonRpcError } from './middleware/jsonRpcError.js';
import { clientRateLimit, jsonRpcWeight } from './middleware/clientRateLimit.js';

export type AppConfig = Pick<
  Config,
  | 'authToken'
  | 'allowedHosts'
  | 'allowedOrigins'
  | 'rateLimitWindowMs'
  | 'rateLimitMax'
  | 'trustProxy'
  | 'publicOrigin'
  | 'requestDeadlineMs'
>;

/** The OAuth authorization server for MCP clients, as the app mounts it (see `src/mcpAuth/`). */
export interface AppMcpAuthorization {
  /** Discovery documents, `/auth/*`. */
  router: RequestHandler;
  /** Lets access tokens issued there into `/mcp`, `/sse` and `/message`. */
  accessTokens: AccessTokenCheck;
}

/**
 * Light limits for routes that need no API key to be reached: `/health` (uptime probes poll it) and
 * `/oauth/*` (each status call reads the tokens file). Per client, per minute.
 */
export const LIGHT_LIMITS = Object.freeze({ windowMs: 60_000, health: 120, oauth: 60 });

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  /** Everything a per-connection MCP server needs. */
  mcp: McpServerDeps;
  health: HealthFacts;
  /**
   * Serves `/oauth/*` (authorize, callback, status, disconnect). The app also requires the Bearer
   * token on `/oauth/status` and `/oauth/disconnect` before it runs.
   */
  oauthRouter?: RequestHandler;
  /** MCP authorization (OAuth 2.1 for Claude, ChatGPT, mcp-remote); null or absent: API key only. */
  mcpAuthorization?: AppMcpAuthorization | null;
  /** Open SSE sessions; pass one to close them on shutdown (default: a new registry). */
  sseSessions?: SseSessions;
  /** Largest JSON body (default 1 MB). */
  bodyLimit?: string;
  /** SSE keep-alive interval in ms (default 15 s). */
  sseKeepAliveMs?: number;
  /** Most SSE streams open at once (default 100); more get 429. */
  maxSseSessions?: number;
  /** `GET /apps/preview`, the charts preview page: demo mode only (absent: 404). */
  appsPreview?: RequestHandler;
}

/**
 * Routes without the Origin check: the browser hops of the Oura OAuth flow (one-time links and `state`
 * protect them), the MCP authorization page a client opens, and the public OAuth endpoints clients
 * call from anywhere (they carry no ambient credentials). The consent form's post is not among them.
 */
const ORIGIN_EXEMPT = new Set([
  '/oauth/authorize',
  '/oauth/callback',
  '/auth/authorize',
  '/auth/register',
  '/auth/token',
  '/auth/revoke',
]);
const isOriginExempt = (req: Request) => ORIGIN_EXEMPT.has(req.path) || req.path.startsWith('/.well-known/');

function methodNotAllowed(allow: string, message: string): RequestHandler {
  return (_req: Request, res: Response) => {
    res.set('Allow', allow);
    sendJsonRpcError(res, 405, -32000, message);
  };
}

/** Builds the Express app. Nothing listens until the caller does (see `listen` in `src/http/httpServer.ts`). */
export function createApp(deps: AppDeps): express.Express {
  const { config, logger } = deps;
  const app = express();
  const sessions = deps.sseSessions ?? new SseSessions();
  app.locals.sseSessions = sessions;
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  // MCP endpoints take the API key or an access token issued here; the owner's routes only the key.
  const auth = requireBearer(config.authToken, deps.mcpAuthorization?.accessTokens);
  const ownerOnly = requireBearer(config.authToken);
  // Every request of a JSON-RPC batch counts: one POST of 10 tool calls costs 10.
  const limiter = clientRateLimit({
    windowMs: config.rateLimitWindowMs,
    max: config.rateLimitMax,
    weightOf: jsonRpcWeight,
  });
  const healthLimiter = clientRateLimit({ windowMs: LIGHT_LIMITS.windowMs, max: LIGHT_LIMITS.health, body: 'json' });
  const oauthLimiter = clientRateLimit({ windowMs: LIGHT_LIMITS.windowMs, max: LIGHT_LIMITS.oauth, body: 'json' });
  const body = jsonBody(deps.bodyLimit);
  const cors = createCors(config.allowedOrigins);
  const createServer = () => createMcpServer(deps.mcp);

  app.use(accessLog(logger));
  app.use(closeOnUnreadBody());
  app.use(
    hostOriginGuard({
      allowedHosts: config.allowedHosts,
      allowedOrigins: config.allowedOrigins,
      publicOrigin: config.publicOrigin,
      originExempt: isOriginExempt,
    }),
  );
  app.use((req, res, next) => (req.path === '/mcp' ? cors.mcp : cors.standard)(req, res, next));

  // Poke probes Streamable HTTP with POST at the URL it was given: a 405 (never 401, even without
  // credentials) makes it fall back to SSE instead of giving up.
  app.post(
    '/sse',
    methodNotAllowed(
      'GET',
      'Method not allowed: open the SSE stream with GET /sse, or use Streamable HTTP at POST /mcp.',
    ),
  );
  // HEAD would open a stream that can never carry an event.
  app.head('/sse', methodNotAllowed('GET', 'Method not allowed: open the SSE stream with GET /sse.'));
  app.get(
    '/sse',
    auth,
    openSseStream({
      sessions,
      createServer,
      logger,
      keepAliveMs: deps.sseKeepAliveMs,
      maxSessions: deps.maxSseSessions,
      deadlineMs: config.requestDeadlineMs,
    }),
  );
  app.all('/sse', methodNotAllowed('GET', 'Method not allowed: open the SSE stream with GET /sse.'));

  // The body is parsed before the limiter so a batch is counted by its size.
  app.post('/message', auth, body, limiter, postSseMessage({ sessions, logger }));
  app.all(
    '/message',
    auth,
    methodNotAllowed('POST', 'Method not allowed: POST JSON-RPC messages to /message?sessionId=….'),
  );

  app.post(
    '/mcp',
    auth,
    body,
    limiter,
    handleStreamableHttp({ createServer, logger, deadlineMs: config.requestDeadlineMs }),
  );
  app.all('/mcp', auth, mcpMethodNotAllowed());

  app.get('/health', healthLimiter, createHealthHandler({ authToken: config.authToken, facts: deps.health }));

  if (deps.appsPreview) app.get('/apps/preview', healthLimiter, deps.appsPreview);

  app.use('/oauth', oauthLimiter);
  app.use(['/oauth/status', '/oauth/disconnect', '/oauth/clients'], ownerOnly);
  if (deps.oauthRouter) app.use(deps.oauthRouter);
  if (deps.mcpAuthorization) app.use(deps.mcpAuthorization.router);

  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}

/** The SSE session registry of an app built by {@link createApp} (for graceful shutdown). */
export function sseSessionsOf(app: express.Express): SseSessions {
  const sessions: unknown = app.locals.sseSessions;
  if (!(sessions instanceof SseSessions)) throw new Error('not an app built by createApp()');
  return sessions;
}
