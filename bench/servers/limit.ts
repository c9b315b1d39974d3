/**
 * The limit: a bare node:http server answering every POST with a canned JSON-RPC result of a given
 * size (the size of our real answer). Nothing a real MCP server does can be faster than this.
 * Usage: limit.ts <bytes>; prints {"url": ...} once listening.
 */
import http from 'node:http';

const size = Number(process.argv[2] ?? 2048);
const filler = 'x'.repeat(Math.max(0, size - 80));
const body = Buffer.from(
  JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: filler }] } }),
);

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object')
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}/mcp`, bytes: body.length })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
