/**
 * Answer rule (effects): "does X affect my sleep?" compares the nights after X with the other nights
 * of the same range: counts, means, the difference. With fewer than MIN_NIGHTS on either side nothing
 * is concluded. Otherwise the difference is called clear only when it exceeds twice its standard error
 * (Welch), i.e. it is larger than the night-to-night spread would make by chance; else "no clear
 * difference". This is a comparison, not proof of a cause: other habits may travel with the tag.
 */
import { mean } from './stats.js';

export const MIN_NIGHTS = 5;

export interface GroupComparison {
  tagged: { nights: number; mean: number | null };
  other: { nights: number; mean: number | null };
  /** Tagged mean minus other mean, unrounded; null when a side is empty. */
  difference: number | null;
  /** 'too_few' below MIN_NIGHTS on a side; 'clear' beyond two standard errors; else 'unclear'. */
  verdict: 'too_few' | 'clear' | 'unclear';
}

function variance(values: readonly number[], centre: number): number {
  return values.reduce((total, value) => total + (value - centre) ** 2, 0) / (values.length - 1);
}

export function compareGroups(tagged: readonly number[], other: readonly number[]): GroupComparison {
  const taggedMean = mean(tagged);
  const otherMean = mean(other);
  const difference = taggedMean !== null && otherMean !== null ? taggedMean - otherMean : null;
  const sides = {
    tagged: { nights: tagged.length, mean: taggedMean },
    other: { nights: other.length, mean: otherMean },
  };
  if (difference === null || tagged.length < MIN_NIGHTS || other.length < MIN_NIGHTS)
    return { ...sides, difference, verdict: 'too_few' };
  const standardError = Math.sqrt(
    variance(tagged, taggedMean!) / tagged.length + variance(other, otherMean!) / other.length,
  );
  return { ...sides, difference, verdict: Math.abs(difference) > 2 * standardError ? 'clear' : 'unclear' };
}
