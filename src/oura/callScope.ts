/**
 * One tool call's view of the data source: every query it makes carries the call's abort signal and
 * upstream-step hook, so a cancelled call stops its Oura paging at once and a long call can report
 * progress per upstream request, without any tool handler passing options by hand.
 */
import { setMaxListeners } from 'node:events';
import { CallCancelledError } from '../errors.js';
import type { OuraDataSource, RequestOptions, UpstreamStep } from './source.js';

/**
 * A call's windows are fetched concurrently (up to UPSTREAM_CONCURRENCY) and each waits on the call's
 * signal in a few places (shared fetch, budget queue, request), so more than Node's default of 10
 * listeners is normal, not a leak: every listener is removed when its wait ends.
 */
export const LISTENERS_PER_CALL = 200;

export interface CallScope {
  /** Aborted when the call is cancelled or its exchange closes. */
  signal: AbortSignal;
  /** Called after each upstream request of the call that answered. */
  onUpstreamStep: (step: UpstreamStep) => void;
}

/** @throws CallCancelledError when `signal` is already aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CallCancelledError();
}

/**
 * `promise`, or a rejection with {@link CallCancelledError} as soon as `signal` aborts (the promise itself
 * runs on; the caller just stops waiting for it).
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CallCancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CallCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function joinedSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const joined = AbortSignal.any([a, b]);
  setMaxListeners(LISTENERS_PER_CALL, joined);
  return joined;
}

/** The scope's signal and hook joined with whatever the caller passed itself. */
function withScope<O extends RequestOptions>(scope: CallScope, options: O | undefined): O {
  const own = options?.onUpstreamStep;
  return {
    ...(options ?? ({} as O)),
    signal: options?.signal ? joinedSignal(scope.signal, options.signal) : scope.signal,
    onUpstreamStep: own
      ? (step: UpstreamStep) => {
          scope.onUpstreamStep(step);
          own(step);
        }
      : scope.onUpstreamStep,
  };
}

/** `source` with every query bound to `scope` (cheap: one small object per call). */
export function scopeSource(source: OuraDataSource, scope: CallScope): OuraDataSource {
  setMaxListeners(LISTENERS_PER_CALL, scope.signal);
  return {
    getPersonalInfo: (options) => source.getPersonalInfo(withScope(scope, options)),
    listRingConfigurations: (options) => source.listRingConfigurations(withScope(scope, options)),
    listByDate: (collection, range, options) => source.listByDate(collection, range, withScope(scope, options)),
    listByDatetime: (collection, range, options) => source.listByDatetime(collection, range, withScope(scope, options)),
    getLatest: (collection, options) => source.getLatest(collection, withScope(scope, options)),
    getDocument: (collection, id, options) => source.getDocument(collection, id, withScope(scope, options)),
  };
}
