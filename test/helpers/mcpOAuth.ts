/**
 * An MCP OAuth client for tests, as a real one behaves: the official SDK's `OAuthClientProvider`
 * (in-memory storage), and the owner's part done over real HTTP like a browser: GET the consent page,
 * keep its cookie, POST the form with its CSRF token from the same origin, follow the redirect.
 */
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/** Where the test client says it listens; nothing needs to listen: tests read the redirect's Location. */
export const TEST_REDIRECT_URL = 'http://127.0.0.1:9/callback';

export class TestOAuthProvider implements OAuthClientProvider {
  clientInfo: OAuthClientInformationMixed | undefined;
  storedTokens: OAuthTokens | undefined;
  verifier = '';
  /** The last authorization URL the SDK wanted to open in a browser. */
  authorizationUrl: URL | undefined;

  constructor(
    private readonly options: { clientMetadataUrl?: string; clientName?: string; redirectUrl?: string } = {},
  ) {}

  get clientMetadataUrl(): string | undefined {
    return this.options.clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.options.redirectUrl ?? TEST_REDIRECT_URL;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.options.clientName ?? 'Test MCP client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.clientInfo;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.clientInfo = info;
  }

  tokens(): OAuthTokens | undefined {
    return this.storedTokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.storedTokens = tokens;
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }
}

export interface ConsentForm {
  status: number;
  html: string;
  cookie: string;
  consent: string;
  csrf: string;
  headers: Headers;
}

/** GET the authorization URL as a browser: the consent page, its form fields and the cookie it set. */
export async function openConsentPage(authorizationUrl: URL | string): Promise<ConsentForm> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = /name="consent" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { status: response.status, html, cookie, consent, csrf, headers: response.headers };
}

/** POST the consent form from the page's own origin; returns the raw response (a 303 when decided). */
export async function submitConsent(
  baseUrl: string,
  form: Pick<ConsentForm, 'consent' | 'csrf' | 'cookie'>,
  fields: Record<string, string>,
  headers: Record<string, string> = { origin: new URL(baseUrl).origin, 'sec-fetch-site': 'same-origin' },
): Promise<Response> {
  return fetch(`${baseUrl}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, ...headers },
    body: new URLSearchParams({ consent: form.consent, csrf: form.csrf, ...fields }).toString(),
  });
}

/** The owner approves with the API key; returns the URL the browser is sent back to (code, state, iss). */
export async function approveWithApiKey(baseUrl: string, authorizationUrl: URL | string, apiKey: string): Promise<URL> {
  const page = await openConsentPage(authorizationUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.html.slice(0, 300)}`);
  const decided = await submitConsent(baseUrl, page, { action: 'api_key', api_key: apiKey });
  const location = decided.headers.get('location');
  if (decided.status !== 303 || !location) throw new Error(`consent post answered ${decided.status}`);
  return new URL(location);
}
