#!/usr/bin/env node
/**
 * The `oura-mcp-server` command. Parses the command line, then loads only the module the command needs
 * (dynamic `import()`): `--help` and `--version` work without configuration, and `start` does not pay
 * for setup or doctor.
 */
import process from 'node:process';
import { parseCommandLine, UsageError, type CommandLine } from './cli/args.js';

async function run(line: CommandLine): Promise<number> {
  switch (line.command) {
    case 'help': {
      const [{ helpText }, { VERSION }] = await Promise.all([import('./cli/help.js'), import('./version.js')]);
      process.stdout.write(helpText(VERSION));
      return 0;
    }
    case 'version': {
      const { VERSION } = await import('./version.js');
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    case 'setup':
      return (await import('./cli/setup.js')).runSetup(line);
    case 'doctor':
      return (await import('./cli/doctor.js')).runDoctor(line);
    case 'status':
      return (await import('./cli/status.js')).runStatus(line);
    case 'demo':
      await import('./demo/main.js');
      return -1;
    case 'start': {
      // The configuration first: a mistake is reported before the server's modules load.
      const config = (await import('./cli/loadConfig.js')).loadConfigOrExit(line.envFile);
      await (await import('./cli/start.js')).start(config, { stdio: line.stdio });
      return -1;
    }
  }
}

/** -1: the command keeps running (a server); otherwise the exit code. */
function main(): void {
  let line: CommandLine;
  try {
    line = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  run(line).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `oura-mcp-server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

main();
