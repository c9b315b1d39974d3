/**
 * `get_personal_info`: age, weight, height, biological sex and email from Oura's personal_info.
 */
import { z } from 'zod';
import { round } from '../../analysis/stats.js';
import { defineTool, readOnlyAnnotations } from '../tool.js';

const inputSchema = z.object({});

const outputSchema = z.object({
  age: z.number().nullable().describe('Age in years; null when Oura has none.'),
  weight: z.number().nullable().describe('Weight in kg (0.1 precision); null when Oura has none.'),
  height: z.number().nullable().describe('Height in cm (0.1 precision); null when Oura has none.'),
  biological_sex: z
    .enum(['male', 'female', 'other'])
    .nullable()
    .describe("'male' or 'female' as recorded in Oura; 'other' when Oura holds a different value; null when none is recorded."),
  email: z.string().nullable().describe("The Oura account's email address; null when the email scope was not granted."),
});

type BiologicalSex = z.infer<typeof outputSchema>['biological_sex'];

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

function describe(info: z.infer<typeof outputSchema>): string {
  const parts: string[] = [];
  if (info.age !== null) parts.push(`Age ${info.age}`);
  if (info.height !== null) parts.push(`${(info.height / 100).toFixed(2)} m (${info.height} cm)`);
  if (info.weight !== null) parts.push(`${info.weight} kg`);
  if (info.biological_sex !== null) parts.push(`biological sex ${info.biological_sex}`);
  if (info.email !== null) parts.push(`email ${info.email}`);
  if (parts.length === 0) return 'Oura has no personal information recorded for this account.';
  return `${parts.join(', ')}.`;
}

export const getPersonalInfo = defineTool({
  name: 'get_personal_info',
  title: 'Personal info',
  description:
    "The owner's personal details as recorded in their Oura account: age (years), weight (kg), height (cm), biological sex and email. " +
    'Fields Oura does not have are null. Use it for questions about the owner themself ("how tall am I in Oura", "which email is my Oura account"); ' +
    'for ring hardware use get_latest_ring_status.',
  inputSchema,
  outputSchema,
  annotations: readOnlyAnnotations('Personal info'),
  async handler(_args, context) {
    const info = await context.source.getPersonalInfo();
    const structured = {
      age: typeof info.age === 'number' && Number.isFinite(info.age) ? info.age : null,
      weight: typeof info.weight === 'number' && Number.isFinite(info.weight) && info.weight > 0 ? round(info.weight, 1) : null,
      height: heightInCm(info.height),
      biological_sex: mapBiologicalSex(info.biological_sex),
      email: info.email && info.email.trim() !== '' ? info.email : null,
    };
    return { structured, text: describe(structured) };
  },
});
