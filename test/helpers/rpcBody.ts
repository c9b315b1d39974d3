/**
 * A JSON-RPC answer as the tests read it. supertest hands a parsed body over as `any`; reading it through this
 * type keeps the assertions type-checked (a misspelt field fails typecheck instead of comparing `undefined`).
 */
export interface RpcBody {
  jsonrpc: string;
  id: string | number | null;
  result: {
    serverInfo: unknown;
    capabilities: unknown;
    instructions: string;
    protocolVersion: string;
    tools: Array<{ name: string }>;
  };
  error: { code: number; message: string };
}

/** The body of a supertest response, read as a JSON-RPC answer. */
export function rpcBody(response: { body: unknown }): RpcBody {
  return response.body as RpcBody;
}

/** `GET /oauth/status` as the tests read it. */
export interface OAuthStatusBody {
  connected: boolean;
  scope: string | null;
  expires_at: string | null;
  error: string | null;
  authorize_url: string;
}

/** The body of a supertest response from `GET /oauth/status`. */
export function statusBody(response: { body: unknown }): OAuthStatusBody {
  return response.body as OAuthStatusBody;
}

/**
 * The 429 of this server's own rate limit (RATE_LIMIT_*): -32004 answering request `id`, the limit
 * and window (`perMinutes`) in the message, and the wait equal to the `Retry-After` header.
 */
export function rateLimitedAnswer(
  response: { body: unknown; headers: Record<string, string> },
  id: string | number | null,
  limit: number,
  perMinutes: number,
): { expected: unknown; actual: unknown } {
  const wait = Number(response.headers['retry-after']);
  return {
    actual: response.body,
    expected: {
      jsonrpc: '2.0',
      id,
      error: {
        code: -32004,
        message: `Too many requests, please try again later: this server allows ${limit} requests per ${perMinutes} min per client; retry in ${wait} s.`,
        data: { retry_after_seconds: wait },
      },
    },
  };
}
