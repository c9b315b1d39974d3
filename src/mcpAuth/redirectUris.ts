/**
 * Which redirect URIs a client may register (OAuth 2.1 §2.3.1, RFC 8252 §7.3): https anywhere, or
 * http on a loopback host (desktop bridges such as mcp-remote listen on 127.0.0.1); never a fragment.
 * Matching at /authorize is exact, character for character.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const MAX_LENGTH = 2048;

/** Why `value` cannot be a redirect URI, or null when it can. */
export function redirectUriProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'a redirect URI must be a non-empty string';
  if (value.length > MAX_LENGTH) return `a redirect URI must be at most ${MAX_LENGTH} characters`;
  if (value.includes('#')) return 'a redirect URI must not contain a fragment (#)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'a redirect URI must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'a redirect URI must not contain user information';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'a redirect URI must use https, or http on a loopback host (localhost, 127.0.0.1, [::1])';
}

/** The host (with port) a redirect URI sends the browser to, for the consent page and `/oauth/status`. */
export function redirectHost(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}
