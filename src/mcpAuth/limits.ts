/**
 * A lockout after repeated failures (API-key attempts on the consent page), on an injected clock so
 * tests move the clock instead of sleeping. Request counting uses `src/http/clientLimiter.ts`.
 */

/** After `maxFailures` failures within `windowMs`, refuses every attempt for `lockMs`. */
export class FailureLockout {
  private failures: number[] = [];
  private lockedUntil = 0;

  constructor(private readonly options: { maxFailures: number; windowMs: number; lockMs: number; now: () => Date }) {}

  /** Seconds left in the lock, or 0 when attempts are allowed. */
  lockedForSeconds(): number {
    const left = this.lockedUntil - this.options.now().getTime();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  recordFailure(): void {
    const now = this.options.now().getTime();
    this.failures = this.failures.filter((at) => now - at < this.options.windowMs);
    this.failures.push(now);
    if (this.failures.length >= this.options.maxFailures) {
      this.lockedUntil = now + this.options.lockMs;
      this.failures = [];
    }
  }

  recordSuccess(): void {
    this.failures = [];
  }
}
