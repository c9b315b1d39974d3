/**
 * Pagination over Oura's `next_token` cursor as an async iterator. Each page repeats the original
 * parameters plus `next_token` (Oura requires them). Heart rate really pages (one local day can span two
 * pages), so stopping after page 1 would silently lose data; the iterator therefore runs to the end, with a
 * page cap and loop detection so a misbehaving cursor fails loudly instead of spinning.
 */
import { OuraResponseError } from './errors.js';
import type { OuraPage } from './types.js';

/** Fetches one page; `nextToken` is undefined for the first. */
export type PageFetcher<T> = (nextToken: string | undefined, page: number) => Promise<OuraPage<T>>;

export interface PaginateOptions {
  /** Collection name for error messages. */
  collection: string;
  /** Most pages to read before failing (default 200). */
  maxPages: number;
}

/**
 * Yields the rows of each page in order.
 * @throws OuraResponseError when a cursor repeats or more than `maxPages` pages would be needed.
 */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  options: PaginateOptions,
): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const { data, next_token: next } = await fetchPage(token, page);
    yield data;
    if (!next) return;
    if (seen.has(next)) {
      throw new OuraResponseError(
        `Oura sent the same page cursor twice while listing ${options.collection} (after page ${page}); stopped instead of looping. Try again shortly.`,
        {
          collection: options.collection,
          logDetail: { collection: options.collection, page, reason: 'repeated next_token' },
        },
      );
    }
    if (page >= options.maxPages) {
      throw new OuraResponseError(
        `Listing ${options.collection} needed more than ${options.maxPages} pages from Oura; ask for a shorter range.`,
        {
          collection: options.collection,
          logDetail: { collection: options.collection, pages: page, reason: 'page cap' },
        },
      );
    }
    seen.add(next);
    token = next;
  }
}

/** Drains an async iterator of pages into one array. */
export async function collectPages<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const rows of pages) {
    for (const row of rows) out.push(row);
  }
  return out;
}
