/**
 * `oura-mcp-server status`: asks the running server (`/oauth/status` and `/health` with the API key)
 * for the connection, scopes, expiry, cache and authorized MCP clients; without a running server, what
 * the tokens file says. Console output is this command's interface.
 */
import axios from 'axios';
import { createLogger } from '../logger.js';
import type { CommandLine } from './args.js';
import { checkTokensFile, localUrl } from './doctorChecks.js';
import { loadConfigOrExit } from './loadConfig.js';

interface ServerStatus {
  connected: boolean;
  scope: string | null;
  expires_at: string | null;
  error: string | null;
  mcp_clients?: Array<{ name: string; redirect_host: string; last_used_at: string | null }>;
}

interface ServerHealth {
  cache_size?: number;
  oura_api_available?: boolean;
  uptime?: number;
  version?: string;
}

export function renderServerStatus(url: string, status: ServerStatus, health: ServerHealth): string {
  const clients = status.mcp_clients ?? [];
  const lines = [
    `Server:      ${url} (version ${health.version ?? '?'}, up ${Math.round((health.uptime ?? 0) / 60)} min)`,
    `Oura:        ${status.connected ? 'connected' : `not connected${status.error ? ` (${status.error})` : ''}`}`,
    `Scopes:      ${status.scope ?? '-'}`,
    `Expires:     ${status.expires_at ?? '-'} (refreshed automatically)`,
    `Oura API:    ${health.oura_api_available ? 'answering' : 'recent calls failed'}`,
    `Cache:       ${health.cache_size ?? 0} entries`,
    `MCP clients: ${clients.length === 0 ? 'none' : clients.length}`,
    ...clients.map(
      (client) => `  - ${client.name} (${client.redirect_host}), last used ${client.last_used_at ?? 'never'}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export async function runStatus(line: CommandLine): Promise<number> {
  const config = loadConfigOrExit(line.envFile);
  const url = localUrl(config);
  const headers = { authorization: `Bearer ${config.authToken}` };
  try {
    const [status, health] = await Promise.all([
      axios.get<ServerStatus>(`${url}/oauth/status`, { headers, timeout: 5000 }),
      axios.get<ServerHealth>(`${url}/health`, { headers, timeout: 5000 }),
    ]);
    process.stdout.write(renderServerStatus(url, status.data, health.data));
    return 0;
  } catch {
    const logger = createLogger({ level: 'error', format: 'pretty', stderrOnly: true });
    const { result } = await checkTokensFile(config, logger, new Date());
    process.stdout.write(
      `Server:      not running on ${url} (start it with \`oura-mcp-server\`; cache and MCP clients are known only to a running server)\n` +
        `Tokens:      ${result.detail}\n`,
    );
    return 1;
  }
}
