/**
 * What tools read from: the Oura API as typed queries. Implemented by `OuraClient` (HTTP) and by the
 * caching decorator in `src/oura/cache/cachedSource.ts`; tools depend only on this interface.
 */
import type {
  DateCollection,
  DateCollections,
  DateRange,
  DatetimeCollection,
  DatetimeCollections,
  DatetimeRange,
  PersonalInfo,
  RingConfiguration,
} from './types.js';

/** One request to Oura finished (a page, a window): what progress is counted in. */
export interface UpstreamStep {
  collection: string;
  /** Page number within its listing (1 for a document). */
  page: number;
}

/**
 * Per-call options every query takes. Filled by `scopeSource` in `callScope.ts` from the tool call, so
 * handlers never pass them by hand.
 */
export interface RequestOptions {
  /** Aborted when the caller gives up (MCP cancellation, a closed exchange): paging stops at once. */
  signal?: AbortSignal | undefined;
  /** Called after each upstream request that answered, for progress notifications. */
  onUpstreamStep?: ((step: UpstreamStep) => void) | undefined;
}

export interface QueryOptions<Row> extends RequestOptions {
  /** Only these top-level fields (sent as `fields=`, where Oura supports it). */
  fields?: ReadonlyArray<keyof Row & string>;
}

export interface OuraDataSource {
  getPersonalInfo(options?: RequestOptions): Promise<PersonalInfo>;
  /** Every ring ever set up (all pages). */
  listRingConfigurations(options?: RequestOptions): Promise<RingConfiguration[]>;
  /**
   * Rows whose day (`day`, or `start_day`) lies inside `range` (both ends included), de-duplicated by
   * id, sorted by day. The upstream window is widened to survive Oura's end/start exclusivity quirks.
   */
  listByDate<C extends DateCollection>(
    collection: C,
    range: DateRange,
    options?: QueryOptions<DateCollections[C]>,
  ): Promise<Array<DateCollections[C]>>;
  /** Every row in the window (all pages, fetched in ≤ 30-day chunks), timestamps UTC, sorted by time. */
  listByDatetime<C extends DatetimeCollection>(
    collection: C,
    range: DatetimeRange,
    options?: QueryOptions<DatetimeCollections[C]>,
  ): Promise<Array<DatetimeCollections[C]>>;
  /** The newest sample of a datetime collection (`latest=true`), or null when Oura has none. */
  getLatest<C extends DatetimeCollection>(
    collection: C,
    options?: RequestOptions,
  ): Promise<DatetimeCollections[C] | null>;
  /** One document by id; `OuraNotFoundError` when unknown. */
  getDocument<C extends DateCollection>(
    collection: C,
    id: string,
    options?: RequestOptions,
  ): Promise<DateCollections[C]>;
}
