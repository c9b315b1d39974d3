/**
 * Two small in-memory limits on an injected clock (tests move the clock instead of sleeping):
 * a fixed-window counter (registration flood, API-key attempts) and a lockout after repeated failures.
 */

/** Allows `max` events per `windowMs`; counts are global, not per address (a tunnel hides addresses). */
export class WindowCounter {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Records one event; false (and not counted) when the window is full. */
  tryTake(): boolean {
    const now = this.now().getTime();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    if (this.count >= this.max) return false;
    this.count += 1;
    return true;
  }

  /** Seconds until the current window ends. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - this.now().getTime()) / 1000));
  }
}

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
