/**
 * Vitest `setupFiles` of the nock tests (the `nock` project in vitest.config.ts): no real network,
 * every interceptor used, none left for the next test.
 *
 * nock 15.0.2 depends on @mswjs/interceptors 0.44, which calls `Promise.withResolvers` (Node 22+); on
 * Node 20 every intercepted request would fail with a TypeError that looks like a network error. This
 * polyfill is test-only.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const PromiseWithResolvers = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof PromiseWithResolvers.withResolvers !== 'function') {
  PromiseWithResolvers.withResolvers = <T>(): Resolvers<T> => {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());
