/**
 * `oura-mcp-server doctor`: one line per check, what to do under each failing one, exit 1 when any
 * check failed. Console output is this command's interface; secrets never reach it.
 */
import { loadConfig } from '../config.js';
import { readConfigSources } from '../configSources.js';
import { createLogger } from '../logger.js';
import type { CommandLine } from './args.js';
import {
  checkClockSkew,
  checkConfigFilePermissions,
  checkOuraToken,
  checkPort,
  checkPublicUrl,
  checkTokensFile,
  type CheckResult,
} from './doctorChecks.js';
import { describeConfigFailure } from './loadConfig.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const;

export function renderCheck(check: CheckResult): string {
  const line = `[${MARK[check.status]}] ${check.name}: ${check.detail}`;
  return check.fix && check.status !== 'ok' ? `${line}\n       → ${check.fix}` : line;
}

export async function collectChecks(line: CommandLine, now: () => Date = () => new Date()): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  let config;
  let files: readonly string[];
  try {
    files = readConfigSources({ envFile: line.envFile }).files;
    config = loadConfig({ envFile: line.envFile });
  } catch (error) {
    const message = describeConfigFailure(error);
    if (message === null) throw error;
    return [{ name: 'configuration', status: 'fail', detail: message.trim().replace(/\n/g, '\n       ') }];
  }
  checks.push({ name: 'configuration', status: 'ok', detail: 'valid' }, checkConfigFilePermissions(files));
  // Quiet: doctor's own lines say what matters; the secrets are redacted if anything logs anyway.
  const logger = createLogger({
    level: 'error',
    format: 'pretty',
    stderrOnly: true,
    secrets: [config.authToken, config.ouraClientSecret, config.tokenEncryptionKey.toString('hex')],
  });
  const { result, tokens } = await checkTokensFile(config, logger, now());
  checks.push(result);
  const offline = line.options.offline === true;
  const skipped = (name: string): CheckResult => ({ name, status: 'skip', detail: '--offline' });
  if (offline) checks.push(skipped('Oura API'), skipped('clock'));
  else {
    checks.push(
      tokens
        ? await checkOuraToken(config, tokens.accessToken)
        : { name: 'Oura API', status: 'skip', detail: 'no tokens yet' },
      await checkClockSkew(config, now),
    );
  }
  checks.push(await checkPort(config));
  checks.push(offline ? skipped('public URL') : await checkPublicUrl(config));
  return checks;
}

export async function runDoctor(line: CommandLine): Promise<number> {
  const checks = await collectChecks(line);
  process.stdout.write(`${checks.map(renderCheck).join('\n')}\n`);
  const failed = checks.filter((check) => check.status === 'fail').length;
  process.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
  return failed === 0 ? 0 : 1;
}
