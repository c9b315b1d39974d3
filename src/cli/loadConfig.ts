/** Loading the configuration for a command, and the message when it cannot be loaded. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { ConfigFileError, userConfigFile } from '../configSources.js';
import { packagePath } from '../packageRoot.js';

/** A clone has `src/`; the published package does not (so `npm run demo` exists only in a clone). */
function runsFromClone(): boolean {
  return existsSync(packagePath('src', 'cli'));
}

/** What to do next, for someone who may have installed the package globally or run it with npx. */
export function configNextSteps(env: NodeJS.ProcessEnv = process.env): string {
  const demo = runsFromClone()
    ? '`npm run demo` (or `oura-mcp-server demo`)'
    : '`oura-mcp-server demo` (or `npx oura-mcp-server demo`)';
  return [
    `Run \`oura-mcp-server setup\` to write a configuration to ${userConfigFile(env)},`,
    'or fix the values in .env / the file given with --env-file (every variable: README.md, "Configuration").',
    `To try the server against a simulated Oura cloud without an account: ${demo}.`,
  ].join('\n');
}

/** The message for a configuration that cannot be used, or null for any other error. */
export function describeConfigFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string | null {
  if (error instanceof ConfigError) return `${error.message}\n\n${configNextSteps(env)}\n`;
  if (error instanceof ConfigFileError) return `${error.message}\n`;
  return null;
}

/** Loads the configuration, or writes what is wrong and what to do to stderr and exits 1. */
export function loadConfigOrExit(envFile: string | undefined): Config {
  try {
    return loadConfig({ envFile });
  } catch (error) {
    const message = describeConfigFailure(error);
    if (message === null) throw error;
    process.stderr.write(message);
    process.exit(1);
  }
}
