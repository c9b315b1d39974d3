/**
 * The small HTML pages the owner sees during the OAuth flow. Self-contained (inline CSS, no scripts,
 * no external assets) and every value they echo is HTML-escaped. Each page is `{ status, html }`; the
 * router adds the security headers (see {@link PAGE_HEADERS}).
 */
import type { LinkFailure } from './links.js';

export interface Page {
  status: number;
  html: string;
  /** Headers that replace the defaults of {@link PAGE_HEADERS} for this page. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Headers for every OAuth page: not cached (they may carry one-time links), no referrer (the URL holds
 * a grant or a code), no scripts or outside resources, not framed.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
});

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] ?? ch);
}

/** A link is only rendered when it is http(s); anything else would be a script vector. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export interface PageParts {
  title: string;
  /** Emoji-free marker shown above the title. */
  tone: 'ok' | 'warn' | 'error';
  /** Paragraphs of plain text (escaped here). */
  paragraphs: string[];
  /** Optional list of plain-text hints (escaped here). */
  hints?: string[];
  /** Optional call to action. */
  action?: { label: string; href: string };
}

const COLORS = { ok: '#1a7f37', warn: '#9a6700', error: '#cf222e' } as const;

/**
 * A whole page around `body` (trusted HTML: callers escape every value they put in it), in the style
 * every page of the server shares. Also used by the MCP consent page.
 */
