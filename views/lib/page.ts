/**
 * The frame every view shares: connects to the host, follows its theme and font, shows the chart, a
 * one-paragraph summary and a table (the text alternative), the range buttons, and a clear message
 * for an empty or failed result. A view supplies only `render` (and what "empty" means for it).
 */
import type { CallToolResult } from '@modelcontextprotocol/client';
import type { McpUiHostContext } from '@modelcontextprotocol/ext-apps';
import { addDays, todayIn } from '../../src/lib/time.js';
import { HostBridge } from './hostBridge.js';

/** What a view draws from one result. */
export interface Drawing {
  chart: SVGSVGElement;
  /** One or two sentences for everyone (and the chart's accessible description). */
  summary: string;
  /** The same values as a table: the chart's text alternative. */
  table: { caption: string; head: readonly string[]; rows: ReadonlyArray<readonly string[]> };
  /** A legend: class name of the swatch and its label. */
  legend?: ReadonlyArray<{ swatch: string; label: string }>;
}

export interface ViewSpec<Out> {
  /** `oura-sleep`, … (the app name the host sees). */
  name: string;
  /** The tool whose result this view draws, and which the range buttons call again. */
  tool: string;
  heading: string;
  /** Range buttons in days (none for views without a range). */
  ranges: readonly number[];
  /** Label of a range button, e.g. `7 nights`. */
  rangeLabel(days: number): string;
  /** True when the result has nothing to draw. */
  isEmpty(out: Out): boolean;
  /** The last day the result covers: the range buttons end there when the call named no end. */
  lastDay(out: Out): string | undefined;
  /** The tool arguments for `days` days ending on `endDay`; default `start_date`/`end_date`. */
  rangeArgs?(days: number, endDay: string): Record<string, unknown>;
  render(out: Out, width: number): Drawing;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Host theme (light/dark), host CSS variables (colours, fonts) and nothing else from the host. */
function applyHostContext(context: McpUiHostContext): void {
  const root = document.documentElement;
  if (context.theme) {
    root.dataset.theme = context.theme;
    root.style.colorScheme = context.theme;
  }
  const variables = context.styles?.variables;
  if (variables) {
    for (const [name, value] of Object.entries(variables)) if (value) root.style.setProperty(name, value);
  }
}

function textOf(result: CallToolResult): string {
  return result.content
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('\n')
    .trim();
}

/** Starts a view: builds its page, connects to the host and draws every result the host sends. */
export function startView<Out>(spec: ViewSpec<Out>): void {
  const main = element('main');
  const header = element('header');
  const heading = element('h1', undefined, spec.heading);
  const ranges = element('div', 'ranges');
  ranges.setAttribute('role', 'group');
  ranges.setAttribute('aria-label', 'Range');
  header.append(heading, ranges);
  const status = element('p', 'status', 'Waiting for data…');
  status.setAttribute('role', 'status');
  const figure = element('figure');
  const summary = element('p', 'summary');
  summary.id = 'summary';
  const legend = element('ul', 'legend');
  const details = element('details');
  main.append(header, status, figure, legend, summary, details);
  document.body.append(main);

  let input: Record<string, unknown> = {};
  let current: Out | undefined;
  let bridge: HostBridge | undefined;

  const showMessage = (message: string, kind: 'empty' | 'error') => {
    current = undefined;
    status.textContent = message;
    status.dataset.kind = kind;
    status.hidden = false;
    figure.replaceChildren();
    legend.replaceChildren();
    summary.textContent = '';
    details.replaceChildren();
  };

  const draw = () => {
    if (current === undefined) return;
    const width = Math.max(280, Math.floor(main.clientWidth));
    const drawing = spec.render(current, width);
    status.hidden = true;
    drawing.chart.setAttribute('aria-describedby', 'summary');
    figure.replaceChildren(drawing.chart);
    summary.textContent = drawing.summary;
    legend.replaceChildren(
      ...(drawing.legend ?? []).map((item) => {
        const entry = element('li');
        entry.append(element('span', `swatch ${item.swatch}`), document.createTextNode(item.label));
        return entry;
      }),
    );
    const table = element('table');
    table.append(element('caption', undefined, drawing.table.caption));
    const headRow = element('tr');
    headRow.append(...drawing.table.head.map((cell) => element('th', undefined, cell)));
    table.append(element('thead'), element('tbody'));
    table.tHead!.append(headRow);
    for (const row of drawing.table.rows) {
      const tr = element('tr');
      tr.append(...row.map((cell) => element('td', undefined, cell)));
      table.tBodies[0]!.append(tr);
    }
    details.replaceChildren(element('summary', undefined, 'Show the numbers'), table);
  };

  const show = (result: CallToolResult) => {
    const out = result.structuredContent as Out | undefined;
    if (result.isError) {
      showMessage(textOf(result) || 'The tool failed without saying why.', 'error');
    } else if (out === undefined || spec.isEmpty(out)) {
      showMessage(textOf(result) || 'No data for this range.', 'empty');
    } else {
      current = out;
      draw();
    }
  };

  const requestRange = async (days: number) => {
    if (!bridge) return;
    const end =
      (typeof input.end_date === 'string' ? input.end_date : undefined) ??
      (typeof input.end_datetime === 'string' ? input.end_datetime.slice(0, 10) : undefined) ??
      (current !== undefined ? spec.lastDay(current) : undefined) ??
      todayIn(bridge.initialized?.hostContext.timeZone ?? 'UTC');
    const args = spec.rangeArgs?.(days, end) ?? { start_date: addDays(end, -(days - 1)), end_date: end };
    for (const button of ranges.querySelectorAll('button'))
      button.setAttribute('aria-pressed', String(button.dataset.days === String(days)));
    status.textContent = 'Loading…';
    try {
      const result = await bridge.callTool(spec.tool, args);
      input = args;
      show(result);
    } catch (error) {
      showMessage(
        `The host could not run ${spec.tool}: ${error instanceof Error ? error.message : String(error)}`,
        'error',
      );
    }
  };

  new ResizeObserver(() => draw()).observe(main);

  void HostBridge.connect(spec.name, {
    onToolInput(args) {
      input = args;
    },
    onToolResult: show,
    onHostContext: applyHostContext,
    onToolCancelled(reason) {
      showMessage(`The call was cancelled${reason ? `: ${reason}` : ''}.`, 'error');
    },
  }).then((connected) => {
    bridge = connected;
    const context = connected.initialized?.hostContext;
    if (context) applyHostContext(context);
    if (connected.canCallTools) {
      ranges.append(
        ...spec.ranges.map((days) => {
          const button = element('button', undefined, spec.rangeLabel(days));
          button.type = 'button';
          button.dataset.days = String(days);
          button.addEventListener('click', () => void requestRange(days));
          return button;
        }),
      );
    }
  });
}
