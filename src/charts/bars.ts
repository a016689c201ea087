/**
 * Year charts as SVG strings: the same function draws the prerendered charts at build time (no JavaScript
 * needed to see them) and the charts the browser redraws from a URL or a query. Series differ by pattern and
 * marker as well as colour; a value that fails an identity carries a "!" and a hatch; a blank stays a gap.
 */
import { line, max, scaleBand, scaleLinear } from 'd3';
import { escapeHtml as esc, formatValue } from '../domain/format.js';

export interface Point {
  year: number;
  value: number | null;
  /** The number enters a failed accounting identity. */
  flagged?: boolean;
}

export interface Series {
  label: string;
  points: Point[];
}

export interface ChartSpec {
  series: Series[];
  type?: 'bar' | 'line';
  rate?: boolean;
  width?: number;
  height?: number;
  /** Accessible title of the SVG. */
  title: string;
}

export const PALETTE = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d'];
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '1 3', '10 4'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'];

const marker = (kind: string, x: number, y: number, color: string) => {
  const s = 4;
  switch (kind) {
    case 'square':
      return `<rect x="${x - s}" y="${y - s}" width="${2 * s}" height="${2 * s}" fill="${color}"/>`;
    case 'triangle':
      return `<path d="M${x},${y - s - 1}L${x + s + 1},${y + s}L${x - s - 1},${y + s}Z" fill="${color}"/>`;
    case 'diamond':
      return `<path d="M${x},${y - s - 1}L${x + s + 1},${y}L${x},${y + s + 1}L${x - s - 1},${y}Z" fill="${color}"/>`;
    case 'cross':
      return `<path d="M${x - s},${y - s}L${x + s},${y + s}M${x + s},${y - s}L${x - s},${y + s}" stroke="${color}" stroke-width="2.5"/>`;
    case 'star':
      return `<path d="M${x},${y - s - 1}L${x + 1.5},${y - 1.5}L${x + s + 1},${y}L${x + 1.5},${y + 1.5}L${x},${y + s + 1}L${x - 1.5},${y + 1.5}L${x - s - 1},${y}L${x - 1.5},${y - 1.5}Z" fill="${color}"/>`;
    default:
      return `<circle cx="${x}" cy="${y}" r="${s}" fill="${color}"/>`;
  }
};

export function chartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 300;
  const margin = { top: 16, right: 16, bottom: 40 + 18 * Math.ceil(spec.series.length / 3), left: 64 };
  const years = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const top = max(spec.series.flatMap((s) => s.points.map((p) => p.value ?? 0))) || 1;
  const x = scaleBand<number>().domain(years).range([margin.left, width - margin.right]).padding(0.2);
  const y = scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" style="max-width:100%;height:auto" role="img" aria-label="${esc(spec.title)}" font-family="system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" font-size="12">`,
    `<title>${esc(spec.title)}</title>`,
    `<defs>${PALETTE.map((c, i) => `<pattern id="p${i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(${i * 30})"><rect width="6" height="6" fill="${c}"/>${i ? `<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="${i % 3}"/>` : ''}</pattern>`).join('')}<pattern id="flag" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde68a"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b45309" stroke-width="2"/></pattern></defs>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  );
  for (const t of y.ticks(5)) {
    out.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${margin.left - 6}" y="${y(t) + 4}" text-anchor="end" fill="#374151">${esc(formatValue(t, spec.rate))}</text>`);
  }
  for (const yr of years) out.push(`<text x="${x(yr)! + x.bandwidth() / 2}" y="${height - margin.bottom + 16}" text-anchor="middle" fill="#111827">${yr}</text>`);
  out.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(0)}" y2="${y(0)}" stroke="#6b7280"/>`);

  const n = spec.series.length;
  if ((spec.type ?? 'bar') === 'bar') {
    const inner = scaleBand<number>().domain(spec.series.map((_, i) => i)).range([0, x.bandwidth()]).padding(0.08);
    spec.series.forEach((s, i) => {
      for (const p of s.points) {
        const bx = x(p.year)! + inner(i)!;
        if (p.value === null) {
          out.push(`<text x="${bx + inner.bandwidth() / 2}" y="${y(0) - 4}" text-anchor="middle" fill="#6b7280" font-size="10">–</text>`);
          continue;
        }
        const by = y(p.value);
        const fill = p.flagged ? 'url(#flag)' : n > 1 ? `url(#p${i % PALETTE.length})` : PALETTE[0];
        out.push(
          `<rect x="${bx}" y="${by}" width="${inner.bandwidth()}" height="${Math.max(0, y(0) - by)}" fill="${fill}"${p.flagged ? ' stroke="#b45309" stroke-width="1.5"' : ''} data-series="${i}" data-year="${p.year}" data-value="${p.value}"><title>${esc(`${s.label} ${p.year}: ${formatValue(p.value, spec.rate)}${p.flagged ? ' (!)' : ''}`)}</title></rect>`,
        );
        if (n <= 2 && inner.bandwidth() > 18)
          out.push(`<text x="${bx + inner.bandwidth() / 2}" y="${by - 4}" text-anchor="middle" fill="#111827" font-size="10">${esc(formatValue(p.value, spec.rate))}${p.flagged ? ' !' : ''}</text>`);
        else if (p.flagged) out.push(`<text x="${bx + inner.bandwidth() / 2}" y="${by - 4}" text-anchor="middle" fill="#b45309" font-weight="bold">!</text>`);
      }
    });
  } else {
    spec.series.forEach((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      const path = line<Point>()
        .defined((p) => p.value !== null)
        .x((p) => x(p.year)! + x.bandwidth() / 2)
        .y((p) => y(p.value ?? 0))(s.points);
      out.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`);
      for (const p of s.points) {
        if (p.value === null) continue;
        const cx = x(p.year)! + x.bandwidth() / 2;
        out.push(`<g data-series="${i}" data-year="${p.year}" data-value="${p.value}">${marker(MARKERS[i % MARKERS.length], cx, y(p.value), p.flagged ? '#b45309' : color)}<title>${esc(`${s.label} ${p.year}: ${formatValue(p.value, spec.rate)}${p.flagged ? ' (!)' : ''}`)}</title></g>`);
        if (p.flagged) out.push(`<text x="${cx + 6}" y="${y(p.value) - 6}" fill="#b45309" font-weight="bold">!</text>`);
      }
    });
  }
  // Legend: swatch with the same pattern or marker as the series, then its name.
  spec.series.forEach((s, i) => {
    const col = i % 3;
    const row = Math.floor(i / 3);
    const lx = margin.left + col * ((width - margin.left - margin.right) / 3);
    const ly = height - margin.bottom + 32 + row * 18;
    const swatch =
      (spec.type ?? 'bar') === 'bar'
        ? `<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="${n > 1 ? `url(#p${i % PALETTE.length})` : PALETTE[0]}"/>`
        : `<line x1="${lx - 2}" x2="${lx + 14}" y1="${ly - 3}" y2="${ly - 3}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2" stroke-dasharray="${DASHES[i % DASHES.length]}"/>${marker(MARKERS[i % MARKERS.length], lx + 6, ly - 3, PALETTE[i % PALETTE.length])}`;
    out.push(`<g class="legend">${swatch}<text x="${lx + 18}" y="${ly + 1}" fill="#111827">${esc(s.label)}</text></g>`);
  });
  out.push('</svg>');
  return out.join('');
}
