/**
 * Report text → lines of cells. A tab or a pipe separates cells (Word exports, Markdown and mirror-site
 * tables); a line without either is one cell that tokens.ts splits on spaces (PDF text, crawler text).
 */
export interface Line {
  cells: string[];
  /** 1-based line in the source file, for provenance. */
  line: number;
  /** The cells were separated by the source (tab, pipe, HTML cell), not guessed from spaces. */
  delimited: boolean;
  /** An empty cell at the end of the row is a real blank (HTML tables), not export residue. */
  blanksReliable: boolean;
  /** The line is one empty cell written as such. */
  emptyCell?: boolean;
}

// Page footers that PDF text puts in the middle of tables: "-3-", "— 4 —", "第 3 页", "P. 9", "Page 9 - …".
const FOOTER =
  /^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|P\.\s*\d{1,3}|Page\s+\d{1,3})\s*$/i;
// A flipbook page header "Page 9 - <title>": the page number goes, the title stays.
const PAGE_PREFIX = /^\s*Page\s+\d{1,3}\s*-\s*/i;

export const isFooter = (line: string): boolean => FOOTER.test(line);

export function textToLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split(/\r\n|\r|\n/);
  raw.forEach((original, i) => {
    if (!original.trim() || isFooter(original)) return;
    const s = original.replace(PAGE_PREFIX, '');
    const line = i + 1;
    // A lone pipe on its own line is an empty cell in one-cell-per-line exports ("0 |" is a full one).
    if (s.trim() === '|') {
      out.push({ cells: [''], line, delimited: true, blanksReliable: false, emptyCell: true });
      return;
    }
    if (s.includes('\t')) out.push({ cells: s.split('\t'), line, delimited: true, blanksReliable: false });
    else if (s.includes('|')) {
      const inner = s.trim().replace(/^\|/, '').replace(/\|$/, '');
      const cells = inner.split('|');
      if (cells.some((c) => c.trim())) out.push({ cells, line, delimited: true, blanksReliable: false });
    } else out.push({ cells: [s], line, delimited: false, blanksReliable: false });
  });
  return out;
}
