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
