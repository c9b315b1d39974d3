/**
 * `oura-mcp-server setup`: asks for (or takes as flags) the Oura app's client id and secret and the
 * public URL, generates AUTH_TOKEN and TOKEN_ENCRYPTION_KEY (kept when the file exists, so a re-run
 * leaves the tokens file readable and clients connected), writes the config file with mode 0600 and
 * prints what to paste where. Console output is this command's interface.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { userConfigFile } from '../configSources.js';
import { writeFileAtomic } from '../lib/atomicFile.js';
import { packagePath } from '../packageRoot.js';
import { Answers, SetupInputEnded } from './answers.js';
import type { CommandLine } from './args.js';
import {
  checkClientId,
  checkClientSecret,
  checkPort,
  checkPublicUrl,
  checkTimeZone,
  type Checked,
} from './setupValues.js';
import { claudeDesktopSnippet, renderConfigFile, renderNextSteps, type SetupResult } from './setupOutput.js';

interface Question {
  flag: string;
  prompt: string;
  check: (raw: string) => Checked;
  /** Used when the answer (or, non-interactively, the flag) is empty. */
  fallback?: string;
}

/** A value the previous config file holds and that is still valid, so a re-run keeps it. */
function previous(values: Record<string, string>, name: string, valid: (value: string) => boolean): string | undefined {
  const value = values[name];
  return value !== undefined && valid(value) ? value : undefined;
}

function readExisting(file: string): Record<string, string> {
  return existsSync(file) ? dotenv.parse(readFileSync(file, 'utf8')) : {};
}

async function ask(rl: Answers, question: Question): Promise<string> {
  for (;;) {
    const suffix = question.fallback ? ` [${question.fallback}]` : '';
    const answer = (await rl.question(`${question.prompt}${suffix}: `)).trim() || question.fallback || '';
    const checked = question.check(answer);
    if (checked.ok) return checked.value;
    process.stdout.write(`  ${checked.reason}\n`);
  }
}

/** The non-interactive form: every problem at once, each with its reason. */
function fromFlags(questions: readonly Question[], flags: CommandLine['options']): Map<string, string> | string[] {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const question of questions) {
    const raw = flags[question.flag];
    const given = typeof raw === 'string' && raw.trim() !== '' ? raw : question.fallback;
    if (given === undefined) {
      problems.push(`--${question.flag} is required (${question.prompt})`);
      continue;
    }
    const checked = question.check(given);
    if (checked.ok) values.set(question.flag, checked.value);
    else problems.push(`--${question.flag}: ${checked.reason}`);
  }
  return problems.length > 0 ? problems : values;
}

export async function runSetup(line: CommandLine): Promise<number> {
  const flags = line.options;
  const configFile = path.resolve(typeof flags.config === 'string' ? flags.config : userConfigFile());
  const interactive = flags['non-interactive'] !== true;
  const existing = readExisting(configFile);
  const exists = existsSync(configFile);

  const questions: Question[] = [
    {
      flag: 'client-id',
      prompt: 'Oura Client ID (https://cloud.ouraring.com/oauth/applications)',
      check: checkClientId,
      fallback: previous(existing, 'OURA_CLIENT_ID', (v) => checkClientId(v).ok),
    },
    {
      flag: 'client-secret',
      prompt: 'Oura Client Secret',
      check: checkClientSecret,
      fallback: previous(existing, 'OURA_CLIENT_SECRET', (v) => checkClientSecret(v).ok),
    },
    {
      flag: 'public-url',
      prompt: 'Public URL of this server (e.g. https://your-name.ngrok.dev)',
      check: checkPublicUrl,
      fallback: previous(existing, 'PUBLIC_URL', (v) => checkPublicUrl(v).ok),
    },
    { flag: 'port', prompt: 'Local port', check: checkPort, fallback: existing.PORT ?? '3001' },
    {
      flag: 'timezone',
      prompt: 'Your time zone',
      check: checkTimeZone,
      fallback: existing.OURA_TIMEZONE ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
    },
  ];

  let answers: Map<string, string>;
  if (interactive) {
    const rl = new Answers();
    try {
      if (exists && flags.force !== true) {
        const reply = await rl.question(
          `${configFile} exists. Update it (keeps the API key and encryption key)? [y/N] `,
        );
        if (!/^y(es)?$/i.test(reply.trim())) {
          process.stdout.write('Nothing changed.\n');
          return 1;
        }
      }
      answers = new Map();
      for (const question of questions) {
        const flag = flags[question.flag];
        const checked = typeof flag === 'string' ? question.check(flag) : null;
        answers.set(question.flag, checked?.ok ? checked.value : await ask(rl, question));
      }
    } catch (error) {
      if (!(error instanceof SetupInputEnded)) throw error;
      process.stderr.write(`\n${error.message}\n`);
      return 1;
    } finally {
      rl.close();
    }
  } else {
    if (exists && flags.force !== true) {
      process.stderr.write(
        `${configFile} exists: add --force to update it (the API key and encryption key are kept).\n`,
      );
      return 1;
    }
    const result = fromFlags(questions, flags);
    if (Array.isArray(result)) {
      process.stderr.write(`setup cannot write a configuration:\n${result.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    answers = result;
  }

  const result: SetupResult = {
    configFile,
    authToken: previous(existing, 'AUTH_TOKEN', (v) => v.length >= 32) ?? randomBytes(32).toString('hex'),
    encryptionKey:
      previous(existing, 'TOKEN_ENCRYPTION_KEY', (v) => /^[0-9a-fA-F]{64}$/.test(v)) ?? randomBytes(32).toString('hex'),
    clientId: answers.get('client-id')!,
    clientSecret: answers.get('client-secret')!,
    publicUrl: answers.get('public-url')!,
    port: answers.get('port')!,
    timezone: answers.get('timezone')!,
  };
  await writeFileAtomic(configFile, renderConfigFile(result, new Date()), { mode: 0o600, dirMode: 0o700 });
  process.stdout.write(renderNextSteps(result, claudeDesktopSnippet(process.execPath, builtEntry(), configFile)));
  return 0;
}

/** The built entry point, `dist/index.js`, in a clone and in the installed package alike. */
function builtEntry(): string {
  return packagePath('dist', 'index.js');
}
