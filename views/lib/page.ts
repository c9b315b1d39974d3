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
  ranges?: readonly number[];
  /** Label of a range button, e.g. `7 nights`. */
  rangeLabel?(days: number): string;
  /** What one result holds that is drawn one at a time (the night and a nap): buttons that switch without a call. */
  choices?(out: Out): ReadonlyArray<Choice>;
  /** Buttons that call the tool again for what is drawn (the previous night, more detail). */
  actions?(out: Out, choice: string | undefined, today: string): ReadonlyArray<ToolAction>;
  /** True when the result has nothing to draw. */
  isEmpty(out: Out): boolean;
  /** The last day the result covers: the range buttons end there when the call named no end. */
  lastDay(out: Out): string | undefined;
  /** The tool arguments for `days` days ending on `endDay`; default `start_date`/`end_date`. */
  rangeArgs?(days: number, endDay: string): Record<string, unknown>;
  render(out: Out, width: number, context: RenderContext): Drawing;
}

export interface Choice {
  key: string;
  label: string;
  /** Drawn first (else the first choice). */
  preferred?: boolean;
}

export interface ToolAction {
  label: string;
  args: Record<string, unknown>;
}

export interface RenderContext {
  /** The key of the chosen `choices` entry. */
  choice: string | undefined;
  /** The host's IANA zone, when it sent one. */
  timeZone: string | undefined;
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

function button(label: string, onClick: () => void, data: Record<string, string> = {}): HTMLButtonElement {
  const node = element('button', undefined, label);
  node.type = 'button';
  Object.assign(node.dataset, data);
  node.addEventListener('click', onClick);
  return node;
}

/** Starts a view: builds its page, connects to the host and draws every result the host sends. */
export function startView<Out>(spec: ViewSpec<Out>): void {
  const main = element('main');
  const header = element('header');
  const heading = element('h1', undefined, spec.heading);
  const ranges = element('div', 'ranges');
  ranges.setAttribute('role', 'group');
  ranges.setAttribute('aria-label', 'Range');
  const choices = element('div', 'ranges choices');
  choices.setAttribute('role', 'group');
  choices.setAttribute('aria-label', 'Shown');
  header.append(heading, ranges);
  const status = element('p', 'status', 'Waiting for data…');
  status.setAttribute('role', 'status');
  const figure = element('figure');
  const summary = element('p', 'summary');
  summary.id = 'summary';
  const legend = element('ul', 'legend');
  const details = element('details');
  main.append(header, choices, status, figure, legend, summary, details);
  document.body.append(main);

  let input: Record<string, unknown> = {};
  let current: Out | undefined;
  let choice: string | undefined;
  let bridge: HostBridge | undefined;
  const timeZone = () => bridge?.initialized?.hostContext.timeZone;

  const showMessage = (message: string, kind: 'empty' | 'error') => {
    current = undefined;
    status.textContent = message;
    status.dataset.kind = kind;
    status.hidden = false;
    figure.replaceChildren();
    legend.replaceChildren();
    summary.textContent = '';
    details.replaceChildren();
    choices.replaceChildren();
  };

  const markPressed = (group: HTMLElement, key: string, value: string) => {
    for (const node of group.querySelectorAll('button'))
      node.setAttribute('aria-pressed', String(node.dataset[key] === value));
  };

  const draw = () => {
    if (current === undefined) return;
    const width = Math.max(280, Math.floor(main.clientWidth));
    const drawing = spec.render(current, width, { choice, timeZone: timeZone() });
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

  /** The tool called again through the host; `pressed` marks the range button that asked. */
  const request = async (args: Record<string, unknown>, pressed?: string) => {
    if (!bridge) return;
    if (pressed !== undefined) markPressed(ranges, 'days', pressed);
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

  /** Choice buttons for what this result holds, and the action buttons for what is drawn. */
  const showControls = (out: Out) => {
    const options = spec.choices?.(out) ?? [];
    if (!options.some((option) => option.key === choice))
      choice = (options.find((option) => option.preferred) ?? options[0])?.key;
    choices.replaceChildren(
      ...(options.length > 1
        ? options.map((option) =>
            button(
              option.label,
              () => {
                choice = option.key;
                markPressed(choices, 'key', option.key);
                showControls(out);
                draw();
              },
              { key: option.key },
            ),
          )
        : []),
    );
    if (choice !== undefined) markPressed(choices, 'key', choice);
    if (spec.actions && bridge?.canCallTools) {
      const today = todayIn(timeZone() ?? 'UTC');
      ranges.replaceChildren(
        ...spec.actions(out, choice, today).map((action) => button(action.label, () => void request(action.args))),
      );
    }
  };

  const show = (result: CallToolResult) => {
    const out = result.structuredContent as Out | undefined;
    if (result.isError) {
      showMessage(textOf(result) || 'The tool failed without saying why.', 'error');
    } else if (out === undefined || spec.isEmpty(out)) {
      showMessage(textOf(result) || 'No data for this range.', 'empty');
    } else {
      current = out;
      showControls(out);
      draw();
    }
  };

  const requestRange = (days: number) => {
    if (!bridge) return;
    const end =
      (typeof input.end_date === 'string' ? input.end_date : undefined) ??
      (typeof input.end_datetime === 'string' ? input.end_datetime.slice(0, 10) : undefined) ??
      (current !== undefined ? spec.lastDay(current) : undefined) ??
      todayIn(timeZone() ?? 'UTC');
    const args = spec.rangeArgs?.(days, end) ?? { start_date: addDays(end, -(days - 1)), end_date: end };
    void request(args, String(days));
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
        ...(spec.ranges ?? []).map((days) =>
          button(spec.rangeLabel?.(days) ?? `${days} days`, () => requestRange(days), { days: String(days) }),
        ),
      );
    }
    // A result that came before the answer to initialize is drawn again with the host's zone and actions.
    if (current !== undefined) {
      showControls(current);
      draw();
    }
  });
}
