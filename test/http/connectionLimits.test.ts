import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { applyServerLimits } from '../../src/http/connectionLimits.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function start(options: Parameters<typeof applyServerLimits>[1]) {
  const server = http.createServer((_req, res) => res.end('ok'));
  const counts = applyServerLimits(server, options);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, counts };
}

/** Opens a socket and resolves once it is connected; `closed` resolves when the server ends it. */
function openSocket(port: number): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', () => undefined);
    setTimeout(() => reject(new Error('connect timeout')), 5000).unref();
  });
}

describe('applyServerLimits', () => {
  it('closes connections over the per-client cap at once, and lets new ones in when old ones close', async () => {
    const { port, counts } = await start({ maxConnectionsPerClient: 3, exempt: () => false });
    const held = await Promise.all([1, 2, 3].map(() => openSocket(port)));
    const extra = await openSocket(port);
    await extra.closed; // destroyed by the server: this would hang without the cap
    expect(counts()).toEqual({ open: 3, refused: 1 });
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await openSocket(port);
    const answer = await new Promise<string>((resolve) => {
      again.socket.once('data', (chunk) => resolve(chunk.toString()));
      again.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    for (const { socket } of [...held, again]) socket.destroy();
  });

  it('caps connections overall, loopback included', async () => {
    const { port, counts } = await start({ maxConnections: 2 });
    const held = await Promise.all([1, 2].map(() => openSocket(port)));
    const extra = await openSocket(port);
    await extra.closed;
    expect(counts().refused).toBe(1);
    for (const { socket } of held) socket.destroy();
  });

  it('ends a request whose body never finishes after requestTimeout', async () => {
    const { port } = await start({ requestTimeoutMs: 1500, headersTimeoutMs: 1000 });
    const { socket, closed } = await openSocket(port);
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nx');
    const started = Date.now();
    const trickle = setInterval(() => socket.write('x'), 200);
    await closed;
    clearInterval(trickle);
    // Node answers 408 and closes; generous margin for a busy machine (the default would be 300 s).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(response).toContain('HTTP/1.1 408 Request Timeout');
  });
});
