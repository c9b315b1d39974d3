/**
 * Why an answer has no rows, in words the owner can act on. Oura only has sleep, readiness and
 * bedtime guidance after the owner opens the Oura app and syncs, so an empty "today" is normal.
 */
import type { IsoDate } from '../../oura/types.js';
import { formatDayRange } from '../../lib/format.js';

export interface EmptyContext {
  /** What is missing, e.g. "sleep data". */
  what: string;
  start: IsoDate;
  end: IsoDate;
  today: IsoDate;
  /** The Oura scope the collection needs, to mention when it may not have been granted. */
  scope?: string;
}

export function explainEmpty(context: EmptyContext): string {
  const range = formatDayRange(context.start, context.end);
  const scopeHint = context.scope
    ? ` If you expected data here, check that the '${context.scope}' permission was granted when Oura was connected (reconnect with connect_oura to grant it).`
    : '';
  if (context.start === context.today && context.end === context.today) {
    return `No ${context.what} for today (${range}) yet: Oura publishes it after the ring syncs, so open the Oura app on your phone to sync, then ask again.${scopeHint}`;
  }
  if (context.end === context.today) {
    return `No ${context.what} recorded for ${range}. Today's data appears only after the Oura app syncs; for earlier days the ring may not have been worn or synced.${scopeHint}`;
  }
  return `No ${context.what} recorded for ${range}: the ring may not have been worn, or those days were never synced.${scopeHint}`;
}
