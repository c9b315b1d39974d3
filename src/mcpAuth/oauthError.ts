/**
 * Errors of the OAuth 2.1 authorization server, in the shapes the RFCs define: a JSON body
 * `{ error, error_description }` with the RFC's status (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 7009 §2.2.1).
 * Descriptions are written for the person debugging a client and never contain a secret.
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'unsupported_token_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'access_denied'
  | 'temporarily_unavailable'
  | 'server_error';

/** Default HTTP status per code; `invalid_client` is 401 so Claude registers again (RFC 6749 §5.2). */
const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  unsupported_token_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  access_denied: 403,
  temporarily_unavailable: 429,
  server_error: 500,
};

export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    status?: number,
  ) {
    super(`${code}: ${description}`);
    this.name = 'OAuthError';
    this.status = status ?? STATUS[code];
  }

  /** The RFC 6749 §5.2 error body. */
  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}