export function htmlDocument(
  title: string,
  tone: PageParts['tone'],
  body: string,
  referrer: 'no-referrer' | 'same-origin' = 'no-referrer',
): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${referrer}"><title>${escapeHtml(title)} · Oura MCP server</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f6f8fa;color:#1f2328;margin:0;padding:2rem 1rem}
main{max-width:34rem;margin:0 auto;background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:1.5rem 1.75rem}
h1{font-size:1.35rem;margin:.25rem 0 1rem;color:${COLORS[tone]}}
p,li{line-height:1.5}ul{padding-left:1.2rem}code{background:#eff1f3;padding:.1rem .3rem;border-radius:4px}
a.button,button{display:inline-block;margin-top:.5rem;background:#1f2328;color:#fff;text-decoration:none;padding:.55rem 1rem;border-radius:8px;border:0;font:inherit;cursor:pointer}
button.secondary{background:#fff;color:#1f2328;border:1px solid #d0d7de}
input[type=password]{font:inherit;padding:.45rem .6rem;border:1px solid #d0d7de;border-radius:6px;width:100%;box-sizing:border-box}
fieldset{border:1px solid #d0d7de;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}
small{color:#656d76}
</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
<p><small>Oura MCP server</small></p>
</main></body></html>
`;
}

function render(status: number, parts: PageParts): Page {
  const href = parts.action ? safeHref(parts.action.href) : null;
  const body = [
    ...parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    parts.hints && parts.hints.length > 0
      ? `<ul>${parts.hints.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>`
      : '',
    href && parts.action
      ? `<p><a class="button" href="${escapeHtml(href)}" rel="noreferrer">${escapeHtml(parts.action.label)}</a></p>`
      : '',
  ].join('\n');
  return { status, html: htmlDocument(parts.title, parts.tone, body) };
}

/** How to get a new one-time link; repeated on every page that ends a flow. */
const HOW_TO_GET_A_LINK = [
  'Ask your assistant to "connect my Oura" (the connect_oura tool answers with a fresh link).',
  'Or call GET /oauth/status with your API key (Authorization: Bearer <AUTH_TOKEN>): its authorize_url is a fresh link.',
  'Or restart the server: when Oura is not connected it prints a one-time link in its log.',
];

/** 200: the tokens are stored. */
export function successPage(scope: string | null): Page {
  return render(200, {
    title: 'Oura is connected',
    tone: 'ok',
    paragraphs: [
      'Oura is connected — you can close this tab and ask about your sleep.',
      ...(scope ? [`Access granted to: ${scope}.`] : []),
    ],
  });
}

/** 200: the owner pressed "deny" at Oura. Nothing was stored. */
export function deniedPage(retryLink: string | null): Page {
  return render(200, {
    title: 'Oura was not connected',
    tone: 'warn',
    paragraphs: [
      'You declined the request at Oura, so nothing was stored. Your assistant cannot read your Oura data until you connect.',
    ],
    ...(retryLink ? { action: { label: 'Connect Oura after all', href: retryLink } } : {}),
    hints: retryLink ? ['The button is a one-time link, valid for 10 minutes.'] : HOW_TO_GET_A_LINK,
  });
}

const STATE_TEXT: Record<LinkFailure | 'missing', string> = {
  missing:
    'This page was opened without the state value Oura sends back, so it does not belong to a sign-in started here.',
  unknown:
    'This sign-in was not started by this server (or the server restarted since), so it was refused and nothing was stored.',
  expired: 'This sign-in took longer than 10 minutes and expired, so nothing was stored.',
  reused:
    'This sign-in link was already used (for example by reloading the page), so it was refused and nothing was stored.',
};

/** 400: the callback's `state` is missing, unknown, expired or used. */
export function invalidStatePage(reason: LinkFailure | 'missing'): Page {
  return render(400, {
    title: 'This sign-in is no longer valid',
    tone: 'error',
    paragraphs: [STATE_TEXT[reason], 'Start again with a new one-time link:'],
    hints: HOW_TO_GET_A_LINK,
  });
}

/** 400: the query string is malformed (repeated or oversized parameters). */
export function badRequestPage(): Page {
  return render(400, {
    title: 'Malformed request',
    tone: 'error',
    paragraphs: [
      'The address has repeated, missing or oversized parameters, so it was refused and nothing was stored.',
    ],
    hints: HOW_TO_GET_A_LINK,
  });
}

/** 400: Oura redirected back with an OAuth error other than access_denied, or without a code. */
export function oauthErrorPage(oauthError: string | null, retryLink: string | null): Page {
  return render(400, {
    title: 'Oura did not complete the sign-in',
    tone: 'error',
    paragraphs: [
      oauthError
        ? `Oura answered with the error "${oauthError}", so nothing was stored.`
        : 'Oura sent no authorization code back, so nothing was stored.',
      'If this keeps happening, check that OURA_SCOPES only lists scopes your Oura application has enabled.',
    ],
    ...(retryLink ? { action: { label: 'Try again', href: retryLink } } : {}),
    hints: retryLink ? ['The button is a one-time link, valid for 10 minutes.'] : HOW_TO_GET_A_LINK,
  });
}

const LINK_TEXT: Record<LinkFailure | 'missing', string> = {
  missing:
    'Connecting Oura needs a one-time link (or the API key), so that nobody who only knows this address can attach their own Oura account.',
  unknown: 'This one-time link is not valid here (it may be from before a restart, or mistyped).',
  expired: 'This one-time link is older than 10 minutes and has expired.',
  reused: 'This one-time link was already used; each link works once.',
};

/** 401: `/oauth/authorize` without the API key or a valid one-time grant. */
export function authorizeUnauthorizedPage(reason: LinkFailure | 'missing'): Page {
  return render(401, {
    title: 'A one-time link is needed',
    tone: 'error',
    paragraphs: [LINK_TEXT[reason], 'To get a fresh link (valid 10 minutes, single use):'],
    hints: HOW_TO_GET_A_LINK,
  });
}

/**
 * 200 for link-preview fetchers (chat apps unfurling the link) and HEAD requests: the one-time link is
 * left unused so the owner's own click still works.
 */
export function linkPreviewPage(): Page {
  return render(200, {
    title: 'Connect your Oura Ring',
    tone: 'ok',
    paragraphs: ['Open this one-time link in your browser to connect your Oura account to your assistant.'],
  });
}

/**
 * 200: what a one-time link shows on GET. Nothing is spent until the owner presses Continue, which
 * POSTs the grant (in the body, not the URL): link previews, prefetchers and scanners only ever GET,
 * whatever user agent they claim. `authorizeOrigin` (Oura's consent page) is allowed as a form target
 * because browsers apply `form-action` to the redirect that follows the POST.
 */
export function continuePage(grant: string, authorizeOrigin: string): Page {
  const page = render(200, {
    title: 'Connect your Oura Ring',
    tone: 'ok',
    paragraphs: ['Press Continue to sign in at Oura and let your assistant read your Oura data. This link works once.'],
  });
  const form = `<form method="post" action="/oauth/authorize"><input type="hidden" name="grant" value="${escapeHtml(grant)}"><button class="button" type="submit">Continue</button></form>\n<p><small>Oura MCP server</small></p>`;
  return {
    status: page.status,
    html: page.html
      .replace('<p><small>Oura MCP server</small></p>', form)
      .replace(
        'a.button{',
        'button.button{border:0;font:inherit;cursor:pointer;display:inline-block;margin-top:.5rem;background:#1f2328;color:#fff;padding:.55rem 1rem;border-radius:8px}a.button{',
      ),
    headers: {
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self' ${authorizeOrigin}; frame-ancestors 'none'`,
    },
  };
}

/** What went wrong when the code was exchanged for tokens. */
export type ExchangeFailure = 'rejected' | 'client' | 'unavailable' | 'storage';

/** 502 (500 for storage): the code could not be turned into stored tokens. */
export function exchangeFailedPage(kind: ExchangeFailure, retryLink: string | null): Page {
  const byKind: Record<ExchangeFailure, { paragraphs: string[]; hints: string[] }> = {
    rejected: {
      paragraphs: ['Oura refused to exchange the authorization code for tokens, so nothing was stored.'],
      hints: [
        'OURA_REDIRECT_URI must match the Redirect URI registered in your Oura application byte for byte (scheme, host, path, no trailing slash).',
        'OURA_CLIENT_ID and OURA_CLIENT_SECRET must be those of the same application.',
        'The code is valid for 10 minutes and once: start again with a new link.',
      ],
    },
    client: {
      paragraphs: ['Oura did not accept this server’s application credentials, so nothing was stored.'],
      hints: [
        'Check OURA_CLIENT_ID and OURA_CLIENT_SECRET against https://cloud.ouraring.com/oauth/applications.',
        'OURA_REDIRECT_URI must match the registered Redirect URI byte for byte.',
      ],
    },
    unavailable: {
      paragraphs: ['Oura’s token service could not be reached or had a problem, so nothing was stored.'],
      hints: ['Wait a minute and start again with a new link.', 'Check that this computer can reach api.ouraring.com.'],
    },
    storage: {
      paragraphs: ['Oura issued the tokens, but this server could not save them.'],
      hints: [
        'Check that the directory of TOKENS_FILE exists and is writable by the user running the server, then start again.',
      ],
    },
  };
  const chosen = byKind[kind];
  return render(kind === 'storage' ? 500 : 502, {
    title: 'Connecting Oura failed',
    tone: 'error',
    paragraphs: chosen.paragraphs,
    hints: chosen.hints,
    ...(retryLink ? { action: { label: 'Start again', href: retryLink } } : {}),
  });
}

/** 403: the Oura account that signed in is not the owner's (account pinning). Nothing was stored. */
export function wrongAccountPage(forApproval: boolean): Page {
  return render(403, {
    title: 'This is not the owner’s Oura account',
    tone: 'error',
    paragraphs: [
      forApproval
        ? 'The Oura account that just signed in is not the one this server is connected to, so the MCP client was not approved and nothing was stored.'
        : 'This server is pinned to its owner’s Oura account, and a different account just signed in, so nothing was stored.',
      'To connect a different Oura account, the owner must first disconnect with the API key (POST /oauth/disconnect).',
    ],
  });
}

/** 502: Oura issued tokens but would not say whose account it is. Nothing was stored. */
export function accountUnknownPage(retryLink: string | null): Page {
  return render(502, {
    title: 'Connecting Oura failed',
    tone: 'error',
    paragraphs: ['Oura did not tell which account signed in (its personal_info answer failed), so nothing was stored.'],
    hints: ['Keep the "personal" scope in OURA_SCOPES and tick it at Oura.', 'Wait a minute and start again.'],
    ...(retryLink ? { action: { label: 'Start again', href: retryLink } } : {}),
  });
}
