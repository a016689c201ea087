/**
 * Year charts as SVG markup. A string rather than DOM nodes, because the build prerenders charts (readable
 * without JavaScript) where there is no DOM, and the browser redraws the same markup from a URL or a query.
 * Geometry comes from layout.ts; this module only adds the look: colours, patterns, glyphs and text nudges.
 */
import { FONT_STACK } from '../domain/fonts.js';
import { escapeHtml as esc } from '../domain/format.js';
import { FONT_SIZE, LABEL_FONT_SIZE, layoutChart, type ChartLayout } from './layout.js';
import type { ChartSpec } from './spec.js';

const PALETTE = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d'];
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '1 3', '10 4'];
const FLAG = '#b45309';
/** The peers' band sits behind everything, quiet; its median is a dashed line over the bars. */
const BAND = '#e7e5e4';
const BAND_MEDIAN = '#57534e';
/** A rate of too few cases: drawn, but in grey, so it does not read as a finding. */
const THIN = '#d1d5db';
/** The site's own font (its @font-face rules come with the page, and with an exported SVG: chart-tools.ts). */
const FONT = FONT_STACK;

const pattern = (id: string, angle: number, fill: string, stripe?: { color: string; width: number }) =>
  `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><rect width="6" height="6" fill="${fill}"/>${stripe ? `<line x1="0" y1="0" x2="0" y2="6" stroke="${stripe.color}" stroke-width="${stripe.width}"/>` : ''}</pattern>`;
// Stripes of differing angle and width tell bar series apart without relying on colour.
const PATTERNS = new Map([
  ...PALETTE.map((c, i): [string, string] => [
    `p${i}`,
    pattern(`p${i}`, i * 30, c, i ? { color: '#fff', width: i % 3 } : undefined),
  ]),
  ['flag', pattern('flag', 45, '#fde68a', { color: FLAG, width: 2 })],
]);
/**
 * The patterns a chart's marks refer to, and only those: a line chart needs none. Each SVG still carries its own,
 * so an exported or embedded chart stands alone; a region page with six charts no longer repeats all nine in each.
 */
