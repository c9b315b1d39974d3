/**
 * The command line, parsed without loading anything else: `--help` and `--version` must answer even
 * when the configuration is missing or broken, and the server's start-up pays only for this file.
 */
import { parseArgs } from 'node:util';

export const COMMANDS = ['start', 'setup', 'doctor', 'status', 'demo', 'help', 'version'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CommandLine {
  command: CommandName;
  /** `--stdio`: speak MCP on stdin/stdout (Claude Desktop, Claude Code). */
  stdio: boolean;
  /** `--env-file <path>`: the config file to read instead of `.env` and the per-user file. */
  envFile: string | undefined;
  /** Options of `setup` (strings as typed; setup validates them). */
  options: Readonly<Record<string, string | boolean | undefined>>;
}

/** A command line we cannot run: the message says what was wrong and points at `--help`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\nRun \`oura-mcp-server --help\` for the commands and options.`);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  stdio: { type: 'boolean' },
  'env-file': { type: 'string' },
  // setup
  'non-interactive': { type: 'boolean' },
  force: { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'public-url': { type: 'string' },
  port: { type: 'string' },
  timezone: { type: 'string' },
  config: { type: 'string' },
  // doctor
  offline: { type: 'boolean' },
} as const;

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
  const word = positionals[0];
  if (word !== undefined && !isCommand(word))
    throw new UsageError(`Unknown command "${word}". Commands: ${COMMANDS.join(', ')}.`);
  const command: CommandName = values.help ? 'help' : values.version ? 'version' : (word ?? 'start');
  if (values.stdio && command !== 'start') throw new UsageError('--stdio goes with `start` (or no command).');
  return { command, stdio: values.stdio ?? false, envFile: values['env-file'], options: values };
}
