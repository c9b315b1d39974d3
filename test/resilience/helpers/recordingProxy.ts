/**
 * A tiny HTTP proxy that records what passes through it (request bodies and response bodies), for
 * tests that need the secrets exchanged with the simulated Oura token endpoint (codes, PKCE verifiers,
 * access and refresh tokens). Start it first, point the app at it, then set its target.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  /** Where requests go, e.g. the simulator's URL; set before the first request. */
  setTarget(url: string): void;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  let target: string | null = null;
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const requestBody = Buffer.concat(chunks).toString('utf8');
        if (target === null) {
          res.writeHead(502).end('proxy target not set');
          return;
        }
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(req.headers)) {
          if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(key))
            headers[key] = value;
        }
        try {
          const upstream = await fetch(`${target}${req.url ?? '/'}`, {
            method: req.method,
            headers,
            body: req.method === 'GET' || req.method === 'HEAD' ? undefined : requestBody,
            redirect: 'manual',
          });
          const responseBody = await upstream.text();
          exchanges.push({
            method: req.method ?? 'GET',
            path: req.url ?? '/',
            requestBody,
            status: upstream.status,
            responseBody,
          });
          const contentType = upstream.headers.get('content-type');
          res.writeHead(upstream.status, contentType ? { 'content-type': contentType } : {}).end(responseBody);
        } catch (error) {
          res.writeHead(502).end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget: (url) => {
      target = url.replace(/\/+$/, '');
    },
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
