/**
 * `get_tags` answer shape and mapping from Oura's `enhanced_tag` and the deprecated `tag` collection
 * (older accounts still have rows there). The spec's shape is the deprecated one (`text`, `tags`);
 * enhanced tags are mapped into it: `text` = the comment, else the custom tag's name, else a readable
 * form of `tag_type_code`; `tags` = `[tag_type_code]` (empty for a text-only note).
 */
import { z } from 'zod';
import type { EnhancedTag, Tag } from '../../../oura/types.js';
import { compareText, instantOf, textOrNull } from './rowGuards.js';

export const tagRowSchema = z.object({
  id: z.string().describe("Oura's id of the tag."),
  date: z.string().describe("The owner's local day the tag starts on, YYYY-MM-DD."),
  day: z.string().describe('Same as date (kept for the spec), YYYY-MM-DD.'),
  text: z
    .string()
    .describe(
      "The owner's comment; else the tag's name (custom name, or a readable form of Oura's tag code, e.g. 'No caffeine'); may be empty.",
    ),
  name: z
    .string()
    .nullable()
    .describe("The tag's name: the custom name or a readable form of the tag code; null for a text-only note."),
  timestamp: z.string().describe('When the tag starts, ISO 8601 (local offset as Oura sent it).'),
  end_timestamp: z
    .string()
    .nullable()
    .describe('When a tag with a duration ends (e.g. a sauna session), ISO 8601; null for a moment.'),
  tags: z
    .array(z.string())
    .describe("Oura's tag type codes, e.g. tag_generic_caffeine, custom; empty for a text-only note."),
  source: z
    .enum(['enhanced_tag', 'tag'])
    .describe("Oura collection: enhanced_tag (current), or tag (Oura's deprecated one, older entries)."),
});

export const tagEffectSchema = z
  .object({
    tagged_nights: z.array(z.string()).describe('Nights (Oura day) after the tag.'),
    metrics: z.array(
      z.object({
        metric: z
          .enum(['sleep_score', 'readiness_score', 'average_hrv', 'resting_heart_rate'])
          .describe('Scores 0–100, HRV ms, resting HR bpm.'),
        tagged_nights: z.number().int(),
        tagged_mean: z.number().nullable(),
        other_nights: z.number().int(),
        other_mean: z.number().nullable(),
        difference: z.number().nullable().describe('tagged_mean − other_mean.'),
        verdict: z
          .enum(['too_few', 'clear', 'unclear'])
          .describe('too_few: < 5 nights a side; clear: beyond 2 standard errors.'),
      }),
    ),
  })
  .describe('Only with effect_of: nights after the tag vs the other nights of the range (one decimal).');

export const tagCountsSchema = z
  .array(z.object({ name: z.string(), count: z.number().int() }))
  .describe('Tags per name, most frequent first.');

export const tagsOutputSchema = z.object({
  data: z.array(tagRowSchema).describe('Tags and notes sorted by time.'),
  counts: tagCountsSchema,
  effect: tagEffectSchema.optional(),
});

export type TagsOutput = z.infer<typeof tagsOutputSchema>;
export type TagEffect = z.infer<typeof tagEffectSchema>;
export type TagCount = TagsOutput['counts'][number];
export type TagRow = TagsOutput['data'][number];

/** Oura codes glue "no" and "late" onto a word (`nocaffeine`, `latemeal`): split those words. */
const GLUED =
  /^(no|late)(alcohol|caffeine|coffee|sugar|screens?|meat|dairy|gluten|snacks?|meal|dinner|workout|exercise|nap|phone)$/;

/** `tag_generic_nocaffeine` → "No caffeine", `tag_sleep_late_meal` → "Sleep late meal". */
export function readableTagCode(code: string): string {
  const words = code
    .replace(/^tag_generic_/, '')
    .replace(/^tag_/, '')
    .split('_')
    .filter((word) => word !== '')
    .flatMap((word) => {
      const glued = GLUED.exec(word.toLowerCase());
      return glued ? [glued[1]!, glued[2]!] : [word.toLowerCase()];
    });
  const text = words.join(' ');
  return text === '' ? code : text.charAt(0).toUpperCase() + text.slice(1);
}

function enhancedName(tag: EnhancedTag): string | null {
  const custom = textOrNull(tag.custom_name);
  if (custom !== null) return custom;
  const code = textOrNull(tag.tag_type_code);
  // 'custom' without a custom name says nothing readable.
  return code === null || code === 'custom' ? null : readableTagCode(code);
}

export function fromEnhancedTag(tag: EnhancedTag): TagRow | null {
  const timestamp = textOrNull(tag.start_time);
  const day = textOrNull(tag.start_day) ?? timestamp?.slice(0, 10) ?? null;
  if (timestamp === null || day === null) return null;
  const code = textOrNull(tag.tag_type_code);
  const name = enhancedName(tag);
  return {
    id: textOrNull(tag.id) ?? timestamp,
    date: day,
    day,
    text: textOrNull(tag.comment) ?? name ?? '',
    name,
    timestamp,
    end_timestamp: textOrNull(tag.end_time),
    tags: code === null ? [] : [code],
    source: 'enhanced_tag',
  };
}

export function fromLegacyTag(tag: Tag): TagRow | null {
  const timestamp = textOrNull(tag.timestamp);
  const day = textOrNull(tag.day) ?? timestamp?.slice(0, 10) ?? null;
  if (timestamp === null || day === null) return null;
  const codes = Array.isArray(tag.tags)
    ? tag.tags.filter((code): code is string => typeof code === 'string' && code !== '')
    : [];
  const names = codes.map(readableTagCode);
  return {
    id: textOrNull(tag.id) ?? timestamp,
    date: day,
    day,
    text: textOrNull(tag.text) ?? names.join(', '),
    name: names.length > 0 ? names.join(', ') : null,
    timestamp,
    end_timestamp: null,
    tags: codes,
    source: 'tag',
  };
}

/** Both collections merged and sorted by start instant (Oura's offsets may differ between rows). */
export function toTagRows(enhanced: readonly EnhancedTag[], legacy: readonly Tag[]): TagRow[] {
  const rows = [...enhanced.map(fromEnhancedTag), ...legacy.map(fromLegacyTag)].filter(
    (row): row is TagRow => row !== null,
  );
  return rows.sort((a, b) => {
    const diff = (instantOf(a.timestamp) ?? 0) - (instantOf(b.timestamp) ?? 0);
    return diff !== 0 ? diff : compareText(a.id, b.id);
  });
}