const defsFor = (marks: string) => {
  const used = [...new Set(Array.from(marks.matchAll(/url\(#(\w+)\)/g), (m) => m[1]))].sort();
  return used.length ? `<defs>${used.map((id) => PATTERNS.get(id)).join('')}</defs>` : '';
};

/** Text nudges are added to rounded layout numbers; rounding again keeps float noise out of the markup. */
const num = (v: number) => Math.round(v * 100) / 100;
const color = (series: number) => PALETTE[series % PALETTE.length];
const dash = (series: number) => {
  const d = DASHES[series % DASHES.length];
  return d ? ` stroke-dasharray="${d}"` : '';
};
const barFill = (l: ChartLayout, series: number) => (l.patterned ? `url(#p${series % PALETTE.length})` : PALETTE[0]);
const marker = (d: string, x: number, y: number, fill: string) =>
  `<path transform="translate(${num(x)},${num(y)})" d="${d}" fill="${fill}"/>`;
const text = (x: number, y: number, attrs: string, content: string) =>
  `<text x="${num(x)}" y="${num(y)}"${attrs}>${esc(content)}</text>`;
const flagMark = (x: number, y: number, attrs = '') => text(x, y, `${attrs} fill="${FLAG}" font-weight="bold"`, '!');
/** A rate's 95% interval: a thin vertical rule with caps. */
const whisker = (x: number, w: { top: number; bottom: number }) =>
  `<path class="interval" d="M${num(x - 4)},${w.top}H${num(x + 4)}M${num(x)},${w.top}V${w.bottom}M${num(x - 4)},${w.bottom}H${num(x + 4)}" stroke="#111827" stroke-width="1" fill="none"/>`;

function axes(l: ChartLayout): string[] {
  const { left, right, bottom } = l.plot;
  return [
    ...l.yTicks.flatMap((t) => [
      `<line x1="${left}" x2="${right}" y1="${t.pos}" y2="${t.pos}" stroke="#e5e7eb"/>`,
      text(left - 6, t.pos + 4, ' text-anchor="end" fill="#374151"', t.label),
    ]),
    ...l.xTicks.map((t) => text(t.pos, bottom + 16, ' text-anchor="middle" fill="#111827"', t.label)),
    `<line x1="${left}" x2="${right}" y1="${l.baseline}" y2="${l.baseline}" stroke="#6b7280"/>`,
  ];
}

function bars(l: ChartLayout): string[] {
  return [
    ...l.bars.flatMap((b) => {
      const mid = b.x + b.width / 2;
      const fill = b.flagged ? 'url(#flag)' : b.thin ? THIN : barFill(l, b.series);
      const rect = `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="${fill}"${b.flagged ? ` stroke="${FLAG}" stroke-width="1.5"` : ''}${b.thin ? ' class="thin"' : ''} data-series="${b.series}" data-year="${b.year}" data-value="${b.value}"><title>${esc(b.title)}</title></rect>`;
      const drawn = b.whisker ? [rect, whisker(mid, b.whisker)] : [rect];
      const top = Math.min(b.y, b.whisker?.top ?? b.y);
      if (b.label !== undefined)
        return [
          ...drawn,
          text(
            mid,
            top - 4,
            ` text-anchor="middle" fill="${b.thin ? '#6b7280' : '#111827'}" font-size="${LABEL_FONT_SIZE}"`,
            b.label + (b.flagged ? ' !' : ''),
          ),
        ];
      return b.flagged ? [...drawn, flagMark(mid, top - 4, ' text-anchor="middle"')] : drawn;
    }),
    ...l.gaps.map((g) =>
      text(g.x, g.y - 4, ` text-anchor="middle" fill="#57534e" font-size="${LABEL_FONT_SIZE}"`, '–'),
    ),
  ];
}

function lines(l: ChartLayout): string[] {
  return [
    ...l.lines.map(
      (s) => `<path d="${s.d}" fill="none" stroke="${color(s.series)}" stroke-width="2"${dash(s.series)}/>`,
    ),
    ...l.markers.flatMap((m) => {
      const fill = m.flagged ? FLAG : m.thin ? '#9ca3af' : color(m.series);
      const g = `<g data-series="${m.series}" data-year="${m.year}" data-value="${m.value}"${m.thin ? ' class="thin"' : ''}>${m.whisker ? whisker(m.x, m.whisker) : ''}${marker(l.symbols[m.series], m.x, m.y, fill)}<title>${esc(m.title)}</title></g>`;
      // The label runs towards the middle of the plot so it never leaves the chart.
      const right = m.x > (l.plot.left + l.plot.right) / 2;
      const label = m.label
        ? [
            text(
              right ? m.x - 8 : m.x + 8,
              m.y - 8,
              `${right ? ' text-anchor="end"' : ''} fill="#111827" class="value-label"`,
              m.label,
            ),
          ]
        : [];
      return m.flagged ? [g, flagMark(m.x + 6, m.y - 6), ...label] : [g, ...label];
    }),
  ];
}

/** A definition change between two years: a dashed rule with a short label, so no one reads across it. */
function breaks(l: ChartLayout): string[] {
  return l.breaks.map(
    (b) =>
      `<g class="break" data-break="${b.year}"><line x1="${b.x}" x2="${b.x}" y1="${l.plot.top}" y2="${l.plot.bottom}" stroke="#6b7280" stroke-dasharray="4 3"/>${text(b.x + 3, l.plot.top + 10, ` fill="#374151" font-size="${LABEL_FONT_SIZE}"`, '口径变化')}<title>${b.year} 年起统计口径变化（2021 年新模板），前后数字不可直接比较 · definition changed from ${b.year} (2021 template): do not compare across</title></g>`,
  );
}

function legend(l: ChartLayout): string[] {
  return l.legend.map((e) => {
    const mid = e.y + e.size / 2;
    const swatch = e.band
      ? `<rect x="${e.x}" y="${e.y}" width="${e.size}" height="${e.size}" fill="${BAND}"/><line x1="${e.x}" x2="${num(e.x + e.size)}" y1="${num(mid)}" y2="${num(mid)}" stroke="${BAND_MEDIAN}" stroke-dasharray="3 2"/>`
      : l.type === 'bar'
        ? `<rect x="${e.x}" y="${e.y}" width="${e.size}" height="${e.size}" fill="${barFill(l, e.series)}"/>`
        : `<line x1="${num(e.x - 2)}" x2="${num(e.x + e.size + 2)}" y1="${num(mid)}" y2="${num(mid)}" stroke="${color(e.series)}" stroke-width="2"${dash(e.series)}/>${marker(l.symbols[e.series], e.x + e.size / 2, mid, color(e.series))}`;
    const full = e.label === e.full ? '' : `<title>${esc(e.full)}</title>`;
    return `<g class="legend">${swatch}${text(e.x + e.size + 6, e.y + e.size - 1, ' fill="#111827"', e.label)}${full}</g>`;
  });
}

export function renderSvg(l: ChartLayout): string {
  const title = esc(l.title);
  const marks = [
    `<rect width="${l.width}" height="${l.height}" fill="#fff"/>`,
    ...axes(l),
    ...(l.band
      ? [`<path class="peer-band" d="${l.band.area}" fill="${BAND}"><title>${esc(l.band.title)}</title></path>`]
      : []),
    ...(l.type === 'bar' ? bars(l) : lines(l)),
    ...(l.band
      ? [
          `<path class="peer-median" d="${l.band.median}" fill="none" stroke="${BAND_MEDIAN}" stroke-width="1.5" stroke-dasharray="3 2"/>`,
        ]
      : []),
    ...breaks(l),
    ...legend(l),
  ].join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${l.width} ${l.height}" width="${l.width}" height="${l.height}" style="max-width:100%;height:auto" role="img" aria-label="${title}" font-family="${FONT}" font-size="${FONT_SIZE}">` +
    `<title>${title}</title>${defsFor(marks)}${marks}</svg>`
  );
}

/** The one entry point for pages and the browser: a chart description in, SVG markup out. */
export const chartSvg = (spec: ChartSpec): string => renderSvg(layoutChart(spec));
