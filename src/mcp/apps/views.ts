/**
 * The MCP Apps views (charts) the server offers: one `ui://` HTML resource per view, attached to the
 * tool whose result it draws. Hosts without MCP Apps (Poke, Inspector, text clients) ignore them and
 * get the same text and structured content as before.
 */

/** The MIME type of an MCP Apps view (ext-apps spec 2026-01-26). */
export const APP_MIME_TYPE = 'text/html;profile=mcp-app';

/** Largest view the build accepts: a host downloads it with every conversation that shows the chart. */
export const APP_MAX_BYTES = 150 * 1024;

export interface AppView {
  /** File stem of `views/<name>.ts` and of the built `dist/views/<name>.html`. */
  name: string;
  /** The tool whose result the view draws. */
  tool: string;
  title: string;
  description: string;
}

export const APP_VIEWS: readonly AppView[] = [
  {
    name: 'sleep',
    tool: 'get_sleep_summary',
    title: 'Sleep stages chart',
    description: 'Deep, light, REM and awake time per night with the sleep score.',
  },
  {
    name: 'night',
    tool: 'get_sleep_detailed',
    title: 'Single-night chart',
    description: 'Hypnogram of one night or nap with heart rate and HRV under it on the same time axis.',
  },
  {
    name: 'readiness',
    tool: 'get_readiness_score',
    title: 'Readiness chart',
    description: 'Readiness score per day against its usual range, with the body-temperature deviation.',
  },
  {
    name: 'activity',
    tool: 'get_activity_summary',
    title: 'Activity chart',
    description: 'Steps per day against the daily target, with time in high, medium and low activity.',
  },
  {
    name: 'heartRate',
    tool: 'get_heart_rate',
    title: 'Heart rate chart',
    description: 'Heart rate over time with its range, shaded during sleep, workouts and sessions.',
  },
  {
    name: 'insights',
    tool: 'get_health_insights',
    title: 'Insights chart',
    description: "Each measure's period average against the baseline days before it, with the findings.",
  },
];

/** Where `/apps/preview` writes the owner's today into its built page (the server's clock, not the browser's). */
export const PREVIEW_TODAY_SLOT = 'data-today=""';

export const APP_URI_PREFIX = 'ui://oura/';

/** `ui://oura/<name>`: short, because every tools/list answer carries it (the context budget). */
export function appUri(name: string): string {
  return `${APP_URI_PREFIX}${name}`;
}

/** The `ui` of a tool definition whose result the view `name` draws. */
export function appUi(name: (typeof APP_VIEWS)[number]['name']): { resourceUri: string } {
  return { resourceUri: appUri(name) };
}
