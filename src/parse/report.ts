/**
 * One report file → one record of the contract (report-contract.md): decode, normalise, find the tables,
 * read their cells, check the identities, resolve the region. Never throws for bad input: whatever goes
 * wrong becomes a `failed` or `partial` status with the reason in `problems`: recorded as `messages` (a code and
 * its parameters, src/domain/messages.ts), `problems` being their English text as the contract has it.
 */
import { createHash } from 'node:crypto';
import { TEMPLATE_MARKERS, TEMPLATES, type TemplateId } from '../domain/template.js';
import type { Cell } from '../domain/cells.js';
import { checkDetailParts, msg, renderMessage, type Message } from '../domain/messages.js';
import { runChecks, type Check, type CellLookup } from '../domain/checks.js';
import { UndecodableError } from '../formats/decode.js';
import {
  readDocument,
  readDocumentAsync,
  sniffFormat,
  type Document,
  type SniffedFormat,
} from '../formats/document.js';
import { compact } from '../formats/normalize.js';
import { readMeta } from './meta.js';
import { readPageMeta } from './page-meta.js';
import { readTable, t3ColumnsPresent } from './read.js';
import { openingBody, resolveRegion } from './region.js';
import { findSections, type TableSpan } from './sections.js';
import { indexText, search, tokenize, type Token } from './tokens.js';

export const PARSER_VERSION = '1.2.0';

export type Status = 'ok' | 'partial' | 'failed';

export interface ParsedReport {
  file: string;
  sha256: string;
  status: Status;
  title: string | null;
  year: number | null;
  agency: string | null;
  region_code: string | null;
  template: TemplateId | null;
  cells: Record<string, number | null>;
  checks: Check[];
  problems: string[];
  /** The problems as codes with parameters, in the same order: what pages render in their language. */
  messages: Message[];
  format: SniffedFormat | null;
  published_on: string | null;
  signed_on: string | null;
  index_no: string | null;
  publisher: string | null;
  /** The body named in the signature (落款), as written. */
  signed_by: string | null;
  /** The division code as the report's names give it, before a former division is mapped to today's code. */
  region_code_as_written: string | null;
  // Extensions beyond the contract.
  region_name: string | null;
  encoding: string | null;
  bytes: number;
  tables: { t2: boolean; t3: boolean; t4: boolean };
  cell_states: Record<string, Cell['state']>;
  cell_lines: Record<string, number | null>;
  parser_version: string;
}

const MAX_BYTES = 20 * 1024 * 1024;

function detectTemplate(tokens: Token[], spans: (TableSpan | null)[]): TemplateId | null {
  const score = (t: TemplateId) =>
    spans.reduce((n, r) => {
      if (!r) return n;
      const index = indexText(tokens, r.from, r.to);
      return n + TEMPLATE_MARKERS[t].filter((re) => search(index, re)).length;
    }, 0);
  const s21 = score('2021');
  const s19 = score('2019');
  if (s21 === 0 && s19 === 0) return null;
  return s21 >= s19 ? '2021' : '2019';
}

/** Cells run together with no separator (crawler text): most numbers in the tables touch label text. */
function concatenated(tokens: Token[], spans: (TableSpan | null)[]): boolean {
  let glued = 0;
  let all = 0;
  for (const r of spans) {
    if (!r) continue;
    for (let i = r.from; i < r.to; i++) {
      if (tokens[i].kind !== 'num') continue;
      all++;
      if (tokens[i].glued) glued++;
    }
  }
  return all > 0 && glued / all > 0.5;
}

/**
 * Synchronous: text and HTML. A PDF gives `failed` here (its reader is asynchronous); use `parseReportAsync`,
 * or `parseDocument` over a document already read with `readDocumentAsync`.
 */
export function parseReport(file: string, bytes: Uint8Array): ParsedReport {
  return parseDocument(file, bytes, null);
}

/**
 * Any format, PDF included: the document is read asynchronously, the rest is `parseDocument`. `onDocument` sees
 * the document read (the build keeps a PDF's or Word file's rows for the site from it: formats/display.ts).
 */
export async function parseReportAsync(
  file: string,
  bytes: Uint8Array,
  onDocument?: (doc: Document) => void,
): Promise<ParsedReport> {
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_BYTES) return parseDocument(file, bytes, null);
  let doc: Document;
  try {
    doc = await readDocumentAsync(bytes);
  } catch (e) {
    return parseDocument(file, bytes, e instanceof Error ? e : new Error(String(e)));
  }
  onDocument?.(doc);
  return parseDocument(file, bytes, doc);
}

/**
 * Bytes and their document, already read (`doc`), or the error reading it gave, or null to read it here
 * synchronously (`readDocument`). Synchronous; never throws.
 */
export function parseDocument(file: string, bytes: Uint8Array, doc: Document | Error | null): ParsedReport {
  const base: ParsedReport = {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    status: 'failed',
    title: null,
    year: null,
    agency: null,
    region_code: null,
    template: null,
    cells: {},
    checks: [],
    problems: [],
    messages: [],
    format: null,
    published_on: null,
    signed_on: null,
    index_no: null,
    publisher: null,
    signed_by: null,
    region_code_as_written: null,
    region_name: null,
    encoding: null,
    bytes: bytes.byteLength,
    tables: { t2: false, t3: false, t4: false },
    cell_states: {},
    cell_lines: {},
    parser_version: PARSER_VERSION,
  };
  let r: ParsedReport;
  try {
    if (doc instanceof Error) throw doc;
    r = parseInto(base, bytes, doc);
  } catch (e) {
    const reason = e instanceof UndecodableError ? e.problem : msg('parser.error', { detail: (e as Error).message });
    r = {
      ...base,
      status: 'failed',
      format: base.format ?? sniffFormat(bytes, renderMessage(reason, 'contract')),
      messages: [...base.messages, reason],
    };
  }
  return withProblems(r);
}

