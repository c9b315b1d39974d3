/**
 * Input fields shared by the date-range tools, so every tool says the same thing about dates.
 * Shapes only; the rules that need a clock and a zone are in `src/mcp/tools/dateRange.ts`.
 */
import { z } from 'zod';

/** Upper bound on any date string, so a hostile megabyte never reaches the date parser. */
const DATE_MAX_LENGTH = 32;

/** A `YYYY-MM-DD` day field (validated later by resolveDateRange), described per tool. */
export function dayField(description: string): z.ZodString {
  return z.string().max(DATE_MAX_LENGTH).describe(description);
}

/** The optional `end_date` every range tool takes; `note` adds a tool-specific remark. */
export function endDateField(maxDays: number, note = ''): z.ZodOptional<z.ZodString> {
  return z
    .string()
    .max(DATE_MAX_LENGTH)
    .optional()
    .describe(`Last day, YYYY-MM-DD, included; defaults to today in the owner's time zone${note}. At most ${maxDays} days in all.`);
}
