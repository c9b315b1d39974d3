/**
 * One upstream fetch shared by every caller that wants its result (single-flight), with cancellation
 * counted per caller: a caller whose call is cancelled stops waiting at once, and the fetch itself is
 * aborted only when every caller has gone. Upstream steps are reported to every caller still waiting.
 */
import { setMaxListeners } from 'node:events';
import { abortable, LISTENERS_PER_CALL } from '../callScope.js';
import type { RequestOptions, UpstreamStep } from '../source.js';

export class SharedFetch<T> {
  readonly promise: Promise<T>;
  private readonly controller = new AbortController();
  private readonly hooks = new Set<(step: UpstreamStep) => void>();
  private waiting = 0;
  private settled = false;

  /** Starts `load` at once with the fetch's own signal and a hook that fans out to the waiting callers. */
  constructor(load: (options: RequestOptions) => Promise<T>) {
    setMaxListeners(LISTENERS_PER_CALL, this.controller.signal);
    this.promise = load({
      signal: this.controller.signal,
      onUpstreamStep: (step) => {
        for (const hook of this.hooks) hook(step);
      },
    });
    const settle = (): void => {
      this.settled = true;
    };
    this.promise.then(settle, settle);
  }

  /** True once every caller gave up and the fetch was aborted: a new caller must start its own. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * The result for one caller. Rejects with `CallCancelledError` as soon as `options.signal` aborts; a
   * caller without a signal waits until the fetch ends.
   */
  join(options: RequestOptions = {}): Promise<T> {
    const { signal, onUpstreamStep: hook } = options;
    if (signal?.aborted) return abortable(this.promise, signal);
    this.waiting++;
    if (hook) this.hooks.add(hook);
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      if (hook) this.hooks.delete(hook);
      this.waiting--;
      if (this.waiting === 0 && !this.settled) this.controller.abort();
    };
    signal?.addEventListener('abort', leave, { once: true });
    const result = abortable(this.promise, signal);
    const done = (): void => {
      signal?.removeEventListener('abort', leave);
      leave();
    };
    result.then(done, done);
    return result;
  }
}
