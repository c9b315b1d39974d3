import { spawn } from 'node:child_process';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { NODE_ARGS, REPO_ROOT, spawnEnv } from '../../helpers/spawn.js';

describe('graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s with an open SSE stream: the stream ends and the process exits 0 within 5 s',
    async (signal) => {
      const { env, authToken } = spawnEnv();
      const child = spawn(process.execPath, NODE_ARGS, { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
        child.on('exit', (code) => resolve({ code, at: Date.now() })),
      );
      try {
        let output = '';
        const url = await new Promise<string>((resolve, reject) => {
          const onData = (chunk: Buffer) => {
            output += chunk.toString('utf8');
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
            if (match) resolve(match[1]!);
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          void exited.then(() => reject(new Error(`server exited before listening:\n${output}`)));
        });

        const streamEnded = new Promise<string>((resolve, reject) => {
          const req = http.get(`${url}/sse`, { headers: { authorization: `Bearer ${authToken}` } }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
              if (text.includes('event: endpoint') && !child.killed) child.kill(signal);
            });
            res.on('end', () => resolve(text));
            res.on('error', reject);
          });
          req.on('error', reject);
        });

        const text = await streamEnded;
        const killedAt = Date.now();
        expect(text).toContain('event: endpoint');
        const { code, at } = await exited;
        expect(code).toBe(0);
        expect(at - killedAt).toBeLessThan(5000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});
