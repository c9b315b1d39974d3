/**
 * The checks of `oura-mcp-server doctor`, one result each: what was found, and what to do when it is
 * wrong. A check never puts a secret in its text (the token, the client secret, the keys).
 */
import { statSync } from 'node:fs';
import net from 'node:net';
import axios from 'axios';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { fetchOuraAccountId, OwnerAccount, siblingOfTokensFile } from '../oauth/ownerAccount.js';
import { TokenStore, type StoredTokens } from '../oauth/tokens.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** What was found (no secrets). */
  detail: string;
  /** What to do, when the status is not ok. */
  fix?: string;
}

/** Clock skew past this breaks OAuth (token expiry, signed cookies of proxies). */
const MAX_SKEW_SECONDS = 60;
const NETWORK_TIMEOUT_MS = 10_000;

export function checkConfigFilePermissions(files: readonly string[]): CheckResult {
  const open = files.filter((file) => (statSync(file).mode & 0o077) !== 0);
  if (open.length === 0)
    return { name: 'config file', status: 'ok', detail: files.length ? files.join(', ') : 'environment only' };
  return {
    name: 'config file',
    status: 'warn',
    detail: `${open.join(', ')} can be read by other users`,
    fix: `chmod 600 ${open.join(' ')}`,
  };
}

export async function checkTokensFile(
  config: Config,
  logger: Logger,
  now: Date,
): Promise<{ result: CheckResult; tokens: StoredTokens | null }> {
  const store = new TokenStore({ file: config.tokensFile, key: config.tokenEncryptionKey, logger });
  const read = await store.read();
  if (read.kind === 'missing')
    return {
      tokens: null,
      result: {
        name: 'tokens file',
        status: 'fail',
        detail: `${config.tokensFile} does not exist: Oura is not connected`,
        fix: 'start the server (`oura-mcp-server`) and open the one-time link it logs',
      },
    };
  if (read.kind === 'unreadable')
    return {
      tokens: null,
      result: { name: 'tokens file', status: 'fail', detail: `${config.tokensFile}: ${read.reason}`, fix: read.reason },
    };
  const owner = await new OwnerAccount({
    file: siblingOfTokensFile(config.tokensFile, 'owner'),
    key: config.tokenEncryptionKey,
    logger,
  }).read();
  const expires = new Date(read.tokens.expiresAt * 1000);
  const minutes = Math.round((expires.getTime() - now.getTime()) / 60_000);
  const expiry =
    minutes > 0 ? `access token valid for ${minutes} min` : 'access token expired (it refreshes on the next call)';
  return {
    tokens: read.tokens,
    result: {
      name: 'tokens file',
      status: 'ok',
      detail: `decrypts; account ${owner ?? 'not recorded yet'}; scopes ${read.tokens.scope ?? 'unknown'}; ${expiry}`,
    },
  };
}

/** One cheap authenticated call (`personal_info`); also reads Oura's clock from its Date header. */
export async function checkOuraToken(config: Config, accessToken: string): Promise<CheckResult> {
  try {
    const id = await fetchOuraAccountId(config.ouraApiBaseUrl, accessToken, NETWORK_TIMEOUT_MS);
    return { name: 'Oura API', status: 'ok', detail: `the token works (account ${id})` };
  } catch (error) {
    return {
      name: 'Oura API',
      status: 'fail',
      detail: error instanceof Error ? error.message : String(error),
      fix: 'an expired token refreshes when the server runs; if it keeps failing, reconnect Oura (GET /oauth/status gives a link)',
    };
  }
}

export async function checkClockSkew(config: Config, now: () => Date): Promise<CheckResult> {
  try {
    const response = await axios.head(config.ouraApiBaseUrl, {
      timeout: NETWORK_TIMEOUT_MS,
      validateStatus: () => true,
    });
    const date = response.headers.date as unknown;
    if (typeof date !== 'string') return { name: 'clock', status: 'skip', detail: 'Oura sent no Date header' };
    const skew = Math.round((now().getTime() - Date.parse(date)) / 1000);
    if (Math.abs(skew) <= MAX_SKEW_SECONDS)
      return { name: 'clock', status: 'ok', detail: `within ${Math.abs(skew)} s of Oura's clock` };
    return {
      name: 'clock',
      status: 'fail',
      detail: `${skew} s off Oura's clock`,
      fix: 'turn on network time (timedatectl set-ntp true, or your system settings)',
    };
  } catch (error) {
    return {
      name: 'clock',
      status: 'fail',
      detail: `${config.ouraApiBaseUrl} cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
      fix: 'check the network (and OURA_API_BASE_URL)',
    };
  }
}

/** The server's own URL on this machine (a wildcard bind address is reached on loopback). */
export function localUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await axios.get<unknown>(`${url}/health`, { timeout: NETWORK_TIMEOUT_MS });
    const body = response.data as { status?: unknown } | null;
    return response.status === 200 && typeof body === 'object' && body?.status === 'ok';
  } catch {
    return false;
  }
}

/** The port is free (the server can start) or held by this server already. */
export async function checkPort(config: Config): Promise<CheckResult> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(config.port, config.host, () => probe.close(() => resolve(true)));
  });
  if (free) return { name: 'port', status: 'ok', detail: `${config.host}:${config.port} is free` };
  if (await answersHealth(localUrl(config)))
    return { name: 'port', status: 'ok', detail: `oura-mcp-server already answers on ${localUrl(config)}` };
  return {
    name: 'port',
    status: 'fail',
    detail: `${config.host}:${config.port} is taken by another program`,
    fix: 'stop that program, or set PORT to a free port (and point your tunnel at it)',
  };
}

export async function checkPublicUrl(config: Config): Promise<CheckResult> {
  const url = config.publicUrl;
  if (await answersHealth(url)) return { name: 'public URL', status: 'ok', detail: `${url}/health answers` };
  return {
    name: 'public URL',
    status: 'fail',
    detail: `${url}/health does not answer`,
    fix: `start the server and the tunnel (e.g. ngrok http ${config.port} --url=${url}); PUBLIC_URL must be where it is reached`,
  };
}
