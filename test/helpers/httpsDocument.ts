/**
 * An https server on 127.0.0.1 with a throw-away self-signed certificate (made by openssl), serving
 * JSON documents by path: the client ID metadata documents of OAuth tests. The server under test
 * trusts the certificate through its `ca` seam; nothing else is relaxed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface HttpsDocuments {
  /** `https://127.0.0.1:PORT` */
  origin: string;
  /** PEM of the self-signed certificate. */
  ca: string;
  /** Serves `body` as JSON at `path` from now on. */
  set(path: string, body: unknown): void;
  /** Requests served per path. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startHttpsDocuments(): Promise<HttpsDocuments> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'https-docs-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(keyFile);
  const cert = readFileSync(certFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });

  const documents = new Map<string, string>();
  const counts = new Map<string, number>();
  const server = https.createServer({ key, cert }, (req, res) => {
    const url = req.url ?? '/';
    counts.set(url, (counts.get(url) ?? 0) + 1);
    const body = documents.get(url);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    ca: cert,
    set: (p, body) => documents.set(p, typeof body === 'string' ? body : JSON.stringify(body)),
    hits: (p) => counts.get(p) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
