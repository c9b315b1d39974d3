/**
 * A tiny HTTP proxy for clients that cannot send an Authorization header (the conformance suite): every
 * request is forwarded unchanged to `target` — Host and Origin included, so the server's DNS-rebinding
 * check sees exactly what the client sent — with `Authorization: Bearer <token>` added.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeaderProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

export async function startHeaderProxy(target: string, authorization: string): Promise<HeaderProxy> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, authorization },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
