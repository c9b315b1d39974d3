/**
 * `get_tags`: the tags and notes the owner added in the Oura app, from `enhanced_tag` and the
 * deprecated `tag` collection (both read at once), in the spec's `{date, day, text, timestamp, tags}`.
 */
import { z } from 'zod';
import { OuraAppTooOldError, OuraNotFoundError, OuraValidationError } from '../../oura/errors.js';
import type { Tag } from '../../oura/types.js';
import { defineDateRange } from './dateRange.js';
import { defineTool, readOnlyAnnotations, type ToolContext } from '../tool.js';
import { tagsOutputSchema, toTagRows, type TagEffect, type TagRow, type TagsOutput } from './mappers/tags.js';
import { countTags, METRICS, tagEffect } from './mappers/tagEffects.js';
import { explainEmpty } from './emptyAnswer.js';
import { SLEEP_SUMMARY_FIELDS } from './ouraFields.js';
import { formatDay, formatDayRange } from '../../lib/format.js';
import { addDays } from '../../lib/time.js';

export const TAGS_MAX_DAYS = 90;
const MAX_TEXT_LINES = 40;

const dates = defineDateRange({
  maxDays: TAGS_MAX_DAYS,
  startHelp: 'First day',
});

const inputSchema = z.object({
  ...dates.fields,
  effect_of: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .optional()
    .describe("A tag, e.g. 'alcohol': nights after it vs the others"),
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

const VERDICTS: Record<TagEffect['metrics'][number]['verdict'], string> = {
  too_few: 'too few nights to say',
  clear: 'a clear difference',
  unclear: 'no clear difference',
};

/** The comparison in words, with its counts, means and difference, and what it can and cannot say. */
function effectLines(tag: string, effect: TagEffect): string[] {
  if (effect.tagged_nights.length === 0)
    return [`No night after a "${tag}" tag in the range: nothing to compare (the tag names are counted above).`];
  const others = Math.max(...effect.metrics.map((m) => m.other_nights));
  const head = `Nights after "${tag}" (${effect.tagged_nights.length}) vs the other nights (${others}); an evening tag goes with the night Oura files under the next day:`;
  const lines = effect.metrics.map((m) => {
    const { label, unit } = METRICS[m.metric];
    const means =
      m.tagged_mean === null || m.other_mean === null || m.difference === null
        ? 'no values on one side'
        : `${m.tagged_mean} vs ${m.other_mean}${unit} (${m.difference > 0 ? '+' : ''}${m.difference})`;
    return `- ${label}: ${means}, ${m.tagged_nights} vs ${m.other_nights} nights: ${VERDICTS[m.verdict]}`;
  });
  return [
    head,
    ...lines,
    'Clear = beyond 2 standard errors; under 5 nights a side says nothing. A comparison, not proof of a cause.',
  ];
}

function describe(out: TagsOutput, range: string, effectOf: string | undefined): string {
  const shown = out.data.slice(-MAX_TEXT_LINES);
  // Answer rule (counts add up): the per-tag counts sum to the total.
  const lines = [`Tags ${range}: ${out.data.length} (${out.counts.map((c) => `${c.name} ${c.count}`).join(', ')}).`];
  if (out.effect && effectOf !== undefined) lines.push(...effectLines(effectOf, out.effect));
  if (out.data.length > shown.length) lines.push(`Last ${shown.length}:`);
  lines.push(...shown.map(line));
  return lines.join('\n');
}

/** Scores, HRV and resting heart rate of the nights after the range's days (up to last night). */
async function nightsAfter(context: ToolContext, start: string, end: string, today: string) {
  const last = addDays(end, 1) < today ? addDays(end, 1) : today;
  const query = { start_date: addDays(start, 1), end_date: last };
  const [dailySleep, readiness, periods] = await Promise.all([
    context.source.listByDate('daily_sleep', query),
    context.source.listByDate('daily_readiness', query),
    context.source.listByDate('sleep', query, { fields: SLEEP_SUMMARY_FIELDS }),
  ]);
  return { dailySleep, readiness, periods };
}

export const getTags = defineTool({
  name: 'get_tags',
  title: 'Tags and notes',
  description: `Tags and notes (caffeine, alcohol, sick, custom, text) with counts; effect_of: does X affect sleep? Up to ${TAGS_MAX_DAYS} days. Rest Mode: get_rest_mode_periods.`,
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
    const data = toTagRows(enhanced, legacy);
    const structured: TagsOutput = { data, counts: countTags(data) };
    if (args.effect_of !== undefined && data.length > 0) {
      const nights = await nightsAfter(context, range.start_date, range.end_date, range.today);
      structured.effect = tagEffect(args.effect_of, data, nights, {
        start: range.start_date,
        end: range.end_date,
        lastNight: range.today,
      });
    }
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
    return { structured, text: describe(structured, formatDayRange(range.start_date, range.end_date), args.effect_of) };
  },
});
