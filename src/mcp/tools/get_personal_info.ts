/**
 * `get_personal_info`: age, weight, height, biological sex and email from Oura's personal_info.
 */
import { z } from 'zod';
import { defineTool, readOnlyAnnotations } from '../tool.js';
import { personalInfoOutputSchema, toPersonalInfo, type PersonalInfoOutput } from './mappers/personalInfo.js';

const inputSchema = z.object({});

function describe(info: PersonalInfoOutput): string {
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
  description: 'Age, weight, height, sex, email from the Oura account. Ring: get_latest_ring_status.',
  inputSchema,
  outputSchema: personalInfoOutputSchema,
  annotations: readOnlyAnnotations('Personal info'),
  async handler(_args, context) {
    const info = await context.source.getPersonalInfo();
    const structured = toPersonalInfo(info);
    return { structured, text: describe(structured) };
  },
});
