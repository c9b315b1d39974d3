/**
 * The chart helper: SVG elements and linear scales, nothing more. Plain SVG rather than a chart
 * library keeps each view a few KB (uPlot alone is ~50 KB and draws on a canvas, which a screen
 * reader cannot read); every mark is a DOM node with a `<title>` and data attributes, so the charts
 * are readable and testable.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

type Attributes = Record<string, string | number>;

/** An SVG element with attributes (no `style`: the CSP allows no inline styles) and children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  children: ReadonlyArray<Node | null> = [],
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) if (child) element.append(child);
  return element;
}

/** A `<title>`: the tooltip of a mark, read aloud by screen readers. */
export function title(text: string): SVGTitleElement {
  const element = svg('title');
  element.textContent = text;
  return element;
}

export function text(content: string, attributes: Attributes): SVGTextElement {
  const element = svg('text', attributes);
  element.textContent = content;
  return element;
}

/** Maps `[d0, d1]` linearly onto `[r0, r1]`. */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** The smallest multiple of `step` at or above `value` (at least one step). */
export function ceilTo(value: number, step: number): number {
  return Math.max(step, Math.ceil(value / step) * step);
}

/** Plot area inside the margins. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function frame(width: number, height: number, margin = { left: 40, right: 36, top: 24, bottom: 28 }): Frame {
  return {
    width,
    height,
    left: margin.left,
    right: width - margin.right,
    top: margin.top,
    bottom: height - margin.bottom,
  };
}

/** The `<svg>` root: scales to its container, labelled for assistive technology. */
export function chartRoot(area: Frame, label: string, children: ReadonlyArray<Node | null>): SVGSVGElement {
  return svg(
    'svg',
    {
      viewBox: `0 0 ${area.width} ${area.height}`,
      width: area.width,
      height: area.height,
      role: 'img',
      'aria-label': label,
    },
    children,
  );
}

/**
 * Horizontal grid lines with labels on the left (or right) axis, and the axis unit as a caption.
 * `format` turns a tick value into its label.
 */
export function yAxis(
  area: Frame,
  scale: (value: number) => number,
  ticks: readonly number[],
  options: { side: 'left' | 'right'; unit: string; format: (value: number) => string; grid: boolean },
): SVGGElement {
  const x = options.side === 'left' ? area.left - 6 : area.right + 6;
  const anchor = options.side === 'left' ? 'end' : 'start';
  const children: SVGElement[] = ticks.flatMap((tick) => [
    ...(options.grid
      ? [svg('line', { x1: area.left, x2: area.right, y1: scale(tick), y2: scale(tick), class: 'grid' })]
      : []),
    text(options.format(tick), { x, y: scale(tick) + 4, 'text-anchor': anchor, class: 'tick' }),
  ]);
  children.push(
    text(options.unit, {
      x: options.side === 'left' ? 2 : area.width - 2,
      y: 10,
      'text-anchor': options.side === 'left' ? 'start' : 'end',
      class: 'unit',
    }),
  );
  return svg('g', { class: `axis axis-${options.side}`, 'aria-hidden': 'true' }, children);
}

/** Every `every`-th label under the x axis, so narrow screens do not overprint. */
export function xLabels(
  area: Frame,
  labels: ReadonlyArray<{ x: number; label: string }>,
  minSpacing = 44,
): SVGGElement {
  const spacing = labels.length > 1 ? Math.abs(labels[1]!.x - labels[0]!.x) : minSpacing;
  const every = Math.max(1, Math.ceil(minSpacing / Math.max(spacing, 1)));
  const children = labels
    .filter((_, index) => (labels.length - 1 - index) % every === 0)
    .map(({ x, label }) => text(label, { x, y: area.bottom + 16, 'text-anchor': 'middle', class: 'tick' }));
  return svg('g', { class: 'axis axis-x', 'aria-hidden': 'true' }, children);
}
