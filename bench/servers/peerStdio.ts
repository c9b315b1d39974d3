/**
 * The peer over stdio: the SDK's minimal McpServer with one trivial tool on StdioServerTransport, the
 * reference for our `--stdio` start-up (an MCP client such as Claude Desktop starts the process).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'peer', version: '1.0.0' });
server.registerTool(
  'echo',
  { description: 'Echoes a message', inputSchema: { message: z.string() } },
  ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }),
);
await server.connect(new StdioServerTransport());
