/**
 * A network model for the benchmark: every data request waits a latency drawn uniformly from
 * `meanMs ± jitterMs` before it is answered, as a real Oura round trip does (off by default: tests want
 * instant answers). The draw is seeded, so two bench runs wait the same sequence of latencies.
 */
import type { NextFunction, Request, Response } from 'express';
import { createRandom } from './random.js';

export interface LatencyModel {
  /** Average latency of one request, ms (the bench uses 250). */
  meanMs: number;
  /** Half-width of the uniform jitter around the mean, ms (the bench uses 50). */
  jitterMs: number;
}

/** Express middleware that delays each request by one draw of the current model (none: no delay). */
export function latencyMiddleware(
  model: () => LatencyModel | null,
  seed: number,
): (req: Request, res: Response, next: NextFunction) => void {
  const random = createRandom(seed, 'latency');
  return (_req, _res, next) => {
    const current = model();
    if (!current) return next();
    const ms = Math.max(0, current.meanMs + (random.next() * 2 - 1) * current.jitterMs);
    setTimeout(next, ms);
  };
}
