/**
 * A year chart as plain data: positions, ticks and path strings from d3 scales and shapes, no markup. The SVG
 * printer (svg.ts) only writes this out, so the geometry can be tested without parsing markup, and the build
 * and the browser, which both draw from it, cannot drift apart.
 */
import {
  area,
  line,
  max,
  min,
  range,
  scaleBand,
  scaleLinear,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
} from 'd3';
import { formatValue } from '../domain/format.js';
import { isThin, rateBasis, rateInterval } from '../domain/interval.js';
import type { ChartSpec, Point } from './spec.js';

export interface Tick {
  pos: number;
  label: string;
}

export interface Bar {
  series: number;
  year: number;
  value: number;
  flagged: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  /** Set when the bars are wide enough to carry their number. */
  label?: string;
  /** A rate's 95% interval, as two y positions (top, bottom). */
  whisker?: { top: number; bottom: number };
  /** A rate of fewer than MIN_RATE_N cases: drawn greyed. */
  thin?: boolean;
}

/** A blank drawn as a mark on the baseline, so a missing number never reads as a zero bar. */
export interface Gap {
  series: number;
  year: number;
  x: number;
  y: number;
}

export interface Marker {
  series: number;
  year: number;
  value: number;
  flagged: boolean;
  x: number;
  y: number;
  title: string;
  whisker?: { top: number; bottom: number };
  thin?: boolean;
  /** A series of one year has no line to show: the marker carries its number instead. */
  label?: string;
}

export interface LegendEntry {
  series: number;
  /** Shortened with "…" where the full label would run into the next entry or off the chart. */
  label: string;
  full: string;
  /** Top-left corner of the swatch. */
  x: number;
  y: number;
  size: number;
  /** The peers' band, not a series. */
  band?: boolean;
}

export interface ChartLayout {
  title: string;
  width: number;
  height: number;
  type: 'bar' | 'line';
  /** Several series: bars differ by pattern, so the chart survives greyscale printing and colour blindness. */
  patterned: boolean;
  plot: { left: number; right: number; top: number; bottom: number };
  /** Where value 0 lies; bars grow from it. */
  baseline: number;
  yTicks: Tick[];
  xTicks: Tick[];
  bars: Bar[];
  gaps: Gap[];
  /** One path per series; a blank breaks it into separate segments rather than bridging the missing year. */
  lines: { series: number; d: string }[];
  /** Where a series' definition changes (between two years): a dashed rule, labelled, across the plot. */
  breaks: { x: number; year: number }[];
  markers: Marker[];
  /** Marker shape per series, centred on 0,0, shared by its points and its legend swatch. */
  symbols: string[];
  /** The peers' band: an area from the lower to the upper quartile and the median as a line. */
  band?: { area: string; median: string; title: string };
  legend: LegendEntry[];
}

// Shape as well as colour tells line series apart.
const SYMBOLS = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolCross, symbolStar];
const LEGEND_ROW = 20;
const SWATCH = 12;
/**
 * Text is drawn at these sizes in user units, and a chart is drawn at the width it is shown at, so they are
 * CSS pixels on screen too: 12 (11 for numbers on bars) stays legible on a 360 px phone.
 */
export const FONT_SIZE = 12;
export const LABEL_FONT_SIZE = 11;
/** The width charts are prerendered at: a phone's, so the page reads without JavaScript; the browser redraws wider. */
export const PRERENDER_WIDTH = 320;
const MIN_WIDTH = 240;

/**
 * Roughly how wide a label is drawn, without a DOM (the build has none): CJK and full-width characters are an
 * em, digits and Latin letters about 0.6 em. Generous on purpose: a label must not run into its neighbour.
 */
export function textWidth(s: string, size = FONT_SIZE): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x2e80 ? size : /[\s,.:;'’()]/.test(ch) ? size * 0.35 : size * 0.62;
  }
  return w;
}

/** The longest start of `s` that fits in `room`, with "…" when cut. */
function fit(s: string, room: number, size = FONT_SIZE): string {
  if (textWidth(s, size) <= room) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(out + ch + '…', size) > room) break;
    out += ch;
  }
  return out + '…';
}

