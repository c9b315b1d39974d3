/**
 * `OuraClient`: the Oura Cloud API v2 as typed queries ({@link OuraDataSource}) over HTTP.
 *
 * Every list route is read to the last page; date routes are widened and trimmed back to the asked days;
 * datetime routes are read in ≤ 30-day chunks. Retries, timeouts, the 401 refresh and error mapping live in
 * `http.ts` / `retry.ts` / `errorFactory.ts`; lenient row parsing in `parse.ts`.
 */
import { InvalidParamsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { DAY_MS, formatWithOffset, isValidDate, offsetOf, parseDateTimeInZone } from '../lib/time.js';
import {
  compareDateRows,
  dateRowIdentity,
  datetimeRowIdentity,
  datetimeRowInstant,
  normaliseFields,
} from './collections.js';
import { OURA_CLIENT_DEFAULTS, type OuraClientOptions } from './clientOptions.js';
import { type LastOutcome, OuraHttp, realTimer } from './http.js';
import { collectPages, paginate } from './paging.js';
import { keepUsableRows, parseDocument, parseEnvelope } from './parse.js';
import type { RateLimitStatus } from './rateLimit.js';
import type { OuraDataSource, QueryOptions, RequestOptions } from './source.js';
import type { UpstreamBudget, UpstreamBudgetStatus } from './upstreamBudget.js';
import {
  type DateCollection,
  type DateCollections,
  type DateRange,
  type DatetimeCollection,
  type DatetimeCollections,
  type DatetimeRange,
  type OuraPage,
  type PersonalInfo,
  type RingConfiguration,
  rowDay,
} from './types.js';
import { datetimeChunks, mapWithConcurrency, widenDateRange } from './windows.js';

export { OURA_CLIENT_DEFAULTS, type OuraClientOptions } from './clientOptions.js';
export type { LastOutcome } from './http.js';
export type { RateLimitStatus } from './rateLimit.js';

const ROUTE = '/v2/usercollection';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type ListCollection = DateCollection | DatetimeCollection | 'ring_configuration';

export class OuraClient implements OuraDataSource {
  private readonly http: OuraHttp;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly maxPages: number;
  private readonly chunkDays: number;
  private readonly chunkConcurrency: number;
  private readonly paddingDays: number;
  private readonly lookbackDays: number;
  private readonly budget: UpstreamBudget | undefined;

  constructor(options: OuraClientOptions) {
    const d = OURA_CLIENT_DEFAULTS;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.maxPages = options.maxPages ?? d.maxPages;
    this.chunkDays = options.heartRateChunkDays ?? d.heartRateChunkDays;
    this.chunkConcurrency = options.chunkConcurrency ?? options.budget?.maxConcurrent ?? d.chunkConcurrency;
    this.paddingDays = options.windowPaddingDays ?? d.windowPaddingDays;
    this.lookbackDays = options.latestLookbackDays ?? d.latestLookbackDays;
    this.budget = options.budget;
    this.http = new OuraHttp({
      baseUrl: options.baseUrl,
      tokenProvider: options.tokenProvider,
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? d.timeoutMs,
      requestBudgetMs: options.requestBudgetMs ?? d.requestBudgetMs,
      retry: {
        maxRetries: options.maxRetries ?? d.maxRetries,
        baseDelayMs: options.retryBaseDelayMs ?? d.retryBaseDelayMs,
        maxDelayMs: options.retryMaxDelayMs ?? d.retryMaxDelayMs,
        maxRetryAfterMs: options.maxRetryAfterMs ?? d.maxRetryAfterMs,
      },
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      now: this.now,
      monotonicMs: options.monotonicMs ?? (() => performance.now()),
      startTimer: options.startTimer ?? realTimer,
      httpAgent: options.httpAgent,
      httpsAgent: options.httpsAgent,
      keepAlive: options.keepAlive,
      budget: options.budget,
    });
  }

  /** `personal_info` (height in metres, as Oura sends it). */
  async getPersonalInfo(options: RequestOptions = {}): Promise<PersonalInfo> {
    return this.document('personal_info', `${ROUTE}/personal_info`, options, (body) =>
      parseDocument<PersonalInfo>(body, 'personal_info'),
    );
  }

  /** Every ring ever set up (all pages); pick the newest `set_up_at` for the current ring. */
  async listRingConfigurations(options: RequestOptions = {}): Promise<RingConfiguration[]> {
    return collectPages(this.pages<RingConfiguration>('ring_configuration', {}, options));
  }

  /**
   * Rows whose day lies inside `range` (both ends), de-duplicated by id (by day for cardiovascular age),
   * sorted by day then start time. Asks Oura for `windowPaddingDays` more on each side (see `widenDateRange`).
   * @throws InvalidParamsError for malformed dates or a reversed range.
   */
  async listByDate<C extends DateCollection>(
    collection: C,
    range: DateRange,
    options: QueryOptions<DateCollections[C]> = {},
  ): Promise<Array<DateCollections[C]>> {
    assertDateRange(range);
    const upstream = widenDateRange(range, this.paddingDays);
    const fields = normaliseFields(collection, options.fields);
    const rows = await collectPages(
      this.pages<DateCollections[C]>(collection, { ...upstream, fields: fields?.join(',') }, options),
    );
    const seen = new Set<string>();
    const kept: Array<DateCollections[C]> = [];
    for (const row of rows) {
      const day = rowDay(collection, row);
      if (day < range.start_date || day > range.end_date) continue;
      const identity = dateRowIdentity(collection, row);
      if (seen.has(identity)) continue;
      seen.add(identity);
      kept.push(row);
    }
    return kept.sort(compareDateRows(collection));
  }

  /**
   * Every row with `start ≤ timestamp ≤ end`, read in chunks of ≤ `heartRateChunkDays`, de-duplicated at
   * chunk edges, sorted by time; timestamps exactly as Oura sends them (UTC).
   * @throws InvalidParamsError for unreadable datetimes or a reversed window.
   */
  async listByDatetime<C extends DatetimeCollection>(
    collection: C,
    range: DatetimeRange,
    options: QueryOptions<DatetimeCollections[C]> = {},
  ): Promise<Array<DatetimeCollections[C]>> {
    const { startMs, endMs } = parseDatetimeRange(range);
    const fields = normaliseFields(collection, options.fields)?.join(',');
    // Boundaries are written in the caller's offset, so Oura sees the same local times the caller meant.
    const chunks = datetimeChunks(startMs, endMs, this.chunkDays, offsetOf(range.start_datetime) ?? 0);
    const perChunk = await mapWithConcurrency(chunks, this.chunkConcurrency, (chunk) =>
      collectPages(this.pages<DatetimeCollections[C]>(collection, { ...chunk, fields }, options)),
    );
    const seen = new Set<string>();
    const rows: Array<{ row: DatetimeCollections[C]; at: number }> = [];
    for (const chunkRows of perChunk) {
      for (const row of chunkRows) {
        const at = datetimeRowInstant(row);
        if (at < startMs || at > endMs) continue;
        const identity = datetimeRowIdentity(row);
        if (seen.has(identity)) continue;
        seen.add(identity);
        rows.push({ row, at });
      }
    }
    return rows.sort((a, b) => a.at - b.at).map((entry) => entry.row);
  }

  /**
   * The newest sample (`latest=true`), or null. A start window of the last `latestLookbackDays` is sent too,
   * in case Oura needs one; all pages are read in case `latest` is ignored.
   */
  async getLatest<C extends DatetimeCollection>(
    collection: C,
    options: RequestOptions = {},
  ): Promise<DatetimeCollections[C] | null> {
    const start = formatWithOffset(this.now().getTime() - this.lookbackDays * DAY_MS, 0);
    const rows = await collectPages(
      this.pages<DatetimeCollections[C]>(collection, { latest: 'true', start_datetime: start }, options),
    );
    let newest: DatetimeCollections[C] | null = null;
    let newestAt = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const at = datetimeRowInstant(row);
      if (at > newestAt) {
        newest = row;
        newestAt = at;
      }
    }
    return newest;
  }

  /** One document by id. @throws OuraNotFoundError when Oura does not know it. */
  async getDocument<C extends DateCollection>(
    collection: C,
    id: string,
    options: RequestOptions = {},
  ): Promise<DateCollections[C]> {
    if (id.trim() === '') throw new InvalidParamsError('A document id is required.');
    return this.document(collection, `${ROUTE}/${collection}/${encodeURIComponent(id)}`, options, (body) =>
      parseDocument<DateCollections[C]>(body, collection),
    );
  }

  /** One single-document GET, reported as one upstream step. */
  private async document<T>(
    collection: string,
    path: string,
    options: RequestOptions,
    parse: (body: unknown) => T,
  ): Promise<T> {
    const document = await this.http.get({ path, collection, parse, signal: options.signal });
    options.onUpstreamStep?.({ collection, page: 1 });
    return document;
  }

  /**
   * The pages of a list route as an async iterator (rows already leniently checked). Each page repeats
   * `params` plus `next_token`; each page answered is one upstream step, and a cancelled `signal` stops
   * the paging at once. @throws OuraResponseError on a repeated cursor or past `maxPages`.
   */
  pages<T>(
    collection: ListCollection,
    params: Readonly<Record<string, string | undefined>>,
    options: RequestOptions = {},
  ): AsyncGenerator<T[], void, undefined> {
    return paginate<T>(
      async (nextToken, page) => {
        const rows = await this.http.get<OuraPage<T>>({
          path: `${ROUTE}/${collection}`,
          collection,
          params: { ...params, next_token: nextToken },
          page,
          signal: options.signal,
          parse: (body) => {
            const envelope = parseEnvelope(body, collection);
            return { data: keepUsableRows<T>(collection, envelope.data, this.logger), next_token: envelope.next_token };
          },
        });
        options.onUpstreamStep?.({ collection, page });
        return rows;
      },
      { collection, maxPages: this.maxPages },
    );
  }

  /** What is left of our own upstream budget, or null when the client has none. */
  budgetStatus(): UpstreamBudgetStatus | null {
    return this.budget?.status() ?? null;
  }

  /** The last `X-RateLimit-*` values Oura sent (null when it never sent any). */
  rateLimitStatus(): RateLimitStatus | null {
    return this.http.rateLimitStatus();
  }

  /** How the most recent Oura request ended, for `/health` (`oura_api_available`); null before the first. */
  lastOutcome(): LastOutcome | null {
    return this.http.lastOutcome();
  }

  /** Closes idle keep-alive sockets (call on shutdown). */
  close(): void {
    this.http.close();
  }
}

function assertDateRange(range: DateRange): void {
  if (!isValidDate(range.start_date) || !isValidDate(range.end_date)) {
    throw new InvalidParamsError(
      `Dates must be real calendar days as YYYY-MM-DD (got ${range.start_date}..${range.end_date}).`,
    );
  }
  if (range.start_date > range.end_date) {
    throw new InvalidParamsError(`start_date ${range.start_date} is after end_date ${range.end_date}.`);
  }
}

function parseDatetimeRange(range: DatetimeRange): { startMs: number; endMs: number } {
  // Oura's datetime routes expect an offset; one without is read as UTC rather than the machine's zone.
  const start = parseDateTimeInZone(range.start_datetime, 'UTC');
  const end = parseDateTimeInZone(range.end_datetime, 'UTC');
  if (!start || !end) {
    throw new InvalidParamsError('Datetimes must be ISO 8601 with an offset, e.g. 2025-10-26T07:00:00+02:00.');
  }
  if (start.getTime() > end.getTime()) {
    throw new InvalidParamsError(`start_datetime ${range.start_datetime} is after end_datetime ${range.end_datetime}.`);
  }
  return { startMs: start.getTime(), endMs: end.getTime() };
}
