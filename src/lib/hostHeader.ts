/**
 * Strict parsers for the `Host` and `Origin` headers (DNS-rebinding protection depends on them).
 * Anything that is not exactly `host[:port]` / `scheme://host[:port]` is refused: numeric ports only
 * (`victim.ngrok.dev:evil` is not a host), nothing after an IPv6 literal but a port (`[::1]evil` is not
 * one), and origins keep their scheme so `http://` never passes for `https://`.
 */

export interface HostAndPort {
  /** Lower-case host name, or an IPv6 literal with its brackets (`[::1]`). */
  hostname: string;
  /** The port written in the header, or null when none was. */
  port: number | null;
}

export interface ParsedOrigin {
  scheme: 'http' | 'https';
  hostname: string;
  /** Explicit or the scheme's default (80/443). */
  port: number;
  /** `scheme://hostname:port`, with the port always written: compare these. */
  key: string;
}

const REG_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*\.?$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]{2,45}\]$/;
const PORT = /^[0-9]{1,5}$/;

function parsePort(text: string): number | null {
  if (!PORT.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** Parses a `Host` header value; null for anything malformed. */
export function parseHostHeader(value: string | undefined): HostAndPort | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (text.length === 0 || text.length > 300) return null;
  let hostname: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return null;
    hostname = text.slice(0, close + 1);
    rest = text.slice(close + 1);
    if (!IPV6_LITERAL.test(hostname)) return null;
  } else {
    const colon = text.indexOf(':');
    hostname = colon === -1 ? text : text.slice(0, colon);
    rest = colon === -1 ? '' : text.slice(colon);
    if (!REG_NAME.test(hostname)) return null;
  }
  if (rest === '') return { hostname, port: null };
  if (!rest.startsWith(':')) return null;
  const port = parsePort(rest.slice(1));
  return port === null ? null : { hostname, port };
}

/** Host name without port, lower-cased (`[::1]:3001` → `[::1]`); null when malformed. */
export function hostnameOf(value: string): string | null {
  return parseHostHeader(value)?.hostname ?? null;
}

/** Parses an `Origin` header (or a configured origin; a trailing slash is tolerated there). Null for `null`, paths, other schemes. */
export function parseOrigin(value: string | undefined): ParsedOrigin | null {
  if (typeof value !== 'string') return null;
  const match = /^(https?):\/\/([^/?#@\s]+)\/?$/i.exec(value.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase() as 'http' | 'https';
  const host = parseHostHeader(match[2]);
  if (!host) return null;
  const port = host.port ?? (scheme === 'https' ? 443 : 80);
  return { scheme, hostname: host.hostname, port, key: `${scheme}://${host.hostname}:${port}` };
}
