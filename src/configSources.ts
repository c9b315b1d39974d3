/**
 * Where configuration comes from, so the server runs the same whatever its working directory (Claude
 * Desktop starts servers in `/`; Claude Code ignores `cwd`). In order, the first value wins:
 * 1. the process environment;
 * 2. `--env-file <path>` when given, otherwise `.env` in the working directory;
 * 3. the per-user file `$XDG_CONFIG_HOME/oura-mcp-server/config.env` (`~/.config/...` without XDG), which
 *    `oura-mcp-server setup` writes.
 * A relative path in a file (TOKENS_FILE) means "next to that file", and the default `./tokens.json` sits
 * next to the config file that was read, so two processes started in different folders share one tokens file.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';

/** Variables holding a file path, resolved against the folder of the file that set them. */
const PATH_VARIABLES = ['TOKENS_FILE'] as const;

export interface ConfigSourceOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A file chosen with `--env-file` (must exist and be readable), `false` to read no file at all. */
  envFile?: string | false;
}

export interface ConfigSources {
  /** Every variable, the environment's values over the files' values. */
  values: Record<string, string | undefined>;
  /** Files read, highest precedence first. */
  files: readonly string[];
  /** The folder relative defaults resolve against: the first file's folder, else the working directory. */
  baseDir: string;
}

/** A config file that exists but cannot be read: names the file and the problem. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`Cannot read the configuration file ${file}: ${problem}`);
    this.name = 'ConfigFileError';
  }
}

/** `$XDG_CONFIG_HOME/oura-mcp-server/config.env`, or `~/.config/oura-mcp-server/config.env`. */
export function userConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.config');
  return path.join(base, 'oura-mcp-server', 'config.env');
}

/** Parses one dotenv file; `null` when it does not exist and `required` is false. */
function readDotenv(file: string, required: boolean): Record<string, string> | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return null;
    const problem =
      code === 'ENOENT'
        ? 'it does not exist (check the path, or run `oura-mcp-server setup` to create it)'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied (the user running the server must be able to read it: chmod 600 and chown to that user)'
          : code === 'EISDIR'
            ? 'it is a folder, not a file'
            : String((error as Error).message);
    throw new ConfigFileError(file, problem);
  }
  const parsed = dotenv.parse(text);
  const dir = path.dirname(file);
  for (const name of PATH_VARIABLES) {
    const value = parsed[name]?.trim();
    if (value) parsed[name] = path.resolve(dir, value);
  }
  return parsed;
}

/**
 * Reads the environment and the config files (see the module comment for the order).
 * @throws ConfigFileError when a file exists but cannot be read, or `envFile` does not exist.
 */
export function readConfigSources(options: ConfigSourceOptions = {}): ConfigSources {
  const cwd = options.cwd ?? process.cwd();
  const processEnv = options.env ?? process.env;
  const values: Record<string, string | undefined> = { ...processEnv };
  const files: string[] = [];
  if (options.envFile !== false) {
    const candidates: Array<{ file: string; required: boolean }> = options.envFile
      ? [{ file: path.resolve(cwd, options.envFile), required: true }]
      : [
          { file: path.join(cwd, '.env'), required: false },
          { file: userConfigFile(processEnv), required: false },
        ];
    for (const { file, required } of candidates) {
      const parsed = readDotenv(file, required);
      if (!parsed) continue;
      files.push(file);
      for (const [key, value] of Object.entries(parsed)) {
        if (values[key] === undefined) values[key] = value;
      }
    }
  }
  return { values, files, baseDir: files[0] ? path.dirname(files[0]) : cwd };
}
