/**
 * What a year chart shows, independent of how it is drawn: the build prerenders from it and the browser redraws
 * from it, so both draw the same chart.
 */

export interface Point {
  year: number;
  value: number | null;
  /** The number enters a failed accounting identity. */
  flagged?: boolean;
  /** A rate's denominator: the chart draws its 95% interval and greys it below MIN_RATE_N. */
  n?: number;
}

export interface Series {
  label: string;
  points: Point[];
  /** The definition changed from this year: the line is not joined across, and the chart marks the break. */
  breakBefore?: number;
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
