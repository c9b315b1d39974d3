/**
 * The container files. Docker is not available on this machine or in CI, so the image is never built
 * here: the Dockerfile is linted with dockerfile-utils (the validator of the VS Code Docker tooling),
 * its shape is checked (multi-stage, Node LTS slim, non-root, volume), its HEALTHCHECK command runs for
 * real against a running server, and the compose file is parsed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { spawnEnv } from '../helpers/spawn.js';
import { spawnServer } from '../resilience/helpers/secondServer.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const run = promisify(execFile);

/** Instructions with their arguments, continuation lines joined, comments dropped. */
function instructions(text: string): Array<[string, string]> {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.trim().split(/\s+/);
      return [keyword.toUpperCase(), rest.join(' ')];
    });
}

describe('Dockerfile', () => {
  const steps = instructions(dockerfile);
  const of = (keyword: string) => steps.filter(([k]) => k === keyword).map(([, args]) => args);

  it('lints clean, and the linter does find problems', () => {
    expect(validate(dockerfile)).toEqual([]);
    const broken = dockerfile
      .replace('HEALTHCHECK --interval', 'HEALTHCHECK --intervall')
      .replace('USER node', 'USR node');
    expect(
      validate(broken)
        .map((diagnostic) => diagnostic.message)
        .sort(),
    ).toEqual(['Unknown flag: intervall', 'Unknown instruction: USR']);
  });

  it('builds in one stage and runs the Node LTS slim image as the non-root node user with a data volume', () => {
    expect(of('FROM')).toEqual(['node:24-slim AS build', 'node:24-slim']);
    const runtime = steps.slice(steps.findIndex(([k, a]) => k === 'FROM' && a === 'node:24-slim'));
    const index = (keyword: string) => runtime.findIndex(([k]) => k === keyword);
    expect(runtime.find(([k]) => k === 'USER')?.[1]).toBe('node');
    expect(index('USER')).toBeLessThan(index('ENTRYPOINT'));
    expect(of('VOLUME')).toEqual(['["/data"]']);
    expect(of('ENTRYPOINT')).toEqual(['["node", "dist/index.js"]']);
    // The runtime stage gets the bundle and the package's own files, never node_modules (dist/ needs none).
    const copies = runtime.filter(([k]) => k === 'COPY').map(([, args]) => args);
    expect(copies).toEqual(['--from=build /app/dist ./dist', 'package.json README.md LICENSE .env.example ./']);
    // The build stage has every input of `npm run build`: the server, the views and the build scripts.
    for (const input of ['src ./src', 'views ./views', 'scripts ./scripts']) expect(of('COPY')).toContain(input);
    const env = of('ENV').join(' ');
    // MALLOC_TRIM_THRESHOLD_: glibc returns freed memory (the bench's memory part measures it).
    for (const setting of [
      'HOST=0.0.0.0',
      'XDG_CONFIG_HOME=/data',
      'TOKENS_FILE=/data/tokens.json',
      'MALLOC_TRIM_THRESHOLD_=131072',
    ])
      expect(env).toContain(setting);
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = of('HEALTHCHECK')[0] ?? '';
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
    beforeAll(async () => {
      server = await spawnServer(spawnEnv().env);
    });
    afterAll(() => void server?.child.kill('SIGTERM'));

    it('its command exits 0 against a running server and 1 when nothing answers', async () => {
      expect(command.slice(0, 2)).toEqual(['node', '-e']);
      const port = new URL(server!.url).port;
      const [, ...args] = command;
      await expect(run(process.execPath, args, { env: { PORT: port } })).resolves.toBeDefined();
      await expect(run(process.execPath, args, { env: { PORT: '9' } })).rejects.toMatchObject({ code: 1 });
    });
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(path.join(REPO_ROOT, 'compose.yaml'), 'utf8')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };

  it('runs the server on loopback with the data volume, and ngrok only in its profile after the health check', () => {
    const server = compose.services['oura-mcp']!;
    expect(server.ports).toEqual(['127.0.0.1:3001:3001']);
    expect(server.volumes).toEqual(['oura-data:/data']);
    expect(Object.keys(compose.volumes)).toEqual(['oura-data']);
    const ngrok = compose.services.ngrok!;
    expect(ngrok.profiles).toEqual(['ngrok']);
    expect(ngrok.command).toEqual(['http', 'oura-mcp:3001', '--url=${NGROK_URL:?set NGROK_URL to your ngrok domain}']);
    expect(ngrok.depends_on).toEqual({ 'oura-mcp': { condition: 'service_healthy' } });
  });
});
