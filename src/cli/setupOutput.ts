/** What `setup` writes (the config file) and prints (what to paste where). Pure text. */
import { DEFAULT_SCOPES } from '../configTable.js';

export interface SetupResult {
  configFile: string;
  authToken: string;
  encryptionKey: string;
  clientId: string;
  clientSecret: string;
  /** Origin without a trailing slash. */
  publicUrl: string;
  port: string;
  timezone: string;
}

/** Trusting one proxy hop is right behind ngrok or a tunnel, wrong when clients connect directly. */
function behindProxy(publicUrl: string): boolean {
  return !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(publicUrl);
}

export function renderConfigFile(result: SetupResult, writtenAt: Date): string {
  return `# oura-mcp-server configuration, written by \`oura-mcp-server setup\` on ${writtenAt.toISOString()}.
# Keep this file private (mode 0600): it holds the API key and the Oura client secret.
# Every variable: README.md, "Configuration". Relative paths are relative to this file's folder.
AUTH_TOKEN=${result.authToken}
TOKEN_ENCRYPTION_KEY=${result.encryptionKey}
OURA_CLIENT_ID=${result.clientId}
OURA_CLIENT_SECRET=${result.clientSecret}
OURA_REDIRECT_URI=${result.publicUrl}/oauth/callback
PUBLIC_URL=${result.publicUrl}
PORT=${result.port}
OURA_TIMEZONE=${result.timezone}
TOKENS_FILE=./tokens.json
${behindProxy(result.publicUrl) ? 'TRUST_PROXY=1\n' : ''}`;
}

/** The Claude Desktop entry: absolute paths, so it works whatever folder Claude starts it in. */
export function claudeDesktopSnippet(nodePath: string, entry: string, configFile: string): string {
  return JSON.stringify(
    { mcpServers: { oura: { command: nodePath, args: [entry, '--stdio', '--env-file', configFile] } } },
    null,
    2,
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

export function renderNextSteps(result: SetupResult, claudeSnippet: string): string {
  const url = result.publicUrl;
  return `Configuration written to ${result.configFile} (mode 0600).

1. Oura developer portal (https://cloud.ouraring.com/oauth/applications), your app:
     Redirect URI:  ${url}/oauth/callback
     Scopes:        ${DEFAULT_SCOPES}
                    (newer portal apps may also offer stress, heart_health, ring_configuration: allow them too)

2. Start the server, and make ${url} reach port ${result.port}:
     oura-mcp-server
     ngrok http ${result.port} --url=${url}        (when ${url} is an ngrok domain)
   The server logs a one-time link to connect your Oura account; open it in a browser.

3. Poke (Settings → Integrations → MCP Servers):
     URL:      ${url}/mcp
     API key:  ${result.authToken}
   or: npx poke mcp add ${url}/mcp -n "Oura Ring" -k "${result.authToken}"

4. Claude (claude.ai, desktop, mobile) and ChatGPT: add a custom connector with the URL
     ${url}/mcp
   (no client ID or secret; you approve it on this server's page with the API key or your Oura sign-in).

5. Claude Desktop over stdio (claude_desktop_config.json):
${indent(claudeSnippet)}

Check everything with: oura-mcp-server doctor
`;
}
