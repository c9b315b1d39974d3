/**
 * The simulator's public contract: options, the running handle, test controls and the dataset shape.
 * Other modules (client tests, benchmarks, demo mode) code against these types.
 */
import type { LatencyModel } from './latency.js';
import type { LoggedListRequest } from './faults.js';
import type {
  DateCollection,
  DateCollections,
  DatetimeCollection,
  DatetimeCollections,
  IsoDate,
  PersonalInfo,
  RingConfiguration,
} from '../oura/types.js';

/** Which token URL does the real work: Oura's classic one, or the newer developer portal's. */
export type TokenEndpointMode = 'classic' | 'new-portal';

/** A registered OAuth client of the simulated cloud. */
export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page ("<name> wants to read your Oura data"); default the client id. */
  name?: string;
  /** When given, `redirect_uri` must equal one of these byte for byte (as on Oura); otherwise any http(s) URL. */
  redirectUris?: string[];
}

export interface SimulatorOptions {
  /** Bind address, default `127.0.0.1`. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** The synthetic person's IANA zone, default `Europe/Berlin`. */
  timezone?: string;
  /** Default 42; the same seed and the same `now` give identical data. */
  seed?: number;
  /** Clock, default `() => new Date()`; "today" is the local date of `now()` at start. */
  now?: () => Date;
  /** Days of history up to and including today, default 120. */
  historyDays?: number;
  /** Rows per page for date collections and ring configurations, default 50. */
  pageSize?: number;
  /** Rows per page for heart rate, default 200 (a local day spans 2+ pages, as on the real API). */
  heartRatePageSize?: number;
  /**
   * How heart rate is cut into pages: `rows` (default, `heartRatePageSize` rows a page) or `utcDay` (one page
   * per UTC day of samples, the benchmark's model of the real API: Oura's cursor carries a `new_start_time`,
   * so pages are cut by time, and a page per UTC day is what makes "reading page 1 only loses ~20% of a local
   * day" (the project's Oura notes) true for an owner at UTC−5; the captured cursor is in
   * `test/fixtures/oura-real/heartrate`).
   */
  heartRatePaging?: 'rows' | 'utcDay';
  /** Per-request latency of the data routes (the benchmark's network model); default none. */
  latency?: LatencyModel | null;
  /** Lifetime of newly issued access tokens, default 86400 s. */
  accessTokenTtlSeconds?: number;
  /** Default `[{ clientId: 'sim-client-id', clientSecret: 'sim-client-secret' }]`. */
  clients?: SimulatorClient[];
  /** Oura's date-boundary quirks, default on. */
  quirks?: boolean;
  /** Default `classic`. */
  tokenEndpointMode?: TokenEndpointMode;
  /** `GET /oauth/authorize` redirects at once as if Approve were clicked (default false). */
  autoApprove?: boolean;
  /** Default: silent. */
  logger?: SimulatorLogger;
}

export interface RunningSimulator {
  /**
   * The API base, e.g. `http://127.0.0.1:PORT`. Authorize: `${url}/oauth/authorize`, token: `${url}/oauth/token`,
   * new-portal token: `${url}/oauth/v2/ext/oauth-token`, revoke: `${url}/oauth/revoke`.
   */
  url: string;
  /** The raw records, for tests to compute expected values independently. Do not mutate. */
  dataset: SimulatedDataset;
  controls: SimulatorControls;
  /** Closes the server and every open socket (hanging requests too); resolves quickly. */
  close(): Promise<void>;
}

export interface SimulatedDataset {
  timezone: string;
  today: IsoDate;
  /** The first day of history (`today - historyDays + 1`). */
  firstDay: IsoDate;
  personalInfo: PersonalInfo;
  /** Oldest first; the last one is the current ring. */
  ringConfigurations: RingConfiguration[];
  /** Sorted by day (`start_day` for enhanced_tag and rest_mode_period), then start time. */
  byDate: { [C in DateCollection]: Array<DateCollections[C]> };
  /** Sorted by timestamp (UTC). */
  byDatetime: { [C in DatetimeCollection]: Array<DatetimeCollections[C]> };
}

