/** The text of `oura-mcp-server --help`. Needs no configuration. */
import { userConfigFile } from '../configSources.js';

export function helpText(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return `oura-mcp-server ${version}: lets your AI assistant (Poke, Claude, ChatGPT, any MCP client) read your Oura Ring data.

Usage:
  oura-mcp-server [start]            serve MCP over HTTP (/mcp, /sse) and the Oura sign-in pages
  oura-mcp-server --stdio            serve MCP on stdin/stdout (Claude Desktop, Claude Code)
  oura-mcp-server setup              write a configuration, step by step, and print what to paste where
  oura-mcp-server doctor             check the configuration, tokens, Oura, clock, port and public URL
  oura-mcp-server status             connection, scopes, expiry, cache and authorized MCP clients
  oura-mcp-server demo               try everything against a simulated Oura cloud (no account needed)
  oura-mcp-server --version | --help

Options:
  --env-file <path>   read this config file instead of ./.env and the per-user file
  --stdio             with start: MCP on stdin/stdout; HTTP also starts when the port is free

setup options (all of them together make it non-interactive):
  --non-interactive   never ask; fail with the reason when a value is missing or invalid
  --client-id <id>    Client ID of your app at https://cloud.ouraring.com/oauth/applications
  --client-secret <s> its Client Secret
  --public-url <url>  https origin the server is reached at, e.g. https://your-name.ngrok.dev
                      (http only for localhost / 127.0.0.1)
  --port <n>          local HTTP port (default 3001)
  --timezone <zone>   IANA zone deciding "today" (default: this machine's)
  --config <path>     where to write (default ${userConfigFile(env)})
  --force             replace an existing config file (AUTH_TOKEN and TOKEN_ENCRYPTION_KEY are kept)

doctor options:
  --offline           skip the checks that need the network (Oura, the public URL)

Configuration is read from the environment, then ./.env (or --env-file), then
${userConfigFile(env)}; relative paths in a file are relative to that file.
Every variable: README.md, "Configuration".
`;
}
