/** Answers to `setup`'s questions, read from stdin (a terminal or a pipe). */
import { createInterface } from 'node:readline';

/**
 * Answers line by line from stdin. Lines are queued as they arrive: piped input (`printf … | setup`)
 * delivers every line at once, and readline's `question()` would drop those read before it asks.
 */
export class Answers {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private readonly rl = createInterface({ input: process.stdin });

  constructor() {
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
    });
  }

  private push(line: string): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(line);
    } else this.lines.push(line);
  }

  /** Prints `prompt` and resolves with the next line. @throws when the input ends first. */
  async question(prompt: string): Promise<string> {
    process.stdout.write(prompt);
    const queued = this.lines.shift();
    if (queued !== undefined) return queued;
    if (this.ended) throw new SetupInputEnded();
    const line = await new Promise<string | null>((resolve) => (this.waiting = resolve));
    if (line === null) throw new SetupInputEnded();
    return line;
  }

  close(): void {
    this.rl.close();
  }
}

/** stdin closed before every question had its answer. */
export class SetupInputEnded extends Error {
  constructor() {
    super('The input ended before every answer was given; nothing was written.');
  }
}
