/**
 * The HTML of the simulated consent screen and its error page. Self-contained (no external assets);
 * everything echoed from the request is escaped.
 */

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.3rem}ul{padding-left:1.2rem}label{display:block;margin:.3rem 0}
button{font-size:1rem;padding:.6rem 1.4rem;margin-right:.8rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}
#approve{background:#1d1d1f;color:#fff}.muted{color:#666;font-size:.85rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The approval page: which account signs in, one checkbox per requested scope (all ticked), Approve and Deny buttons. */
export function consentPage(options: {
  appName: string;
  scopes: readonly string[];
  requestId: string;
  account: 'owner' | 'other';
}): string {
  const accountChoice = (['owner', 'other'] as const)
    .map(
      (a) =>
        `<label><input type="radio" name="account" id="account-${a}" value="${a}"${a === options.account ? ' checked' : ''}> ${a === 'owner' ? 'The simulated ring owner' : 'Another Oura account'}</label>`,
    )
    .join('');
  const scopeBoxes = options.scopes
    .map((s) => `<label><input type="checkbox" name="scope" value="${escapeHtml(s)}" checked> ${escapeHtml(s)}</label>`)
    .join('');
  return page(
    'Authorize access to your Oura data',
    `<h1>${escapeHtml(options.appName)} wants to read your Oura data</h1>
<p>Scopes: ${escapeHtml(options.scopes.join(', ') || '(none)')}</p>
<form method="post" action="/oauth/authorize/decision">
<input type="hidden" name="request_id" value="${escapeHtml(options.requestId)}">
<input type="hidden" name="scopes_offered" value="1">
<p>Signed in as:</p>${accountChoice}
${scopeBoxes}
<p><button type="submit" id="approve" name="decision" value="approve">Approve</button><button type="submit" id="deny" name="decision" value="deny">Deny</button></p>
</form>
<p class="muted">Simulated Oura cloud: no real account is involved.</p>`,
  );
}

/** An error shown instead of redirecting (unknown client, bad redirect URI, expired request). */
export function errorPage(message: string): string {
  return page('Authorization error', `<h1>Authorization error</h1><p>${escapeHtml(message)}</p>`);
}
