/** What the parser knows about one cell: its value, how it got it, and where it stands in the source. */
export type CellState =
  | 'read' // the number as written
  | 'blank' // the report shows no number (empty, "/", "-", "无")
  | 'split' // cut out of digits that ran together, the only cut the identities allow
  | 'inferred' // the row had fewer/more numbers than columns; placed (and, if needed, filled) by an identity
  | 'ambiguous' // several readings satisfy the identities; left null rather than chosen
  | 'missing' // the row is not in the report (excerpt cut off, table absent)
  | 'absent' // the report's table has no such column (e.g. no 其他 applicant column)
  | 'unparsed'; // the row is there but its numbers could not be read

export interface Cell {
  value: number | null;
  state: CellState;
  /** 1-based source line of the number, null when there is none. */
  line: number | null;
}
