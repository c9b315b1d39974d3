/** The text demo mode prints once everything runs: URLs, the API key and commands to paste. */

export interface DemoBannerFacts {
  serverUrl: string;
  simulatorUrl: string;
  authToken: string;
  timezone: string;
  /** First day of "this week" for the sample call. */
  weekStart: string;
  /** A fresh one-time link to try the OAuth pages in a browser. */
  browserLink: string;
  /** Whether OAuth MCP clients (Claude, ChatGPT, mcp-remote) can connect (MCP_AUTHORIZATION). */
  mcpAuthorization: boolean;
  /** Absolute path of the built entry point, for the Claude Desktop snippet. */
  distEntry: string;
  /** Environment a stdio instance needs to reach the same simulator and tokens file. */
  stdioEnv: Record<string, string>;
  /** `process.versions.node`: MCP Inspector 2 needs a newer Node than this server does. */
  nodeVersion: string;
}

/** The current MCP Inspector (v1 is deprecated); its CLI takes the same flags as v1's. */
export const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
/** Its `engines.node` (>=22.19.0). */
const INSPECTOR_NODE = [22, 19] as const;

function inspectorNodeNote(nodeVersion: string): string {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  const enough = major > INSPECTOR_NODE[0] || (major === INSPECTOR_NODE[0] && minor >= INSPECTOR_NODE[1]);
  return enough
    ? ''
    : `\n  (MCP Inspector 2 needs Node ${INSPECTOR_NODE.join('.')} or newer; this is Node ${nodeVersion}: install Node 24 LTS to run it.)\n`;
}

/** Single-quotes a shell word (the token and URLs are plain, but be safe for copy-paste). */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function renderDemoBanner(facts: DemoBannerFacts): string {
  const header = `Authorization: Bearer ${facts.authToken}`;
  const inspector = [
    `npx -y ${INSPECTOR} --cli`,
    `${facts.serverUrl}/mcp --transport http`,
    `--header ${shellQuote(header)}`,
    `--method tools/call --tool-name get_sleep_summary --tool-arg start_date=${facts.weekStart}`,
  ].join(' \\\n    ');
  const claude = JSON.stringify(
    { mcpServers: { 'oura-demo': { command: 'node', args: [facts.distEntry, '--stdio'], env: facts.stdioEnv } } },
    null,
    2,
  );
  return `
Oura MCP server — demo mode (simulated Oura cloud at ${facts.simulatorUrl}, owner's zone ${facts.timezone})
Oura is connected through the real OAuth flow; every tool answers with simulated data.

  Streamable HTTP:  ${facts.serverUrl}/mcp
  Legacy SSE:       ${facts.serverUrl}/sse
  API key:          ${facts.authToken}
                    (clients send "Authorization: Bearer <API key>")
  Charts preview:   ${facts.serverUrl}/apps/preview#key=${facts.authToken}

Ask for this week's sleep with MCP Inspector:

  ${inspector}
${inspectorNodeNote(facts.nodeVersion)}
List every tool:

  npx -y ${INSPECTOR} --cli ${facts.serverUrl}/sse --transport sse --header ${shellQuote(header)} --method tools/list

Claude Desktop (claude_desktop_config.json; works while this demo runs):

${claude
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}

Try the OAuth pages in a browser (one-time link, 10 minutes):

  ${facts.browserLink}
${
  facts.mcpAuthorization
    ? `
Connector URL for OAuth clients (approve with the API key above, or "Continue with Oura" = the simulated owner):

  ${facts.serverUrl}/mcp

  npx mcp-remote ${facts.serverUrl}/mcp      (no --header: it opens the consent page in your browser)
`
    : ''
}
Ctrl-C stops the demo.
`;
}
