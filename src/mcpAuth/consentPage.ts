/**
 * The consent page an MCP client's authorization request shows the owner, and the error pages of
 * the authorization endpoint. Same style and rules as the Oura pages (`src/oauth/pages.ts`): no
 * scripts, strict CSP, every value escaped. `form-action` names this server, the client's redirect
 * origin and Oura's sign-in origin, because browsers also apply it to the redirect after the post.
 */
import { escapeHtml, htmlDocument, type Page } from '../oauth/pages.js';
import type { AuthorizationRequest } from './authorizeRequest.js';
import { AUTH_PATHS } from './metadata.js';
import type { OAuthError } from './oauthError.js';
import { redirectHost } from './redirectUris.js';

/**
 * Security headers of every page here; `formOrigins` are added to `form-action`. A page with a form
 * uses `Referrer-Policy: same-origin`: under `no-referrer` browsers post the form with `Origin: null`,
 * which the Origin check must refuse; `same-origin` still sends nothing to other sites.
 */
export function pageHeaders(formOrigins: readonly string[] = []): Record<string, string> {
  const formAction = formOrigins.length === 0 ? "'none'" : ["'self'", ...formOrigins].join(' ');
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': formOrigins.length === 0 ? 'no-referrer' : 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`,
  };
}

export interface ConsentView {
  request: AuthorizationRequest;
  consentId: string;
  csrf: string;
  /** "Continue with Oura" is offered only when the owner's Oura account is connected and known. */
  ouraSignInAvailable: boolean;
  /** Shown above the form after a wrong key or during a lockout. */
  notice?: string;
}

/** 200 (or the given status): who asks, where it will send the browser, what it will read; the owner's two ways to approve, and deny. */
export function consentPage(view: ConsentView, status = 200): Page {
  const { request } = view;
  const hidden = `<input type="hidden" name="consent" value="${escapeHtml(view.consentId)}"><input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">`;
  const viaDocument =
    request.client.source === 'metadata_document' ? ` (identified by ${escapeHtml(request.client.clientId)})` : '';
  const body = `
<p><strong>${escapeHtml(request.client.name)}</strong>${viaDocument} asks to read your Oura Ring data through this server: sleep, readiness, activity, heart rate, workouts and the rest of what your Oura connection allows. It cannot change anything.</p>
<p>After you approve, your browser goes back to <code>${escapeHtml(redirectHost(request.redirectUri))}</code>. Only approve if you just added this connector yourself.</p>
${view.notice ? `<p role="alert"><strong>${escapeHtml(view.notice)}</strong></p>` : ''}
${
  view.ouraSignInAvailable
    ? `<form method="post" action="${AUTH_PATHS.decision}">${hidden}<fieldset><legend>Prove you are the owner with Oura</legend><p><small>Sign in to the Oura account this server is connected to.</small></p><button type="submit" name="action" value="oura">Continue with Oura</button></fieldset></form>`
    : ''
}
<form method="post" action="${AUTH_PATHS.decision}">${hidden}
<fieldset><legend>${view.ouraSignInAvailable ? 'Or with' : 'With'} the server's API key</legend>
<label for="api_key"><small>The AUTH_TOKEN from the server's .env</small></label>
<input type="password" id="api_key" name="api_key" autocomplete="current-password">
<button type="submit" name="action" value="api_key">Approve with API key</button>
</fieldset>
</form>
<form method="post" action="${AUTH_PATHS.decision}">${hidden}<button type="submit" name="action" value="deny" class="secondary">Deny</button></form>`;
  return {
    status,
    html: htmlDocument(`Allow ${request.client.name} to read your Oura data?`, 'warn', body, 'same-origin'),
  };
}

/** 400/401: the request cannot go back to the client (unknown client, bad redirect URI…). */
export function authorizeErrorPage(error: OAuthError): Page {
  const body = `<p>${escapeHtml(error.description)}</p><p>Error code: <code>${escapeHtml(error.code)}</code>. Nothing was authorized. Remove the connector in your assistant and add it again; if that keeps failing, the client's registration is broken.</p>`;
  return {
    status: error.status === 401 ? 400 : error.status,
    html: htmlDocument('This authorization request was refused', 'error', body),
  };
}

/** 403: a decision that does not come from the page this browser loaded (cross-site post, expired, replayed). */
export function forgedDecisionPage(): Page {
  const body =
    '<p>This approval did not come from a consent page opened in this browser within the last 10 minutes, so it was refused. Nothing was authorized.</p><p>Start again from your assistant (add or reconnect the connector).</p>';
  return { status: 403, html: htmlDocument('Approval refused', 'error', body) };
}

/** 400: "Continue with Oura" was chosen while no Oura account is connected. */
export function ouraNotConnectedPage(): Page {
  const body =
    '<p>No Oura account is connected yet, so the owner cannot be recognised by an Oura sign-in. Go back and approve with the API key instead: the Oura connection follows right after.</p>';
  return { status: 400, html: htmlDocument('Oura is not connected yet', 'error', body) };
}
