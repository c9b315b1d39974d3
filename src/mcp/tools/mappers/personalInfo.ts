/**
 * `get_personal_info` output: the schema and the mapping of Oura's `personal_info` (height to cm,
 * weight to 0.1 kg, free-text biological sex to male/female/other).
 */
import { z } from 'zod';
import type { PersonalInfo } from '../../../oura/types.js';
import { round } from '../../../analysis/stats.js';

export const personalInfoOutputSchema = z.object({
  age: z.number().nullable().describe('Age in years; null when Oura has none.'),
  weight: z.number().nullable().describe('Weight in kg (0.1 precision); null when Oura has none.'),
  height: z.number().nullable().describe('Height in cm (0.1 precision); null when Oura has none.'),
  biological_sex: z
    .enum(['male', 'female', 'other'])
    .nullable()
    .describe(
      "'male' or 'female' as recorded in Oura; 'other' when Oura holds a different value; null when none is recorded.",
    ),
  email: z.string().nullable().describe("The Oura account's email address; null when the email scope was not granted."),
});

type BiologicalSex = z.infer<typeof personalInfoOutputSchema>['biological_sex'];

/**
 * Oura's `biological_sex` is free text; only clear male/female values are mapped to those. Oura may
 * omit the field altogether (undefined), which is the same as null.
 */
export function mapBiologicalSex(value: string | null | undefined): BiologicalSex {
  if (value === null || value === undefined) return null;
  const normalised = value.trim().toLowerCase();
  if (normalised === '') return null;
  if (normalised === 'male' || normalised === 'm') return 'male';
  if (normalised === 'female' || normalised === 'f') return 'female';
  return 'other';
}

/**
 * Oura sends height in METRES (1.78). A value above 3 can only be centimetres already (nobody is
 * 3 m tall), so it is kept rather than multiplied again.
 */
export function heightInCm(value: number | null): number | null {
  if (value === null || !Number.isFinite(value) || value <= 0) return null;
  return round(value > 3 ? value : value * 100, 1);
}

export type PersonalInfoOutput = z.infer<typeof personalInfoOutputSchema>;

/** Oura's personal_info as the answer; a missing, non-finite or non-positive value becomes null. */
export function toPersonalInfo(info: PersonalInfo): PersonalInfoOutput {
  return {
    age: typeof info.age === 'number' && Number.isFinite(info.age) ? info.age : null,
    weight:
      typeof info.weight === 'number' && Number.isFinite(info.weight) && info.weight > 0 ? round(info.weight, 1) : null,
    height: heightInCm(info.height),
    biological_sex: mapBiologicalSex(info.biological_sex),
    email: info.email && info.email.trim() !== '' ? info.email : null,
  };
}
