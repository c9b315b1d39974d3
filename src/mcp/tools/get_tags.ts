/**
 * `get_tags`: the tags and notes the owner added in the Oura app, from `enhanced_tag` and the
 * deprecated `tag` collection (both read at once), in the spec's `{date, day, text, timestamp, tags}`.
 */
import { z } from 'zod';
import { OuraAppTooOldError, OuraNotFoundError, OuraValidationError } from '../../oura/errors.js';
import type { Tag } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { tagsOutputSchema, toTagRows, type TagRow, type TagsOutput } from './mappers/tags.js';
import { explainEmpty } from './emptyAnswer.js';
import { formatDay, formatDayRange } from '../../lib/format.js';

export const TAGS_MAX_DAYS = 90;
const MAX_TEXT_LINES = 40;

const dates = defineDateRange({
  maxDays: TAGS_MAX_DAYS,
  startHelp: 'First day (a tag counts for the day it starts)',
});

const inputSchema = z.object({
  ...dates.fields,
});

/**
 * The deprecated collection is a bonus: if Oura has retired the route (404) or refuses it for this
 * account (400/422/426), the enhanced tags still answer. Other failures (auth, scope, rate limit) apply
 * to both collections and are thrown.
 */
async function legacyTags(context: ToolContext, query: { start_date: string; end_date: string }): Promise<Tag[]> {
  try {
    return await context.source.listByDate('tag', query);
  } catch (error) {
    if (
      error instanceof OuraNotFoundError ||
      error instanceof OuraValidationError ||
      error instanceof OuraAppTooOldError
    ) {
      context.logger.debug('deprecated tag collection unavailable; answering from enhanced_tag only', {
        error: error.message,
      });
      return [];
    }
    throw error;
  }
}

function line(row: TagRow): string {
  const time = row.timestamp.slice(11, 16);
  const until = row.end_timestamp
    ? `–${row.end_timestamp.slice(11, 16)}${row.end_timestamp.slice(0, 10) !== row.timestamp.slice(0, 10) ? ` ${formatDay(row.end_timestamp.slice(0, 10))}` : ''}`
    : '';
  const label = row.name !== null && row.name !== row.text ? `${row.name}: ` : '';
  return `- ${formatDay(row.date)} ${time}${until}: ${label}${row.text || '(no text)'}`;
}

function describe(out: TagsOutput, range: string): string {
  const shown = out.data.slice(-MAX_TEXT_LINES);
  const lines = [`Tags ${range}: ${out.data.length}.`];
  if (out.data.length > shown.length) lines.push(`Last ${shown.length}:`);
  lines.push(...shown.map(line));
  return lines.join('\n');
}

export const getTags = defineTool({
  name: 'get_tags',
  title: 'Tags and notes',
  description: `Tags and notes from the Oura app (caffeine, alcohol, sick, custom, text). Up to ${TAGS_MAX_DAYS} days. Rest Mode: get_rest_mode_periods.`,
  inputSchema,
  outputSchema: tagsOutputSchema,
  annotations: readOnlyAnnotations('Tags and notes'),
  async handler(args, context) {
    const range = dates.resolve(args, context);
    const query = { start_date: range.start_date, end_date: range.end_date };
    const [enhanced, legacy] = await Promise.all([
      context.source.listByDate('enhanced_tag', query),
      legacyTags(context, query),
    ]);
    const structured: TagsOutput = { data: toTagRows(enhanced, legacy) };
    if (structured.data.length === 0) {
      return {
        structured,
        text: explainEmpty({
          what: 'tags',
          start: range.start_date,
          end: range.end_date,
          today: range.today,
          scope: 'tag',
        }),
      };
    }
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date)) };
  },
});
