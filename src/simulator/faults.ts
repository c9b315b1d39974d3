/**
 * Injected failures per route, and the request counters. A fault with `times` is used up after that
 * many requests; without it, it stays until cleared. `*` applies to every data route (never to OAuth
 * routes), and a route's own fault wins over `*`.
 */
import type { Response } from 'express';
import type { SimulatorFault } from './types.js';

interface ActiveFault {
  fault: SimulatorFault;
  remaining: number | null;
  /** Requests still let through before the fault applies (`after`). */
  skip: number;
}

export class FaultRegistry {
  private readonly faults = new Map<string, ActiveFault>();

  set(route: string, fault: SimulatorFault | null): void {
    if (fault === null) this.faults.delete(route);
    else
      this.faults.set(route, {
        fault,
        remaining: fault.times ?? null,
        skip: 'after' in fault ? (fault.after ?? 0) : 0,
      });
  }

  clear(): void {
    this.faults.clear();
  }

  /** The fault that applies to this request (consuming one use), or null. */
  take(route: string, isDataRoute: boolean): SimulatorFault | null {
    const key = this.faults.has(route) ? route : isDataRoute && this.faults.has('*') ? '*' : null;
    if (key === null) return null;
    const active = this.faults.get(key)!;
    if (active.skip > 0) {
      active.skip -= 1;
      return null;
    }
    if (active.remaining !== null) {
      active.remaining -= 1;
      if (active.remaining <= 0) this.faults.delete(key);
    }
    return active.fault;
  }
}

/**
 * One list request the data routes answered, for the bench's upstream-economy bound: what was asked, and
 * whether it was a follow-up page of an earlier request.
 */
export interface LoggedListRequest {
  collection: string;
  /** The resolved window: dates for date routes, epoch ms for datetime routes; null for a `latest` read or a route without one. */
  window: [string | number, string | number] | null;
  /** The `fields` asked, as sent (null: all). */
  fields: string | null;
  latest: boolean;
  /** False for the first page of a listing, true for each page after it (a `next_token` follow-up). */
  followUp: boolean;
}

/** The log keeps the newest entries only: a long run (the soak) must not grow the simulator without bound. */
const MAX_LOGGED_REQUESTS = 10_000;

/** Requests received per route key, and a log of the list requests. */
export class RequestCounters {
  private counts: Record<string, number> = {};
  private log: LoggedListRequest[] = [];

  increment(route: string): void {
    this.counts[route] = (this.counts[route] ?? 0) + 1;
  }

  record(request: LoggedListRequest): void {
    this.log.push(request);
    if (this.log.length > MAX_LOGGED_REQUESTS) this.log.splice(0, this.log.length - MAX_LOGGED_REQUESTS);
  }

  snapshot(): Record<string, number> {
    return { ...this.counts };
  }

  requests(): LoggedListRequest[] {
    return [...this.log];
  }

  reset(): void {
    this.counts = {};
    this.log = [];
  }
}

const DEFAULT_BODIES: Record<number, unknown> = {
  400: { detail: 'Bad request' },
  401: { detail: 'Unauthorized' },
  403: { detail: 'Forbidden' },
  404: { detail: 'Not found' },
  426: { detail: 'Client update required' },
  429: { detail: 'Too Many Requests' },
  500: { detail: 'Internal Server Error' },
  502: { detail: 'Bad Gateway' },
  503: { detail: 'Service Unavailable' },
};

/**
 * Applies the response-shaping part of a fault. Resolves to true when the request was answered (or
 * deliberately left hanging) and the route must not continue; `delay` waits then lets it continue;
 * `drop-fields` is left to the route, which knows its rows.
 */
export async function applyFault(fault: SimulatorFault | null, res: Response): Promise<boolean> {
  if (fault === null) return false;
  switch (fault.kind) {
    case 'status': {
      if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      if (fault.status === 429) {
        res.setHeader('X-RateLimit-Limit', '5000');
        res.setHeader('X-RateLimit-Remaining', '0');
      }
      res
        .status(fault.status)
        .json(fault.body ?? DEFAULT_BODIES[fault.status] ?? { detail: `Simulated error ${fault.status}` });
      return true;
    }
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return res.headersSent || res.destroyed;
    case 'hang':
      // Never answer: the client must time out. close() destroys the socket.
      return true;
    case 'malformed':
      res.status(200).type('application/json').send('{"data": [{"id": "6f1c');
      return true;
    case 'drop-fields':
      return false;
  }
}
