/**
 * The resources: the owner's profile, a "today" snapshot, one day and one week. Each is read by
 * calling the tools that already answer those questions (through the choke point, so the same cache,
 * mappers and rounding), and published as short markdown (the tools' texts) plus JSON (their
 * structured data). Nothing is computed twice.
 */
import { addDays, todayIn } from '../../lib/time.js';
import { parseDay } from '../periods.js';
import type { ToolEnvironment } from '../tool.js';
import { toolAnswer, type ToolCaller } from '../toolAnswer.js';

/** One part of a resource: a tool, its arguments and the heading its text gets. */
interface Section {
  key: string;
  heading: string;
  tool: string;
  args: Record<string, unknown>;
}

/** What a resource reads as: a title and the tool calls that make it. */
interface ResourcePlan {
  title: string;
  sections: Section[];
}

interface ResourceCommon {
  name: string;
  title: string;
  description: string;
}

/** A resource with a fixed URI (`resources/list`). */
export interface StaticResource extends ResourceCommon {
  uri: string;
  plan(context: ToolEnvironment): ResourcePlan;
}

/** A resource template (`resources/templates/list`): one `{variable}` at the end of the URI. */
export interface TemplateResource extends ResourceCommon {
  uriTemplate: string;
  /** The fixed part before the variable, e.g. `oura://day/`. */
  prefix: string;
  variable: string;
  plan(value: string, context: ToolEnvironment): ResourcePlan;
}

function day(date: string): Record<string, unknown> {
  return { start_date: date, end_date: date };
}

/** The three daily scores of one day or range. */
function dailySections(args: Record<string, unknown>): Section[] {
  return [
    { key: 'sleep', heading: 'Sleep', tool: 'get_sleep_summary', args },
    { key: 'readiness', heading: 'Readiness', tool: 'get_readiness_score', args },
    { key: 'activity', heading: 'Activity', tool: 'get_activity_summary', args },
  ];
}

/** A template value: a real date, not in the future (named by its template in the error). */
function checkedDate(value: string, template: TemplateResource, context: ToolEnvironment): string {
  return parseDay(`${template.uriTemplate}: {${template.variable}}`, value, todayIn(context.timezone, context.now()));
}

export const staticResources: readonly StaticResource[] = [
  {
    uri: 'oura://profile',
    name: 'profile',
    title: 'Oura profile',
    description: "The owner's age, height, weight and biological sex from the Oura account.",
    plan: () => ({
      title: 'Oura profile',
      sections: [{ key: 'profile', heading: 'Profile', tool: 'get_personal_info', args: {} }],
    }),
  },
  {
    uri: 'oura://today',
    name: 'today',
    title: 'Today',
    description:
      "Today in the owner's zone: last night's sleep, today's readiness, activity so far and the ring's battery.",
    plan: (context) => {
      const today = todayIn(context.timezone, context.now());
      return {
        title: `Today (${today})`,
        sections: [
          ...dailySections(day(today)),
          { key: 'ring', heading: 'Ring', tool: 'get_latest_ring_status', args: {} },
        ],
      };
    },
  },
];

export const templateResources: readonly TemplateResource[] = [
  {
    uriTemplate: 'oura://day/{date}',
    prefix: 'oura://day/',
    variable: 'date',
    name: 'day',
    title: 'One day',
    description:
      'Sleep (the night that ended that morning), readiness and activity of one day, YYYY-MM-DD in the owner’s zone.',
    plan(value, context) {
      const date = checkedDate(value, this, context);
      return { title: `Day ${date}`, sections: dailySections(day(date)) };
    },
  },
  {
    uriTemplate: 'oura://week/{start}',
    prefix: 'oura://week/',
    variable: 'start',
    name: 'week',
    title: 'One week',
    description: 'Sleep, readiness and activity of the 7 days from {start} (YYYY-MM-DD), with averages and trends.',
    plan(value, context) {
      const start = checkedDate(value, this, context);
      const today = todayIn(context.timezone, context.now());
      const last = addDays(start, 6);
      // A week still running ends today: the tools refuse days in the future.
      const end = last > today ? today : last;
      return { title: `Week ${start} to ${end}`, sections: dailySections({ start_date: start, end_date: end }) };
    },
  },
];

/** The resource contents: markdown (the tools' texts) and JSON (their structured data). */
export interface ResourceContents {
  markdown: string;
  json: string;
}

/** Runs a plan's tool calls (in parallel, through the shared cache) and assembles the two contents. */
export async function readPlan(plan: ResourcePlan, call: ToolCaller): Promise<ResourceContents> {
  const answers = await Promise.all(plan.sections.map((section) => toolAnswer(call, section.tool, section.args)));
  const markdown = [
    `# ${plan.title}`,
    ...plan.sections.map((section, index) => `## ${section.heading}\n${answers[index]!.text}`),
  ].join('\n\n');
  const json = JSON.stringify(
    Object.fromEntries(plan.sections.map((section, index) => [section.key, answers[index]!.structured])),
  );
  return { markdown, json };
}
