/** How numbers and text are written wherever a reader sees them: pages, charts, embeds, downloads. */

/** A number as the site shows it; a blank stays blank (never "0"). */
export const formatValue = (v: number | null | undefined, rate = false): string => {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (rate) return `${(v * 100).toFixed(1)}%`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
};

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text made safe for HTML and SVG markup, in element content and in double-quoted attributes. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ENTITIES[c]);

/** Text as a SQL string literal (DuckDB): quoted, a quote inside doubled. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
