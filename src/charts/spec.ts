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

/** What is usual among a body's peers, year by year: a band from `lo` to `hi` with the median `mid`. */
export interface Band {
  label: string;
  points: { year: number; lo: number; mid: number; hi: number; n: number }[];
}

export interface ChartSpec {
  series: Series[];
  /** Drawn behind the series, so a reader sees whether a number is unusual. */
  band?: Band;
  type?: 'bar' | 'line';
  rate?: boolean;
  width?: number;
  height?: number;
  /** Accessible title of the SVG. */
  title: string;
}