/** Two decimals keep the markup short and identical on every machine. */
const round = (v: number) => Math.round(v * 100) / 100;

const tooltip = (label: string, p: Point, rate?: boolean) => {
  const basis = rate ? rateBasis(p.value, p.n) : null;
  return `${label} ${p.year}: ${formatValue(p.value, rate)}${basis?.zh ? ` (${basis.zh} · ${basis.en})` : ''}${p.flagged ? ' (!)' : ''}`;
};

export function layoutChart(spec: ChartSpec): ChartLayout {
  const width = Math.max(MIN_WIDTH, Math.round(spec.width ?? 640));
  const type = spec.type ?? 'bar';
  const n = spec.series.length;

  // The legend flows in as many equal columns as its longest label allows at this width.
  const legendLeft = 8;
  const legendRoom = width - 2 * legendLeft;
  const entryWidth = (label: string) => SWATCH + 6 + textWidth(label) + 14;
  const legendLabels = [...spec.series.map((s) => s.label), ...(spec.band ? [spec.band.label] : [])];
  const widest = Math.max(0, ...legendLabels.map(entryWidth));
  const columns = Math.max(1, Math.min(legendLabels.length, Math.floor(legendRoom / Math.max(widest, 1))));
  const column = legendRoom / columns;
  const legendRows = Math.ceil(legendLabels.length / columns);
  // A chart grows by its legend rows rather than squeezing its plot.
  const height = spec.height ?? 280 + LEGEND_ROW * legendRows;

  const years = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  // A rate's interval must fit on the scale as well as the rate.
  const intervalOf = (p: Point) => (spec.rate ? rateInterval(p.value, p.n) : null);
  const values = [
    ...spec.series.flatMap((s) => s.points.flatMap((p) => [p.value ?? 0, intervalOf(p)?.hi ?? 0])),
    ...(spec.band?.points.filter((p) => years.includes(p.year)).map((p) => p.hi) ?? []),
  ];
  const bottom = height - 40 - LEGEND_ROW * legendRows;
  // Bars start at zero, so zero stays in the domain; a chart of zeros or of nothing still gets a usable scale.
  const y = scaleLinear()
    .domain([Math.min(0, min(values) ?? 0), Math.max(0, max(values) ?? 0) || 1])
    .nice()
    .range([bottom, 16]);
  const yTicks = y.ticks(width < 400 ? 4 : 5).map((t) => ({ pos: round(y(t)), label: formatValue(t, spec.rate) }));
  // The left margin is as wide as the widest tick label, not a fixed share of a desktop chart.
  const left = Math.ceil(Math.max(24, ...yTicks.map((t) => textWidth(t.label))) + 12);
  const plot = { left, right: width - 12, top: 16, bottom };
  const x = scaleBand<number>().domain(years).range([plot.left, plot.right]).padding(0.2);
  const centre = (year: number) => x(year)! + x.bandwidth() / 2;
  const baseline = round(y(0));
  const honesty = (p: Point) => {
    const ci = intervalOf(p);
    return {
      ...(ci && { whisker: { top: round(y(ci.hi)), bottom: round(y(ci.lo)) } }),
      ...(spec.rate && isThin(p.n) && { thin: true }),
    };
  };

  const bars: Bar[] = [];
  const gaps: Gap[] = [];
  const markers: Marker[] = [];
  const lines: ChartLayout['lines'] = [];

  if (type === 'bar') {
    const inner = scaleBand<number>().domain(range(n)).range([0, x.bandwidth()]).padding(0.08);
    // Numbers ride on the bars only where each fits over its own bar, at a legible size.
    const widestLabel = Math.max(
      0,
      ...spec.series.flatMap((s) => s.points.map((p) => textWidth(formatValue(p.value, spec.rate), LABEL_FONT_SIZE))),
    );
    const labelled = n <= 2 && widestLabel <= inner.step() - 2;
    spec.series.forEach((s, i) => {
      for (const p of s.points) {
        const left = x(p.year)! + inner(i)!;
        if (p.value === null) {
          gaps.push({ series: i, year: p.year, x: round(left + inner.bandwidth() / 2), y: baseline });
          continue;
        }
        const top = round(y(p.value));
        bars.push({
          series: i,
          year: p.year,
          value: p.value,
          flagged: !!p.flagged,
          x: round(left),
          y: Math.min(top, baseline),
          width: round(inner.bandwidth()),
          height: round(Math.abs(baseline - top)),
          title: tooltip(s.label, p, spec.rate),
          ...(labelled && { label: formatValue(p.value, spec.rate) }),
          ...honesty(p),
        });
      }
    });
  } else {
    const path = line<Point>()
      .defined((p) => p.value !== null)
      .x((p) => centre(p.year))
      .y((p) => y(p.value ?? 0))
      .digits(2);
    spec.series.forEach((s, i) => {
      const points = [...s.points].sort((a, b) => a.year - b.year);
      // Unlike numbers on either side of a definition change are two segments, not one line.
      const cut = s.breakBefore;
      const parts = cut ? [points.filter((p) => p.year < cut), points.filter((p) => p.year >= cut)] : [points];
      lines.push({ series: i, d: parts.map((ps) => path(ps) ?? '').join('') });
      const lone = points.filter((p) => p.value !== null).length === 1;
      for (const p of points) {
        if (p.value === null) continue;
        markers.push({
          series: i,
          year: p.year,
          value: p.value,
          flagged: !!p.flagged,
          x: round(centre(p.year)),
          y: round(y(p.value)),
          title: tooltip(s.label, p, spec.rate),
          ...honesty(p),
          ...(lone && { label: `${s.label} ${formatValue(p.value, spec.rate)}` }),
        });
      }
    });
  }

  const bandPoints = (spec.band?.points ?? []).filter((p) => years.includes(p.year)).sort((a, b) => a.year - b.year);
  const band = bandPoints.length
    ? {
        area:
          area<(typeof bandPoints)[number]>()
            .x((p) => centre(p.year))
            .y0((p) => y(p.lo))
            .y1((p) => y(p.hi))
            .digits(2)(bandPoints) ?? '',
        median:
          line<(typeof bandPoints)[number]>()
            .x((p) => centre(p.year))
            .y((p) => y(p.mid))
            .digits(2)(bandPoints) ?? '',
        title: `${spec.band!.label}: ${bandPoints.map((p) => `${p.year} ${formatValue(p.mid, spec.rate)} (${formatValue(p.lo, spec.rate)}–${formatValue(p.hi, spec.rate)}, n=${p.n})`).join('; ')}`,
      }
    : undefined;

  // Year labels thin out (every 2nd, 3rd…, the latest year always kept) where they would touch.
  const every = Math.max(1, Math.ceil((textWidth('2024') + 6) / Math.max(x.step(), 1)));
  const breaks = [...new Set(spec.series.map((s) => s.breakBefore).filter((b): b is number => !!b))]
    .filter((b) => years.includes(b) && years.some((y) => y < b))
    .map((year) => ({ year, x: round(x(year)! - (x.step() * x.paddingInner()) / 2) }));

  return {
    title: spec.title,
    width,
    height,
    type,
    patterned: n > 1,
    plot,
    baseline,
    yTicks,
    xTicks: years
      .filter((_, i) => (years.length - 1 - i) % every === 0)
      .map((year) => ({ pos: round(centre(year)), label: String(year) })),
    bars,
    gaps,
    lines,
    breaks,
    markers,
    symbols: spec.series.map((_, i) => symbol(SYMBOLS[i % SYMBOLS.length], 64).digits(2)() ?? ''),
    ...(band && { band }),
    legend: legendLabels.map((label, i) => ({
      series: i,
      label: fit(label, column - SWATCH - 6 - 8),
      full: label,
      x: round(legendLeft + (i % columns) * column),
      y: plot.bottom + 26 + Math.floor(i / columns) * LEGEND_ROW,
      size: SWATCH,
      ...(i >= n && { band: true }),
    })),
  };
}
