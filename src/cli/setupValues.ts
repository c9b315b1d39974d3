/**
 * The values `setup` asks for, checked with the reason a value is refused: Oura compares the redirect
 * URI byte for byte, so a path or a trailing slash in the public URL would register a URI that never
 * matches; plain http is only safe on the loopback interface.
 */
import { placeholderProblem } from '../configTable.js';

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function placeholder(name: string, value: string): Checked | null {
  return placeholderProblem(name, value) === null
    ? null
    : { ok: false, reason: 'that is the placeholder from the example, not your value' };
}

/** Oura client ids are short tokens of letters, digits and a few separators. */
export function checkClientId(raw: string): Checked {
  const value = raw.trim();
  if (value === '') return { ok: false, reason: 'the Client ID is empty: copy it from your Oura app' };
  if (!/^[A-Za-z0-9._-]{6,128}$/.test(value))
    return {
      ok: false,
      reason: 'a Client ID is 6 to 128 letters, digits, dots, dashes or underscores (no spaces): copy it again',
    };
  return placeholder('OURA_CLIENT_ID', value) ?? { ok: true, value };
}

export function checkClientSecret(raw: string): Checked {
  const value = raw.trim();
  if (value === '') return { ok: false, reason: 'the Client Secret is empty: copy it from your Oura app' };
  if (!/^[\x21-\x7e]{12,256}$/.test(value))
    return {
      ok: false,
      reason: 'a Client Secret is 12 to 256 visible characters without spaces: copy it again',
    };
  return placeholder('OURA_CLIENT_SECRET', value) ?? { ok: true, value };
}

/** The origin clients and Oura reach the server at: `https://host[:port]`, no path, no trailing slash. */
export function checkPublicUrl(raw: string): Checked {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: `"${value}" is not an absolute URL; write it like https://your-name.ngrok.dev` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'the public URL must start with https://' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return {
      ok: false,
      reason: `http:// is only allowed for localhost; ${url.hostname} must be reached over https (ngrok gives you https)`,
    };
  if (url.username || url.password)
    return { ok: false, reason: 'the public URL must not hold a user name or password' };
  if (url.search || url.hash) return { ok: false, reason: 'the public URL must not have a ?query or #fragment' };
  if (value.endsWith('/'))
    return {
      ok: false,
      reason: 'remove the trailing slash: Oura compares the redirect URI byte for byte',
    };
  if (url.pathname !== '/')
    return {
      ok: false,
      reason: `the public URL is an origin without a path (drop "${url.pathname}"); the server adds /mcp and /oauth/callback itself`,
    };
  return placeholder('PUBLIC_URL', value) ?? { ok: true, value: url.origin };
}

export function checkPort(raw: string): Checked {
  const value = raw.trim();
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535)
    return { ok: false, reason: 'the port is a whole number from 1 to 65535 (default 3001)' };
  return { ok: true, value: String(Number(value)) };
}

export function checkTimeZone(raw: string): Checked {
  const value = raw.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return { ok: true, value };
  } catch {
    return {
      ok: false,
      reason: `"${value}" is not an IANA time zone; write it like Europe/Berlin or America/New_York`,
    };
  }
}