/** An injected failure. `times` = how many requests it applies to (default: every request until cleared). */
export type SimulatorFault =
  | { kind: 'status'; status: number; times?: number; retryAfterSeconds?: number; body?: unknown }
  | { kind: 'delay'; ms: number; times?: number }
  /** Accept the request and never answer; with `after`, only once that many requests were answered. */
  | { kind: 'hang'; times?: number; after?: number }
  /** 200 with a truncated, invalid JSON body. */
  | { kind: 'malformed'; times?: number }
  /** Rows lack these fields (Oura omits "required" ones). */
  | { kind: 'drop-fields'; fields: string[]; times?: number };

export interface OAuthStats {
  authorizationCodeGrants: number;
  refreshGrants: number;
  reusedRefreshTokenAttempts: number;
  revocations: number;
  lastTokenRequest?: { grant_type: string; endpoint: TokenEndpointMode; hadCodeVerifier: boolean };
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: 'bearer';
}

/**
 * Who signs in at the simulated consent screen: the dataset's person (`owner`) or a second Oura
 * account (`other`), whose `personal_info` has another id and email, so "a different account signs in"
 * can be tested. Both read the same rows otherwise.
 */
export type SimulatorAccount = 'owner' | 'other';

export interface SimulatorControls {
  /** The account auto-approval (and the consent screen's default choice) signs in as; default `owner`. */
  setSignInAccount(account: SimulatorAccount): void;
  /**
   * Route: a collection name (`daily_sleep`, `heartrate`, `personal_info`, …), `oauth/token`,
   * `oauth/v2/ext/oauth-token`, `oauth/revoke`, `oauth/authorize`, or `*` for every data route. `null` clears it.
   */
  setFault(route: string, fault: SimulatorFault | null): void;
  clearFaults(): void;
  setQuirks(on: boolean): void;
  setTokenEndpointMode(mode: TokenEndpointMode): void;
  /** Applies to tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  /**
   * Requests received per route key, every page counted: the collection name (also for single documents),
   * `sandbox/<collection>`, `oauth/authorize`, `oauth/authorize/decision`, `oauth/token`,
   * `oauth/v2/ext/oauth-token`, `oauth/revoke`.
   */
  counters(): Record<string, number>;
  /** The list requests answered since the last reset, oldest first (the newest 10,000). */
  listRequests(): LoggedListRequest[];
  /** Resets the counters and the request log. */
  resetCounters(): void;
  /** Replaces the latency model of the data routes (null: answer at once). */
  setLatency(model: LatencyModel | null): void;
  oauthStats(): OAuthStats;
  /** Tokens without the browser flow (default scope: {@link DEFAULT_SCOPE}), for tests. */
  issueTokens(options?: { scope?: string }): IssuedTokens;
  /** Every access token issued so far answers 401 from now on (refresh tokens stay valid). */
  expireAccessTokens(): void;
}

/** The scopes granted when none are asked for (the project's default `OURA_SCOPES`). */
export const DEFAULT_SCOPE = 'email personal daily heartrate workout tag session spo2';

/**
 * Every scope the simulated cloud grants: the classic ones, the OpenAPI's `spo2Daily` spelling, and the newer
 * portal's `stress`, `heart_health`, `ring_configuration`. Unknown requested scopes are silently not granted.
 */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...DEFAULT_SCOPE.split(' '),
  'spo2Daily',
  'stress',
  'heart_health',
  'ring_configuration',
]);

/** What the simulator logs through: the server's winston logger fits; none means silent. */
export interface SimulatorLogger {
  debug(message: string, meta: Record<string, unknown>): unknown;
  error(message: string, meta: Record<string, unknown>): unknown;
}
