/**
 * Answer rule (baselines): "usual" means the owner's ordinary days. A baseline that contains an illness
 * (readiness in the 50s, temperature +0.9 °C) makes an ordinary week look like an improvement, so the
 * days the owner was in Rest Mode or tagged sick are left out of it, together with the day after each
 * such stretch: the night after the last sick day is filed under the next morning and still shows it.
 * Only Oura's `tag_generic_sick` counts as a sick tag (the deprecated `tag` collection is not read).
 */
import type { EnhancedTag, IsoDate, RestModePeriod } from '../../oura/types.js';
import { addDays, eachDay } from '../../lib/time.js';

const SICK_TAG = 'tag_generic_sick';

/** The days `from`–`to` (to defaults to `open`, the end of the span asked about) and the day after. */
function coveredDays(from: IsoDate, to: IsoDate | null, open: IsoDate): IsoDate[] {
  const last = to ?? open;
  return last < from ? [from, addDays(from, 1)] : eachDay(from, addDays(last, 1));
}

/**
 * The days of `start`–`end` to leave out of a baseline: in Rest Mode (an open period runs to `end`) or
 * under a sick tag, each stretch with the day after it. Sorted, no repeats.
 */
export function illnessDays(
  restMode: readonly Pick<RestModePeriod, 'start_day' | 'end_day'>[],
  tags: readonly Pick<EnhancedTag, 'tag_type_code' | 'start_day' | 'end_day'>[],
  start: IsoDate,
  end: IsoDate,
): IsoDate[] {
  const days = new Set<IsoDate>();
  for (const period of restMode) {
    if (typeof period.start_day !== 'string') continue;
    for (const day of coveredDays(period.start_day, period.end_day, end)) days.add(day);
  }
  for (const tag of tags) {
    if (tag.tag_type_code !== SICK_TAG || typeof tag.start_day !== 'string') continue;
    for (const day of coveredDays(tag.start_day, tag.end_day ?? tag.start_day, end)) days.add(day);
  }
  return [...days].filter((day) => day >= start && day <= end).sort();
}