/** The contract's `problems`: each message in the English the parser has always printed. */
export const withProblems = (r: ParsedReport): ParsedReport => ({
  ...r,
  problems: r.messages.map((m) => renderMessage(m, 'contract')),
});

function parseInto(r: ParsedReport, bytes: Uint8Array, doc: Document | null): ParsedReport {
  if (bytes.byteLength === 0) return { ...r, messages: [msg('file.empty')] };
  if (bytes.byteLength > MAX_BYTES)
    return { ...r, messages: [msg('file.too_large', { bytes: bytes.byteLength, max: MAX_BYTES })] };
  const { lines, encoding, format, notes, doubtful } = doc ?? readDocument(bytes);
  r.encoding = encoding;
  r.format = format;
  r.messages.push(...(notes ?? []));
  if (!lines.length) return { ...r, messages: [msg('file.no_text')] };

  Object.assign(r, readPageMeta(lines));
  const meta = readMeta(lines);
  r.title = meta.title;
  r.year = meta.year;
  r.agency = meta.agency;
  if (!meta.title) r.messages.push(msg('meta.no_title'));
  if (meta.yearSource === 'text') r.messages.push(msg('meta.year_from_text', { year: meta.year! }));
  if (!meta.year) r.messages.push(msg('meta.no_year'));

  const tokens = tokenize(lines);
  const sections = findSections(tokens);
  const spans = [sections.t2, sections.t3, sections.t4];
  const template = detectTemplate(tokens, spans);
  r.template = template;
  const concat = concatenated(tokens, spans);
  const tpl = TEMPLATES[template ?? '2021'];
  if (!template && spans.some(Boolean)) r.messages.push(msg('template.unknown'));

  let t3Columns;
  if (sections.t3) {
    const index = indexText(tokens, sections.t3.from, sections.t3.to);
    const first = search(index, tpl.t3.rows[0].anchors[0]);
    // Only a header that runs up to the first row is complete enough to say a column is not there.
    t3Columns = first ? t3ColumnsPresent(index.text.slice(0, first.start)) : undefined;
    if (t3Columns && t3Columns.length < tpl.t3.columns!.length)
      r.messages.push(
        msg('table.missing_columns', {
          columns: tpl.t3.columns!.filter((c) => !t3Columns!.includes(c)).map((c) => c.key),
        }),
      );
  }
  const reads = {
    t2: readTable(tokens, sections.t2, tpl.t2, { template: template ?? '2021', concat }),
    t3: readTable(tokens, sections.t3, tpl.t3, { template: template ?? '2021', concat, columns: t3Columns }),
    t4: readTable(tokens, sections.t4, tpl.t4, { template: template ?? '2021', concat }),
  };
  // The tables' cells stay in their own maps, not copied into one for the checks: a key names its table (`t3.…`).
  const byTable = new Map<string, ReadonlyMap<string, Cell>>();
  for (const [id, read] of Object.entries(reads) as [keyof typeof reads, (typeof reads)['t2']][]) {
    r.tables[id] = read.found;
    if (!read.found) {
      r.messages.push(msg('table.not_found', { table: id }));
      continue;
    }
    byTable.set(id, read.cells);
    r.messages.push(...read.problems);
  }
  const cells: CellLookup = { get: (key) => byTable.get(key.slice(0, key.indexOf('.')))?.get(key) };
  if (concat) r.messages.push(msg('table.concatenated'));
  // On a scan every number was read by OCR: marked so, whichever way the parser then placed it.
  const ocr = format === 'pdf-scan';
  if (ocr) r.messages.push(msg('table.ocr'));
  let unsettled = false;
  for (const table of byTable.values())
    for (const [k, c] of table) {
      r.cells[k] = c.value;
      r.cell_states[k] = ocr && c.value !== null ? 'ocr' : c.state;
      r.cell_lines[k] = c.line;
      if (c.state === 'missing' || c.state === 'ambiguous' || c.state === 'unparsed') unsettled = true;
    }

  {
    // Table 四's identities are the same in both templates; the others only run where their cells exist.
    const outcome = runChecks(template ?? '2021', cells);
    r.checks = outcome.checks;
    if (outcome.untestable.length) r.messages.push(msg('checks.untestable', { items: outcome.untestable }));
    for (const c of outcome.checks.filter((c) => !c.ok))
      r.messages.push(msg('checks.fails', { identity: c.id, ...checkDetailParts(c.detail) }));
  }

  const body = compact(
    lines
      .slice(0, 200)
      .map((l) => l.cells.join(' '))
      .join('\n'),
  );
  const region = resolveRegion({
    agency: r.agency,
    signedBy: r.signed_by,
    publisher: r.publisher,
    opening: openingBody(body),
    body,
  });
  r.region_code = region.code;
  r.region_code_as_written = region.asWritten ?? region.code;
  r.region_name = region.name;
  if (region.problem) r.messages.push(region.problem);

  const anyTable = r.tables.t2 || r.tables.t3 || r.tables.t4;
  const allTables = r.tables.t2 && r.tables.t3 && r.tables.t4;
  r.status = !anyTable
    ? 'failed'
    : allTables && !unsettled && !doubtful && r.checks.every((c) => c.ok)
      ? 'ok'
      : 'partial';
  if (!anyTable) r.messages.push(msg('tables.none'));
  return r;
}
