/**
 * Connects Oura through the real OAuth routes without a person at the keyboard: our
 * `/oauth/authorize` → the (simulated) Oura consent page → Approve → our `/oauth/callback`.
 * Used by demo mode and the end-to-end test harness; only ever pointed at the simulated cloud.
 */

export interface ConnectOptions {
  /** A one-time link (`…/oauth/authorize?grant=…`) or the plain authorize URL with `headers`. */
  authorizeUrl: string;
  /** E.g. the Bearer header when `authorizeUrl` carries no grant. */
  headers?: Record<string, string>;
}

function locationOf(response: Response, step: string): string {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || !location) {
    throw new Error(`${step} answered ${response.status} instead of a redirect`);
  }
  return new URL(location, response.url).toString();
}

/** The hidden `request_id` of the simulator's consent form (its page escapes the value). */
function requestIdOf(html: string): string {
  const match = /name="request_id" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the consent page has no request_id field');
  return match[1]!;
}

/**
 * Our `/oauth/authorize`: with the API key it redirects at once; a one-time link shows a Continue page
 * first, whose form POSTs the grant (as a person's click would).
 */
async function authorizeRedirect(options: ConnectOptions): Promise<string> {
  const authorize = await fetch(options.authorizeUrl, { headers: options.headers, redirect: 'manual' });
  if (authorize.status !== 200) return locationOf(authorize, '/oauth/authorize');
  const grant = /name="grant" value="([^"]+)"/.exec(await authorize.text())?.[1];
  if (!grant) throw new Error('/oauth/authorize answered 200 without a Continue form');
  const continued = await fetch(new URL('/oauth/authorize', options.authorizeUrl), {
    method: 'POST',
    headers: { ...options.headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant }),
    redirect: 'manual',
  });
  return locationOf(continued, 'the Continue button of /oauth/authorize');
}

/** Runs the flow; resolves once our callback answered 200 ("Oura is connected"). */
export async function connectThroughOAuth(options: ConnectOptions): Promise<void> {
  const consentUrl = await authorizeRedirect(options);
  const consent = await fetch(consentUrl, { redirect: 'manual' });

  let callbackUrl: string;
  if (consent.status === 200) {
    const decision = new URL('/oauth/authorize/decision', consentUrl);
    const approved = await fetch(decision, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // A bare approval (no scope boxes) grants every scope asked for.
      body: new URLSearchParams({ request_id: requestIdOf(await consent.text()), decision: 'approve' }),
      redirect: 'manual',
    });
    callbackUrl = locationOf(approved, 'the consent decision');
  } else {
    // The simulator's autoApprove answers the consent page with the redirect itself.
    callbackUrl = locationOf(consent, 'the consent page');
  }

  const callback = await fetch(callbackUrl, { redirect: 'manual' });
  const page = await callback.text();
  if (callback.status !== 200) {
    const reason = /<p>(.*?)<\/p>/s.exec(page)?.[1] ?? '';
    throw new Error(`/oauth/callback answered ${callback.status}: ${reason}`);
  }
}
