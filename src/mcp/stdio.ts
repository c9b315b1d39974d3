/**
 * stdio for Claude Desktop and other local clients: the same tools, the protocol on stdout, logs on
 * stderr only (the logger is created with `stderrOnly`).
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ModernEraTransport } from './modernEraTransport.js';
import { SERVER_IDENTITY } from './server.js';

export interface StdioSession {
  /** Resolves when the client goes away (stdin ends) or {@link StdioSession.close} is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

export async function serveStdio(
  server: Server,
  streams: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream } = {
    stdin: process.stdin,
    stdout: process.stdout,
  },
): Promise<StdioSession> {
  const transport = new StdioServerTransport(
    streams.stdin as typeof process.stdin,
    streams.stdout as typeof process.stdout,
  );
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  // connect() keeps this handler and chains the server's own after it.
  transport.onclose = () => resolveClosed();
  // The SDK transport does not notice the end of stdin: the client closing the pipe ends the session.
  const onEnd = (): void => {
    server
      .close()
      .catch(() => undefined)
      .finally(resolveClosed);
  };
  streams.stdin.once('end', onEnd);
  streams.stdin.once('close', onEnd);
  // One connection may speak 2026-07-28 (no handshake) or a 2025 revision (initialize first).
  await server.connect(new ModernEraTransport(transport, SERVER_IDENTITY));
  return {
    closed,
    close: async () => {
      await server.close();
      resolveClosed();
    },
  };
}
